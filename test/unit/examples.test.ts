// The bundled examples/ folder, linted by the built CLI as a user would run it (`smtp-lint --format json examples`).
// The table below says, for every example file, which findings a user should get and on which line. It was written
// from the configs and the rules' documented behaviour, not copied from the output. Lines are located by a snippet
// of the line's text, so editing an example elsewhere does not shift the table.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { RuleId } from '../../server/src/engine/model';
import { RULES } from '../../server/src/engine/rules';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'smtp-lint.js');
const EXAMPLES = join(ROOT, 'examples');

interface Expected {
  file: string;
  /** Text that occurs on exactly one line of the file: the line the finding starts on. */
  at: string;
  rule: RuleId;
}

const EXPECTED: Expected[] = [
  // WP Mail SMTP constants sending to SendGrid on port 25, encryption '' with AutoTLS (opportunistic), key in the file.
  { file: 'wordpress-site/wp-config.php', at: "'WPMS_SMTP_PORT', 25", rule: 'port-25' },
  { file: 'wordpress-site/wp-config.php', at: "'WPMS_SSL', ''", rule: 'tls-not-enforced' },
  { file: 'wordpress-site/wp-config.php', at: "'WPMS_SMTP_PASS'", rule: 'plaintext-password' },
  // phpmailer_init: 'tls' (STARTTLS in PHPMailer) on 465, literal password, three certificate-check kill switches.
  { file: 'wordpress-site/wp-content/mu-plugins/smtp.php', at: "SMTPSecure = 'tls'", rule: 'tls-port-mismatch' },
  { file: 'wordpress-site/wp-content/mu-plugins/smtp.php', at: '->Password', rule: 'plaintext-password' },
  { file: 'wordpress-site/wp-content/mu-plugins/smtp.php', at: "'verify_peer'  ", rule: 'tls-verify-disabled' },
  { file: 'wordpress-site/wp-content/mu-plugins/smtp.php', at: "'verify_peer_name'", rule: 'tls-verify-disabled' },
  { file: 'wordpress-site/wp-content/mu-plugins/smtp.php', at: "'allow_self_signed'", rule: 'tls-verify-disabled' },
  // Plain PHPMailer contact form: 'ssl' (implicit TLS) on 587 is the "wrong version number" case.
  { file: 'php-app/public/contact.php', at: "SMTPSecure = 'ssl'", rule: 'tls-port-mismatch' },
  { file: 'php-app/public/contact.php', at: '->Password', rule: 'plaintext-password' },
  // Laravel 11: Mailgun on 25; MAIL_ENCRYPTION=null leaves Symfony Mailer's opportunistic STARTTLS. .env holds secrets.
  { file: 'laravel-app/.env', at: 'MAIL_PORT=25', rule: 'port-25' },
  { file: 'laravel-app/.env', at: 'MAIL_ENCRYPTION=null', rule: 'tls-not-enforced' },
  // The committed template is no secret store: the real-looking password pasted into it is a leak.
  { file: 'laravel-app/.env.example', at: 'MAIL_PASSWORD=', rule: 'plaintext-password' },
  // Symfony: smtps:// (implicit TLS) on 587, and verify_peer=0, both on the one DSN line.
  { file: 'symfony-app/.env', at: 'MAILER_DSN=smtps://', rule: 'tls-port-mismatch' },
  { file: 'symfony-app/.env', at: 'MAILER_DSN=smtps://', rule: 'tls-verify-disabled' },
  // Symfony commits .env (Flex markers); a real password belongs in .env.local.
  { file: 'symfony-app/.env', at: 'MAILER_DSN=smtps://', rule: 'plaintext-password' },
  // Django: EMAIL_PORT appended as 587 (the last value wins) while EMAIL_USE_SSL=True stays: implicit TLS on 587.
  { file: 'django-app/.env', at: 'EMAIL_PORT=465', rule: 'duplicate-setting' },
  { file: 'django-app/.env', at: 'EMAIL_USE_SSL=True', rule: 'tls-port-mismatch' },
  // Bedrock: `587;` pasted from a PHP define() is no port.
  { file: 'bedrock-site/.env', at: 'SMTP_PORT=587;', rule: 'invalid-port' },
  // WP Mail SMTP option dump: encryption none with Auto TLS off is plaintext; the stored password is encrypted.
  { file: 'plugin-settings/wp-mail-smtp.json', at: '"encryption": "none"', rule: 'missing-tls' },
  // FluentSMTP: the SES connection is fine; the Office 365 one is on 25, unauthenticated, opportunistic only.
  { file: 'plugin-settings/fluentsmtp.json', at: '"port": "25"', rule: 'port-25' },
  { file: 'plugin-settings/fluentsmtp.json', at: '"auth": "no"', rule: 'auth-disabled' },
  { file: 'plugin-settings/fluentsmtp.json', at: '"encryption": "none"', rule: 'tls-not-enforced' },
  // Post SMTP: Postmark has no port 465; the base64 in basic_auth_password is only an encoding of the token.
  { file: 'plugin-settings/post-smtp.json', at: '"port": 465', rule: 'provider-port' },
  { file: 'plugin-settings/post-smtp.json', at: '"basic_auth_password"', rule: 'plaintext-password' },
];

