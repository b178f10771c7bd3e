// nullmailer remotes: line shape (or skip), shell quoting, options with or without `--`, qmqp lines, defaults, fixes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';

const PATH = '/etc/nullmailer/remotes';

function lint(text: string, path = PATH): LintResult {
  return lintText(text, { path });
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function remote(line: string): MailProfile {
  const r = lint(`${line}\n`);
  assert.equal(r.skipped, undefined, r.skipped);
  assert.equal(r.parsed!.profiles.length, 1);
  return r.parsed!.profiles[0];
}

describe('recognition', () => {
  test('only files named remotes, and only with the host/protocol/options shape', () => {
    assert.equal(lint('smtp.example.com smtp --port=587 --starttls\n').format, 'nullmailer');
    assert.ok(lint('smtp.example.com smtp --port=25\n', '/etc/nullmailer/me').skipped);
    assert.match(lint('URL: https://example.com/repo.git\nPull: refs/heads/main\n').skipped ?? '', /not a nullmailer remotes list/);
    assert.ok(lint('origin https://example.com/repo.git\n').skipped);
    assert.ok(lint('# only comments\n\n').skipped);
  });
  test('qmqp lines are not SMTP', () => {
    const r = lint('mx.example.com qmqp\nsmtp.example.com smtp --port=587 --starttls --user=u --pass=\n');
    assert.equal(r.parsed?.profiles.length, 1);
  });
  test('a host alone is an smtp remote on port 25, in plaintext', () => {
    const p = remote('smtp.example.com');
    assert.equal(p.port?.value, 25);
    assert.equal(p.tls.value, 'none');
  });
});

describe('options', () => {
  test('ssl/tls is implicit TLS with default port 465; starttls is STARTTLS', () => {
    const ssl = remote('smtp.example.com smtp --ssl');
    assert.equal(ssl.tls.value, 'implicit');
    assert.equal(ssl.port?.value, 465);
    assert.equal(remote('smtp.example.com smtp tls').tls.value, 'implicit');
    assert.equal(remote('smtp.example.com smtp --starttls --port=587').tls.value, 'starttls');
  });
  test('options without dashes and shell quoting', () => {
    const p = remote("smtp.example.com smtp port=2525 starttls user=relay pass='two words#1'");
    assert.equal(p.port?.value, 2525);
    assert.equal(p.user?.value, 'relay');
    assert.equal(p.password?.value.text, 'two words#1');
    assert.equal(p.auth?.value, true);
  });
  test('insecure counts only when the line encrypts', () => {
    assert.equal(remote('smtp.example.com smtp --starttls --insecure').verifyDisabled.length, 1);
    assert.equal(remote('smtp.example.com smtp --insecure').verifyDisabled.length, 0);
  });
  test('the password is redacted from every message', () => {
    const r = lint('smtp.example.com smtp --port=25 --user=u --pass=Kq8vLz3mWp7r\n');
    assert.ok(r.findings.some((f) => f.ruleId === 'plaintext-password'));
    for (const f of r.findings) assert.ok(!f.message.includes('Kq8vLz3mWp7r'));
  });
  test('commented-out remotes never fire', () => {
    assert.deepEqual(rules(lint('#smtp.example.com smtp --port=25\nsmtp-relay.gmail.com smtp --port=587 --starttls\n')), []);
  });
});

describe('fixes', () => {
  const fix = (text: string) => fixAll(text, { path: PATH }).text;
  test('plaintext on 25: --port=587 and --starttls, in the line\'s own spelling', () => {
    assert.equal(fix('smtp.example.com smtp --port=25 --user=u\n'), 'smtp.example.com smtp --port=587 --user=u --starttls\n');
    assert.equal(fix('smtp.example.com smtp port=25 user=u\n'), 'smtp.example.com smtp port=587 user=u starttls\n');
    assert.equal(fix('smtp.example.com\n'), 'smtp.example.com smtp --port=587 --starttls\n');
  });
  test('implicit TLS on 587 moves to 465; insecure is dropped', () => {
    assert.equal(fix('smtp.example.com smtp --ssl --port=587 --insecure --user=u\n'), 'smtp.example.com smtp --ssl --port=465 --user=u\n');
  });
  test('garbage never throws', () => {
    for (const s of ["a smtp --pass='unclosed", 'a smtp --', 'a smtp =', '[::1] smtp', '\u0000 smtp']) assert.doesNotThrow(() => lint(s));
  });
});
