// sSMTP: mailhub[:port], UseTLS/UseSTARTTLS read in file order, case-insensitive keys, # anywhere, first AuthPass
// wins, and fixes that leave every TLS line in agreement.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';

const PATH = '/etc/ssmtp/ssmtp.conf';

function lint(text: string): LintResult {
  return lintText(text, { path: PATH });
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function profile(text: string): MailProfile {
  const r = lint(text);
  assert.equal(r.skipped, undefined);
  return r.parsed!.profiles[0];
}

describe('sSMTP settings', () => {
  test('mailhub with and without a port; RemotePort; the default mailhub is local', () => {
    assert.equal(profile('mailhub=smtp.example.com:587\n').port?.value, 587);
    const bare = profile('mailhub=smtp.example.com\n');
    assert.equal(bare.port?.value, 25);
    assert.equal(bare.port?.origin, 'implied');
    assert.equal(profile('mailhub=smtp.example.com\nRemotePort=2525\n').port?.value, 2525);
    assert.deepEqual(rules(lint('root=postmaster\nhostname=box.example.com\n')), []);
  });
  test('UseTLS is implicit TLS, UseSTARTTLS is STARTTLS, anything but YES is no, in file order', () => {
    const mode = (lines: string) => profile(`mailhub=smtp.example.com:587\n${lines}`).tls.value;
    assert.equal(mode(''), 'none');
    assert.equal(mode('UseTLS=YES\n'), 'implicit');
    assert.equal(mode('UseSTARTTLS=YES\n'), 'starttls');
    assert.equal(mode('usestarttls=yes\n'), 'starttls');
    assert.equal(mode('UseTLS=true\n'), 'none');
    assert.equal(mode('UseSTARTTLS=YES\nUseTLS=NO\n'), 'none');
    assert.equal(mode('UseTLS=NO\nUseSTARTTLS=YES\n'), 'starttls');
    assert.equal(mode('UseTLS=YES\nUseSTARTTLS=NO\n'), 'implicit');
  });
  test('keys are case-insensitive, blanks around = are allowed', () => {
    const p = profile('MAILHUB = smtp.example.com:465\nUSETLS = Yes\n');
    assert.equal(p.host?.value, 'smtp.example.com');
    assert.equal(p.tls.value, 'implicit');
  });
  test('a # anywhere starts a comment, so commented settings never fire', () => {
    const r = lint('mailhub=smtp.example.com:587 # was :25\nUseSTARTTLS=YES\n#UseTLS=NO\nAuthUser=me\nAuthPass=Zq8#rest-is-a-comment\n');
    const p = r.parsed!.profiles[0];
    assert.equal(p.port?.value, 587);
    assert.equal(p.tls.value, 'starttls');
    assert.equal(p.password?.value.text, 'Zq8');
  });
  test('AuthUser/AuthPass: the first one wins; the later one is a duplicate', () => {
    const r = lint('mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nAuthUser=me\nAuthPass=Wk3nPq8vRt5z\nAuthPass=Zz9yXx8wVv7u\n');
    assert.equal(r.parsed!.profiles[0].password?.value.text, 'Wk3nPq8vRt5z');
    assert.deepEqual(rules(r), ['4 plaintext-password', '5 duplicate-setting']);
    for (const f of r.findings) assert.ok(!/Wk3nPq8vRt5z|Zz9yXx8wVv7u/.test(f.message));
  });
  test('without AuthUser there is no AUTH', () => {
    assert.deepEqual(rules(lint('mailhub=smtp.example.com:587\nUseSTARTTLS=YES\n')), ['1 auth-disabled']);
  });
  test('certificate verification is not a setting in ssmtp: no finding is invented', () => {
    assert.equal(profile('mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nTLS_CA_File=/etc/ssl/certs/ca-certificates.crt\n').verifyDisabled.length, 0);
  });
});

describe('fixes', () => {
  const fix = (text: string) => fixAll(text, { path: PATH }).text;
  test('STARTTLS on 587: port into mailhub, UseSTARTTLS added after it', () => {
    assert.equal(fix('mailhub=smtp.example.com\nAuthUser=me\nAuthPass=x\n'), 'mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nAuthUser=me\nAuthPass=x\n');
  });
  test('implicit TLS kept when the mismatch is the port', () => {
    assert.equal(fix('mailhub=smtp.example.com:587\nUseTLS=YES\nAuthUser=me\n'), 'mailhub=smtp.example.com:465\nUseTLS=YES\nAuthUser=me\n');
  });
  test('STARTTLS on 465: 587 preferred; the implicit alternative turns UseSTARTTLS off and UseTLS on', () => {
    const text = 'mailhub=smtp.example.com:465\nUseSTARTTLS=YES\nAuthUser=me\n';
    assert.equal(fix(text), 'mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nAuthUser=me\n');
    const implicit = lint(text).findings[0].fixes.find((f) => /implicit/.test(f.title));
    assert.ok(implicit);
    assert.equal(applyEdits(text, implicit.edits), 'mailhub=smtp.example.com:465\nUseTLS=YES\nUseSTARTTLS=NO\nAuthUser=me\n');
  });
  test('a later UseTLS=NO is flipped too, so the order no longer matters', () => {
    assert.equal(fix('mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nUseTLS=NO\nAuthUser=me\n'), 'mailhub=smtp.example.com:587\nUseSTARTTLS=YES\nUseTLS=YES\nAuthUser=me\n');
  });
  test('garbage never throws', () => {
    for (const s of ['=', 'mailhub=', 'mailhub=:', 'mailhub=a:b:c', '==\n#', 'UseTLS', '\u0000=\u0000']) assert.doesNotThrow(() => lint(s));
  });
});