/** Examples that must produce no finding at all (and must be linted, not skipped). */
const CLEAN = [
  // 587 + 'tls' (STARTTLS), credentials from getenv(); an old port-25 block is commented out.
  'wordpress-correct/wp-config.php',
  // new PHPMailer with ENCRYPTION_STARTTLS on 587 to SES, credentials from getenv().
  'php-app/src/MailerFactory.php',
  // Mailpit on 1025 without TLS or auth: a local catcher.
  'local-dev/.env',
  'local-dev/wp-config.php',
  // Mailtrap sandbox: a test mailbox, nobody receives the mail.
  'local-dev/.env.staging',
  // MAIL_MAILER=array: port 25 is written but no SMTP connection is ever made.
  'local-dev/.env.testing',
];

/** Literal secrets written in the examples: none may appear in any output. */
const SECRETS = [
  'SG.fake-Xq3vR8tL0mZ2pK9w',
  'fZ7k-fake-Qm2x-Wp9r',
  'qwpe fake vbxn ktrs',
  '9c1f0e7a2b6d-fake-4e8a13c5d7f2b9e0',
  '3e7b9d1c0a5f-fake-8c2e64a1f9d3b7e5',
  'xsmtpsib-fake0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1-Qw3Er5Ty7Ui9Op1A',
  'mzkq fake wtrb pjxe',
  '0c4e8a1d7b3f-fake-9e2c6a0d4b8f1e5c9a3d7b',
  '3f6c1a2e-fake-4b7d-9e0a-5c8d2f1b6e3a',
  'M2Y2YzFhMmUtZmFrZS00YjdkLTllMGEtNWM4ZDJmMWI2ZTNh',
];

interface JsonMessage {
  ruleId: RuleId;
  severity: number;
  line: number;
  message: string;
}

interface JsonFile {
  filePath: string;
  messages: JsonMessage[];
}

