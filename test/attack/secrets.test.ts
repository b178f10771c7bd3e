// Never leak a secret (issue 5): SMTP passwords, SendGrid / Resend / Mailgun keys, SES SMTP passwords and DSN user
// info, written in every supported format, must not appear in any output: CLI text / JSON / SARIF (stdout and
// stderr), --fix-dry-run and --fix, and over LSP the diagnostics (and their related information), the hover at
// every offset of the file, code-action titles, status notifications, window/logMessage at every level and
// $/logTrace with tracing set to verbose. A leak of any 10-character piece of a secret counts (a message that quotes
// half a DSN password is still a leak), in the raw and the URL-encoded spelling.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { lintText } from '../../server/src/engine';
import { LspHarness, SERVER_JS } from '../lsp/harness';
import { hideDocumentText } from '../../client/src/trace-channel';
import { REPO_ROOT } from './generate';

const SECRETS = {
  smtpPassword: 'Zq8-SMTP-pw-c41e9Tx',
  sendgrid: 'SG.k3yL1v3AbCdEfGhIjKl.MnOpQrStUvWxYz0123456789abcdefghij',
  resend: 're_Lv3Kz8Qp_4mN7xR2tY9wB5',
  mailgun: 'key-3ax6xnjp29jd6fds4gc373sgvjxteol0',
  ses: 'BKz7Lq2pXv9sN4mR8tY3wA6cE1fH5jD0gU2iO7kP9rS4',
  dsnPassword: 'Dsn-S3cret-p@ss:w/rd',
  bridgeKey: 'SG.Br1dg3KeyQwErTyUiOp.AsDfGhJkLzXcVbNm0987654321zyxwvu',
  phpmailer: 'PHPm4iler-Pa55w0rd-77xq',
  easy: 'E4sy-WP-smtp-pw-kq71zzv',
  postSmtp: 'P0st-SMTP-basic-pw-9931',
};
const enc = encodeURIComponent;

