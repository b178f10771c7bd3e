// The CLI as a process: output formats, exit codes, walking, config files, fixing, and what it refuses to do.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const BIN = join(ROOT, 'bin', 'smtp-lint.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const PORT25_ENV = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=25\nMAIL_ENCRYPTION=tls\nMAIL_PASSWORD=Zq8-real-looking-9931\n';
const CLEAN_ENV = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n';

describe('smtp-lint CLI', () => {
  test('prints file:line:col severity message rule and exits 1 on a warning', () => {
    const dir = project({ '.env': PORT25_ENV });
    const r = run(['.env'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^\.env:3:11 warning Port 25 .* port-25$/m);
  });

  test('exits 0 on a clean file and prints nothing', () => {
    const dir = project({ '.env': CLEAN_ENV });
    const r = run(['.'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
  });

  test('--format json prints ESLint\'s shape with 1-based positions', () => {
    const dir = project({ 'app/.env': PORT25_ENV });
    const r = run(['--format', 'json', '.'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { filePath: string; messages: Record<string, unknown>[] }[];
    assert.equal(out.length, 1);
    assert.equal(out[0].filePath, join(dir, 'app', '.env'));
    assert.deepEqual(out[0].messages[0], {
      ruleId: 'port-25',
      severity: 1,
      message: out[0].messages[0].message,
      line: 3,
      column: 11,
      endLine: 3,
      endColumn: 13,
    });
  });

  test('--format sarif prints SARIF 2.1.0 with rule metadata and help links', () => {
    const dir = project({ '.env': 'MAILER_DSN=smtps://u:pw-abc123@smtp.example.com:587\n' });
    const r = run(['--format', 'sarif', '.'], dir);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.stdout);
    assert.equal(sarif.version, '2.1.0');
    const driver = sarif.runs[0].tool.driver;
    assert.equal(driver.name, 'smtp-lint');
    const rule = driver.rules.find((x: { id: string }) => x.id === 'tls-port-mismatch');
    assert.match(rule.helpUri, /docs\/rules\/tls-port-mismatch\.md$/);
    const result = sarif.runs[0].results[0];
    assert.equal(result.ruleId, 'tls-port-mismatch');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, '.env');
    assert.equal(driver.rules[result.ruleIndex].id, 'tls-port-mismatch');
  });

  test('--rule id=off turns a rule off; an unknown rule is a usage error (exit 2)', () => {
    const dir = project({ '.env': PORT25_ENV });
    assert.equal(run(['--rule', 'port-25=off', '.env'], dir).code, 0);
    const bad = run(['--rule', 'port-26=off', '.env'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown rule "port-26"/);
    assert.equal(run(['--rule', 'port-25=error', '--format', 'json', '.env'], dir).stdout.includes('"severity": 2'), true);
  });

  test('a .smtp-lint.json found upwards sets severities, local hosts and ignore globs', () => {
    const dir = project({
      '.smtp-lint.json': JSON.stringify({ rules: { 'port-25': 'info' }, localHosts: ['relay.corp.example'], ignore: ['legacy/'] }),
      'site/.env': PORT25_ENV,
      'relay/.env': 'MAIL_MAILER=smtp\nMAIL_HOST=relay.corp.example\nMAIL_PORT=25\nMAIL_ENCRYPTION=null\n',
      'legacy/.env': 'MAILER_DSN=smtps://u:pw-1@smtp.example.com:587\n',
    });
    const r = run(['--format', 'json', '.'], dir);
    assert.equal(r.code, 0, r.stdout);
    const out = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    const byFile = Object.fromEntries(out.map((f) => [f.filePath.slice(dir.length + 1), f.messages.map((m) => m.ruleId)]));
    assert.deepEqual(byFile['site/.env'], ['port-25']);
    assert.deepEqual(byFile['relay/.env'], []);
    assert.equal(byFile['legacy/.env'], undefined);
  });

  test('an invalid config file is reported with a clear message and the valid parts still apply', () => {
    const dir = project({ '.smtp-lint.json': '{"rules": {"port-25": "loud"}, "extra": 1}', '.env': PORT25_ENV });
    const r = run(['.env'], dir);
    assert.match(r.stderr, /rule "port-25": severity must be/);
    assert.match(r.stderr, /unknown key "extra"/);
    assert.equal(r.code, 1);
  });

  test('walks folders, skipping node_modules, vendor and .git, and honouring .gitignore', () => {
    const dir = project({
      '.gitignore': 'ignored/\n*.local.env\n',
      'node_modules/pkg/.env': PORT25_ENV,
      'vendor/lib/.env': PORT25_ENV,
      '.git/.env': PORT25_ENV,
      'ignored/.env': PORT25_ENV,
      'staging.local.env': PORT25_ENV,
      'deploy/.env.production': PORT25_ENV,
    });
    const out = JSON.parse(run(['--format', 'json', '.'], dir).stdout) as { filePath: string }[];
    assert.deepEqual(out.map((f) => f.filePath.slice(dir.length + 1)), ['deploy/.env.production']);
  });

  test('skips WordPress core folders inside a WordPress root, but not elsewhere nor when named', () => {
    const dir = project({
      'site/wp-settings.php': '<?php\n',
      'site/wp-includes/.env': PORT25_ENV,
      'site/wp-admin/.env': PORT25_ENV,
      'site/wp-content/.env': PORT25_ENV,
      'other/wp-includes/.env': PORT25_ENV,
    });
    const linted = (args: string[]) =>
      (JSON.parse(run(['--format', 'json', ...args], dir).stdout) as { filePath: string }[]).map((f) => f.filePath.slice(dir.length + 1)).sort();
    assert.deepEqual(linted(['.']), ['other/wp-includes/.env', 'site/wp-content/.env']);
    assert.deepEqual(linted(['site/wp-includes']), ['site/wp-includes/.env']);
  });

  test('--fix rewrites the file atomically, keeps its mode, and reports what remains', () => {
    const dir = project({ '.env': PORT25_ENV });
    const file = join(dir, '.env');
    chmodSync(file, 0o640);
    const r = run(['--fix', '.env'], dir);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(readFileSync(file, 'utf8'), PORT25_ENV.replace('MAIL_PORT=25', 'MAIL_PORT=587'));
    assert.equal(statSync(file).mode & 0o777, 0o640);
    assert.deepEqual(
      require('node:fs').readdirSync(dir).filter((n: string) => n.endsWith('.tmp')),
      [],
    );
  });

  test('--fix-dry-run prints a unified diff and changes nothing', () => {
    const dir = project({ '.env': PORT25_ENV });
    const r = run(['--fix-dry-run', '.env'], dir);
    assert.match(r.stdout, /^--- a\/\.env\n\+\+\+ b\/\.env\n@@ -1,5 \+1,5 @@\n/);
    assert.match(r.stdout, /^-MAIL_PORT=25$/m);
    assert.match(r.stdout, /^\+MAIL_PORT=587$/m);
    assert.equal(readFileSync(join(dir, '.env'), 'utf8'), PORT25_ENV);
  });

  test('missing paths and bad options exit 2 with a clear message', () => {
    const dir = project({ '.env': CLEAN_ENV });
    const missing = run(['nope/.env'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\/\.env: no such file or folder/);
    const bad = run(['--format', 'xml'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown format "xml"/);
  });

  test('binary, huge and special files are skipped with a note; symlink loops do not hang', () => {
    const dir = project({ '.env': PORT25_ENV, 'sub/.env.bin': 'MAIL_PORT=25\u0000\u0001' });
    writeFileSync(join(dir, 'big.env'), 'MAIL_HOST=smtp.example.com\nMAIL_PORT=25\n' + '#'.repeat(5000));
    symlinkSync(dir, join(dir, 'sub', 'loop'));
    const r = run(['--max-file-size', '4000', '.', 'sub/.env.bin', 'big.env'], dir);
    assert.match(r.stderr, /sub\/\.env\.bin: skipped: binary file/);
    assert.match(r.stderr, /big\.env: skipped: \d+ bytes is over the size limit of 4000/);
    assert.equal(r.code, 1, 'the other file is still linted');
    assert.match(r.stdout, /^\.env:3:11 /m);
    if (spawnSync('mkfifo', [join(dir, 'fifo.env')]).status === 0) {
      const fifo = run(['fifo.env'], dir);
      assert.match(fifo.stderr, /fifo\.env: not a regular file/);
    }
  });

  test('--version and --help', () => {
    const dir = project({});
    const v = run(['--version'], dir);
    assert.equal(v.code, 0);
    assert.equal(v.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    assert.match(run(['--help'], dir).stdout, /Exit codes: 0/);
  });

  test('no secret reaches any output format', () => {
    const secrets = ['Zq8-real-looking-9931', 'pw-very-secret-42', 'SG.live_key_abcdefghijkl'];
    const dir = project({
      '.env': PORT25_ENV,
      '.env.example': `MAIL_HOST=smtp.sendgrid.net\nMAIL_PORT=465\nMAIL_ENCRYPTION=tls\nMAIL_PASSWORD=${secrets[2]}\n`,
      'symfony/.env': `MAILER_DSN=smtps://user:${secrets[1]}@smtp.example.com:25?verify_peer=0\n`,
    });
    for (const format of ['text', 'json', 'sarif']) {
      const r = run(['--format', format, '.'], dir);
      assert.equal(r.code, 1);
      for (const s of secrets) {
        assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s), `${format} output leaks ${s}`);
      }
    }
    const diff = run(['--fix-dry-run', '.'], dir);
    assert.ok(existsSync(join(dir, '.env')));
    // A diff shows file lines by nature; it must still come from the file, never from a message.
    assert.ok(!diff.stderr.includes(secrets[1]));
  });

  const WORDPRESS = '/usr/share/wordpress';
  test("Debian's WordPress tree: nothing reported, no error", { skip: existsSync(WORDPRESS) ? false : 'apt package wordpress not installed' }, () => {
    const r = run(['--format', 'json', WORDPRESS], tmpdir());
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /error|internal/i);
    const out = JSON.parse(r.stdout) as { filePath: string; messages: unknown[] }[];
    assert.deepEqual(out.filter((f) => f.messages.length > 0), []);
  });
});