function runCli(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lintJson(dir: string): { code: number | null; files: Map<string, JsonMessage[]>; stdout: string } {
  const r = runCli(['--format', 'json', dir]);
  assert.ok(r.stdout.trim().startsWith('['), `no JSON from the CLI (exit ${r.code}): ${r.stderr}`);
  const files = new Map<string, JsonMessage[]>();
  for (const f of JSON.parse(r.stdout) as JsonFile[]) files.set(relative(dir, f.filePath).split(sep).join('/'), f.messages);
  return { code: r.code, files, stdout: r.stdout };
}

/** The 1-based line of the only line in the example that contains `snippet`. */
function lineOf(file: string, snippet: string): number {
  const lines = readFileSync(join(EXAMPLES, file), 'utf8').split(/\r?\n/);
  const hits = lines.flatMap((l, i) => (l.includes(snippet) ? [i + 1] : []));
  assert.equal(hits.length, 1, `${file}: expected exactly one line containing ${JSON.stringify(snippet)}, found ${hits.length}`);
  return hits[0];
}

function key(line: number, rule: string): string {
  return `${String(line).padStart(4, ' ')} ${rule}`;
}

function expectedFor(file: string): string[] {
  return EXPECTED.filter((e) => e.file === file)
    .map((e) => key(lineOf(e.file, e.at), e.rule))
    .sort();
}

const FILES_WITH_FINDINGS = [...new Set(EXPECTED.map((e) => e.file))];
const RULE_META = new Map(RULES.map((r) => [r.meta.id, r.meta]));

describe('bundled examples', () => {
  const result = lintJson(EXAMPLES);

  for (const file of FILES_WITH_FINDINGS) {
    test(`${file}: exactly the expected findings`, () => {
      const messages = result.files.get(file);
      assert.ok(messages, `${file} was not linted (skipped or not found)`);
      const actual = messages.map((m) => key(m.line, m.ruleId)).sort();
      assert.deepEqual(actual, expectedFor(file));
    });
  }

  for (const file of CLEAN) {
    test(`${file}: linted, no findings`, () => {
      const messages = result.files.get(file);
      assert.ok(messages, `${file} was not linted (skipped or not found)`);
      assert.deepEqual(messages.map((m) => `${m.line} ${m.ruleId}`), []);
    });
  }

  test('every linted file under examples/ has an entry in the table', () => {
    const listed = new Set([...FILES_WITH_FINDINGS, ...CLEAN]);
    const unlisted = [...result.files.keys()].filter((f) => !listed.has(f));
    assert.deepEqual(unlisted, [], 'add these examples to EXPECTED or CLEAN');
  });

  test('every rule is shown by at least one example', () => {
    const shown = new Set(EXPECTED.map((e) => e.rule));
    assert.deepEqual(RULES.map((r) => r.meta.id).filter((id) => !shown.has(id)), []);
  });

  test('findings carry their rule\'s default severity, and the run exits 1', () => {
    assert.equal(result.code, 1);
    for (const [file, messages] of result.files) {
      for (const m of messages) {
        const meta = RULE_META.get(m.ruleId);
        assert.ok(meta, `${file}: unknown rule ${m.ruleId}`);
        assert.equal(m.severity, meta.defaultSeverity === 'error' ? 2 : 1, `${file}:${m.line} ${m.ruleId}`);
      }
    }
  });

  test('no secret written in an example appears in JSON or text output', () => {
    const text = runCli(['examples']);
    for (const secret of SECRETS) {
      assert.ok(readExamplesText().includes(secret), `secret list out of date: ${secret} is in no example`);
      assert.ok(!result.stdout.includes(secret), `JSON output leaks ${secret.slice(0, 6)}…`);
      assert.ok(!text.stdout.includes(secret) && !text.stderr.includes(secret), `text output leaks ${secret.slice(0, 6)}…`);
    }
  });

  test('--fix on a copy leaves only the findings no fix can settle, and touches only mail settings', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'smtp-lint-examples-')), 'examples');
    cpSync(EXAMPLES, copy, { recursive: true });
    const fix = runCli(['--fix', copy]);
    assert.notEqual(fix.code, 2, `--fix reported an error: ${fix.stderr}`);
    const after = lintJson(copy);
    const remaining = [...after.files].flatMap(([file, ms]) => ms.map((m) => `${file} ${m.ruleId}`)).sort();
    const unfixable = EXPECTED.filter((e) => !RULE_META.get(e.rule)?.fixable)
      .map((e) => `${e.file} ${e.rule}`)
      .sort();
    assert.deepEqual(remaining, unfixable);
    for (const file of [...FILES_WITH_FINDINGS, ...CLEAN]) {
      const before = readFileSync(join(EXAMPLES, file), 'utf8').split('\n');
      const fixed = new Set(readFileSync(join(copy, file), 'utf8').split('\n'));
      const lost = before.filter((l) => !fixed.has(l));
      assert.ok(lost.length <= 4, `${file}: ${lost.length} original lines changed by --fix:\n${lost.join('\n')}`);
    }
  });
});

function readExamplesText(): string {
  return [...FILES_WITH_FINDINGS, ...CLEAN].map((f) => readFileSync(join(EXAMPLES, f), 'utf8')).join('\n');
}