/** One file per format and secret placement; each has findings, so messages are produced. */
const FILES: Record<string, string> = {
  'laravel/.env': `MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=25\nMAIL_USERNAME=postmaster@mg.example.com\nMAIL_PASSWORD=${SECRETS.smtpPassword}\nMAILGUN_SECRET=${SECRETS.mailgun}\n`,
  'symfony/.env': `APP_ENV=prod\nMAILER_DSN=smtp://mailer-user:${enc(SECRETS.dsnPassword)}@smtp.mailgun.org:25?verify_peer=0\n`,
  'bridge/.env': `MAILER_DSN=sendgrid+smtp://${SECRETS.bridgeKey}@default\nMAIL_MAILER=smtp\nMAIL_HOST=smtp.sendgrid.net\nMAIL_PORT=25\n`,
  'django/.env': `EMAIL_URL=smtp://apikey:${enc(SECRETS.sendgrid)}@smtp.sendgrid.net:25\n`,
  'generic/.env': `SMTP_HOST=smtp.resend.com\nSMTP_PORT=25\nSMTP_USER=resend\nSMTP_PASS=${SECRETS.resend}\n`,
  // A committed template: here a real-looking password IS reported (plaintext-password) - without quoting it.
  'template/.env.example': `MAIL_MAILER=smtp\nMAIL_HOST=email-smtp.eu-west-1.amazonaws.com\nMAIL_PORT=25\nMAIL_PASSWORD=${SECRETS.ses}\n`,
  'wp/wp-config.php': `<?php\ndefine( 'WPMS_ON', true );\ndefine( 'WPMS_MAILER', 'smtp' );\ndefine( 'WPMS_SMTP_HOST', 'smtp.sendgrid.net' );\ndefine( 'WPMS_SMTP_PORT', 25 );\ndefine( 'WPMS_SMTP_AUTH', true );\ndefine( 'WPMS_SMTP_USER', 'apikey' );\ndefine( 'WPMS_SMTP_PASS', '${SECRETS.sendgrid}' );\n`,
  'theme/functions.php': `<?php\nadd_action( 'phpmailer_init', function ( $phpmailer ) {\n\t$phpmailer->isSMTP();\n\t$phpmailer->Host = 'smtp.mailgun.org';\n\t$phpmailer->Port = 25;\n\t$phpmailer->SMTPAuth = true;\n\t$phpmailer->Username = 'postmaster@mg.example.com';\n\t$phpmailer->Password = '${SECRETS.phpmailer}';\n} );\n`,
  'easy/wp-config.php': `<?php\ndefine('EASY_WP_SMTP_ON', true);\ndefine('EASY_WP_SMTP_SMTP_HOST', 'smtp.example.com');\ndefine('EASY_WP_SMTP_SMTP_PORT', 25);\ndefine('EASY_WP_SMTP_SMTP_PASS', '${SECRETS.easy}');\n`,
  'dump/wp-mail-smtp.json': JSON.stringify({ mail: { mailer: 'smtp' }, smtp: { host: 'smtp.sendgrid.net', port: 25, encryption: 'none', auth: true, user: 'apikey', pass: SECRETS.sendgrid }, sendgrid: { api_key: SECRETS.bridgeKey } }, null, 2),
  'dump/postman.json': JSON.stringify({ postman_options: { transport_type: 'smtp', hostname: 'smtp.office365.com', port: 25, enc_type: 'none', auth_type: 'login', basic_auth_username: 'me@example.com', basic_auth_password: Buffer.from(SECRETS.postSmtp).toString('base64') } }, null, 2),
  'dump/escaped-slashes.json': JSON.stringify({ mail: { mailer: 'smtp' }, smtp: { host: 'smtp.mailgun.org', port: 25, encryption: 'none', auth: true, user: 'u', pass: SECRETS.dsnPassword } }).replace(/\//g, '\\/'),
};

/** Every 10-character piece of every secret, raw and URL-encoded: finding any of them in an output is a leak. */
function leakedPieces(output: string): string[] {
  const found = new Set<string>();
  for (const secret of Object.values(SECRETS)) {
    for (const form of new Set([secret, enc(secret), Buffer.from(secret).toString('base64')])) {
      for (let i = 0; i + 10 <= form.length; i++) {
        const piece = form.slice(i, i + 10);
        if (output.includes(piece)) found.add(`${piece} (of ${secret.slice(0, 6)}…)`);
      }
    }
  }
  return [...found];
}

function assertNoLeak(output: string, where: string): void {
  assert.deepEqual(leakedPieces(output), [], `${where} leaks a secret:\n${output.slice(0, 2000)}`);
}

function writeProject(dir: string): void {
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

describe('no secret in any output', () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-secrets-'));
  before(() => writeProject(dir));
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every test file holds its secrets and produces findings (or the test proves nothing)', () => {
    for (const [name, text] of Object.entries(FILES)) {
      const r = lintText(text, { path: join(dir, name) });
      assert.ok(r.findings.length > 0, `${name}: no findings (${r.skipped ?? ''})`);
    }
    assert.deepEqual(leakedPieces(Object.values(FILES).join('\n')).length > 0, true);
  });

  test('the engine: messages, related information and fix titles', () => {
    for (const [name, text] of Object.entries(FILES)) {
      const r = lintText(text, { path: join(dir, name) });
      const texts = r.findings.flatMap((f) => [f.message, ...f.related.map((x) => x.message), ...f.fixes.map((x) => x.title)]);
      assertNoLeak(texts.join('\n'), name);
    }
  });

  const BIN = join(REPO_ROOT, 'bin', 'smtp-lint.js');
  const cliBuilt = existsSync(join(REPO_ROOT, 'dist', 'cli.js'));
  const cli = (args: string[], cwd = dir) => spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });

  for (const format of ['text', 'json', 'sarif']) {
    test(`CLI --format ${format}: stdout and stderr`, { skip: cliBuilt ? false : 'dist/cli.js not built' }, () => {
      const r = cli(['--format', format, '.']);
      assert.equal(r.status, 1, r.stderr);
      assertNoLeak(r.stdout, `--format ${format} stdout`);
      assertNoLeak(r.stderr, `--format ${format} stderr`);
    });
  }

  test('CLI with each file named explicitly (notes and skips mention paths, never values)', { skip: cliBuilt ? false : 'dist/cli.js not built' }, () => {
    const r = cli(['--format', 'json', ...Object.keys(FILES), 'no-such-file.env']);
    assertNoLeak(r.stdout + r.stderr, 'explicit files');
  });

  test('CLI --fix-dry-run: stderr', { skip: cliBuilt ? false : 'dist/cli.js not built' }, () => {
    const r = cli(['--fix-dry-run', '.']);
    assert.ok(r.stdout.length > 0, 'no diff: nothing was fixable, the test proves nothing');
    assertNoLeak(r.stderr, '--fix-dry-run stderr');
  });

  test('CLI --fix-dry-run: stdout (the diff masks secrets in the spelling the file uses)', { skip: cliBuilt ? false : 'dist/cli.js not built' }, () => {
    // A JSON dump written by PHP's json_encode escapes "/" as "\/": the password as written in the file is not the
    // decoded value; the diff's context line showed it until the JSON formats recorded the file's spelling (821569f).
    const r = cli(['--fix-dry-run', '.']);
    assertNoLeak(r.stdout, '--fix-dry-run stdout');
  });

  test('CLI --fix (on a copy): stdout and stderr', { skip: cliBuilt ? false : 'dist/cli.js not built' }, () => {
    const copy = mkdtempSync(join(tmpdir(), 'smtp-lint-secrets-fix-'));
    try {
      writeProject(copy);
      const r = cli(['--fix', '--format', 'json', '.'], copy);
      assertNoLeak(r.stdout + r.stderr, '--fix output');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  describe('over LSP', { skip: existsSync(SERVER_JS) ? false : 'dist/server.js not built' }, () => {
    let lsp: LspHarness;
    const traces: string[] = [];
    const statuses: string[] = [];
    before(async () => {
      lsp = await LspHarness.start({ workspaceFolders: [dir], settings: () => ({ trace: { server: 'verbose' } }) });
      lsp.connection.onNotification('$/logTrace', (p: { message: string; verbose?: string }) => traces.push(`${p.message}\n${p.verbose ?? ''}`));
      lsp.connection.onNotification('smtpLint/status', (s: { text: string }) => statuses.push(s.text));
      await lsp.connection.sendNotification('$/setTrace', { value: 'verbose' });
    });
    after(() => lsp?.stop());

    test('diagnostics (messages and related information), hovers at every offset, code action titles', async () => {
      for (const [name, text] of Object.entries(FILES)) {
        const uri = await lsp.open(join(dir, name), text);
        const diagnostics = await lsp.diagnostics(uri);
        assert.ok(diagnostics.length > 0, `${name}: no diagnostics over LSP`);
        assertNoLeak(JSON.stringify(diagnostics.map((d) => [d.message, d.relatedInformation?.map((r) => r.message)])), `${name} diagnostics`);
        const hovers = await Promise.all(Array.from({ length: text.length + 1 }, (_, offset) => lsp.hover(uri, offset)));
        assert.ok(hovers.some((h) => h), `${name}: no hover anywhere`);
        assertNoLeak(JSON.stringify(hovers.map((h) => h?.contents)), `${name} hovers`);
        const lines = text.split('\n').length;
        const actions = await lsp.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } });
        assertNoLeak(JSON.stringify(actions.map((a) => [a.title, a.command?.title])), `${name} code action titles`);
        // The edits too: with smtpLint.trace.server = verbose the client prints every response.
        assertNoLeak(JSON.stringify(actions), `${name} code actions (edits included)`);
        await lsp.close(uri);
      }
    });

    test('window/logMessage, status notifications and server stderr', () => {
      assert.ok(lsp.logs.length > 0, 'the server logged nothing');
      assertNoLeak(lsp.logs.join('\n'), 'window/logMessage');
      assertNoLeak(statuses.join('\n'), 'smtpLint/status');
      assertNoLeak(lsp.serverStderr, 'server stderr');
    });

    test("the client's verbose protocol trace hides document text (didOpen and didChange of every file)", () => {
      for (const [name, text] of Object.entries(FILES)) {
        const uri = `file://${join(dir, name)}`;
        // The shapes vscode-languageclient prints for a verbose trace: the params as indented JSON.
        const lines = [
          `[Trace - 10:00:00 AM] Sending notification 'textDocument/didOpen'.\nParams: ${JSON.stringify({ textDocument: { uri, languageId: 'dotenv', version: 1, text } }, null, 4)}`,
          `[Trace - 10:00:01 AM] Sending notification 'textDocument/didChange'.\nParams: ${JSON.stringify({ textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, rangeLength: 0, text: `${text}\r\n"quoted" \\ ${text}` }] }, null, 4)}`,
        ];
        for (const line of lines) assertNoLeak(hideDocumentText(line), `trace of ${name}`);
      }
    });

    test('$/logTrace with the trace set to verbose', (t) => {
      t.diagnostic(`${traces.length} $/logTrace notifications received`);
      assertNoLeak(traces.join('\n'), '$/logTrace');
    });
  });
});
