// msmtp: defaults and account inheritance, msmtp's own defaults (tls off, port 25/465, auth off), comments only at
// the start of a line, and fixes that override inherited settings inside the account.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';

const PATH = '/home/joe/.msmtprc';

function lint(text: string, path = PATH): LintResult {
  return lintText(text, { path });
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function accounts(text: string): Record<string, MailProfile> {
  const r = lint(text);
  assert.equal(r.skipped, undefined);
  return Object.fromEntries(r.parsed!.profiles.map((p) => [p.label.replace(/^msmtp account "|"$/g, ''), p]));
}

describe('file names', () => {
  test('~/.msmtprc, /etc/msmtprc and $XDG_CONFIG_HOME/msmtp/config', () => {
    for (const path of ['/home/joe/.msmtprc', '/etc/msmtprc', '/home/joe/.config/msmtp/config']) assert.equal(lint('account a\nhost localhost\n', path).format, 'msmtp', path);
    assert.notEqual(lint('account a\nhost localhost\n', '/home/joe/.config/git/config').format, 'msmtp');
  });
});

describe('defaults and inheritance', () => {
  const text = [
    'defaults',
    'tls on',
    'auth on',
    'account one',
    'host smtp.one.example',
    'port 587',
    'defaults',
    'port 2525', // only accounts defined from here on see this
    'account two',
    'host smtp.two.example',
    'account three : one',
    'user three@example.com',
    'account default : two',
  ].join('\n');
  const a = accounts(text);
  test('an account starts from the defaults as they stand when it is defined', () => {
    assert.equal(a.one.port?.value, 587);
    assert.equal(a.two.port?.value, 2525);
    assert.equal(a.two.tls.value, 'starttls');
  });
  test('an account takes the settings its parents set', () => {
    assert.equal(a.three.host?.value, 'smtp.one.example');
    assert.equal(a.three.port?.value, 587);
  });
  test('an alias account (`account default : two`) gets no profile of its own', () => {
    assert.deepEqual(Object.keys(a).sort(), ['one', 'three', 'two']);
  });
  test('commands before any account form the account "default"', () => {
    assert.deepEqual(Object.keys(accounts('host smtp.example.com\nport 587\ntls on\n')), ['default']);
  });
});

describe('msmtp vocabulary and defaults', () => {
  const one = (body: string) => Object.values(accounts(`account a\nhost smtp.example.com\n${body}`))[0];
  test('tls is off by default: no opportunistic upgrade', () => {
    const p = one('port 587\n');
    assert.equal(p.tls.value, 'none');
    assert.equal(p.tls.origin, 'default');
  });
  test('a bare keyword means on; tls_starttls off is implicit TLS with default port 465', () => {
    assert.equal(one('tls\n').tls.value, 'starttls');
    const p = one('tls on\ntls_starttls off\n');
    assert.equal(p.tls.value, 'implicit');
    assert.equal(p.port?.value, 465);
    assert.equal(p.port?.origin, 'default');
    assert.equal(one('tls on\ntls_nostarttls\n').tls.value, 'implicit');
    assert.equal(one('tls on\n').port?.value, 25);
  });
  test('auth is off by default; a method name means on', () => {
    assert.equal(one('').auth?.value, false);
    assert.equal(one('auth plain\n').auth?.value, true);
    assert.equal(one('auth off\n').auth?.value, false);
  });
  test('certificate checks: tls_certcheck off, tls_nocertcheck, an empty tls_trust_file without a fingerprint', () => {
    assert.deepEqual(one('tls on\ntls_certcheck off\n').verifyDisabled.map((v) => v.value), ['tls_certcheck off']);
    assert.equal(one('tls on\ntls_nocertcheck\n').verifyDisabled.length, 1);
    assert.equal(one('tls on\ntls_trust_file\n').verifyDisabled.length, 1);
    assert.equal(one('tls on\ntls_trust_file\ntls_fingerprint 00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33\n').verifyDisabled.length, 0);
    assert.equal(one('tls off\ntls_certcheck off\n').verifyDisabled.length, 0); // nothing to check without TLS
  });
  test('protocol lmtp and an account without host are not judged', () => {
    assert.equal(one('protocol lmtp\n').active, false);
    assert.equal(Object.values(accounts('account a\nport 25\n'))[0].active, false);
  });
});

describe('comments and quoting', () => {
  test('# only starts a comment at the start of a line; quotes around an argument are removed', () => {
    const r = lint('account a\nhost smtp.example.com\nport 587\ntls on\nauth on\nuser me\npassword "ab #cd ef"\n  # port 25\n');
    const p = r.parsed!.profiles[0];
    assert.equal(p.password?.value.text, 'ab #cd ef');
    assert.equal(p.port?.value, 587);
    assert.ok(r.parsed!.secrets.includes('ab #cd ef'));
    for (const f of r.findings) assert.ok(!f.message.includes('ab #cd ef'));
  });
  test('passwordeval is a reference, not a plaintext password', () => {
    const r = lint('account a\nhost smtp.example.com\nport 587\ntls on\nauth on\nuser me\npasswordeval pass show mail\n');
    assert.deepEqual(rules(r), []);
  });
  test('commented-out settings never fire', () => {
    assert.deepEqual(rules(lint('account a\nhost smtp.example.com\nport 587\ntls on\nauth on\n#tls off\n#port 25\n# tls_certcheck off\n')), []);
  });
});

describe('fixes', () => {
  test('a setting inherited from defaults is overridden inside the account, lined up with its host line', () => {
    const text = 'defaults\nport 25\n\naccount work\nhost   smtp.example.com\nauth   on\nuser   me\npasswordeval cat /run/p\n';
    assert.equal(
      fixAll(text, { path: PATH }).text,
      'defaults\nport 25\n\naccount work\nhost   smtp.example.com\nport   587\ntls    on\nauth   on\nuser   me\npasswordeval cat /run/p\n',
    );
  });
  test('implicit-TLS intent is kept when the mismatch is the port', () => {
    const text = 'account a\nhost smtp.example.com\nport 587\ntls on\ntls_starttls off\nauth on\nuser me\npasswordeval x\n';
    const r = lint(text);
    assert.deepEqual(rules(r), ['5 tls-port-mismatch']);
    assert.equal(fixAll(text, { path: PATH }).text, text.replace('port 587', 'port 465'));
  });
  test('certificate checks come back on: the switch flips or the empty trust file goes', () => {
    const base = 'account a\nhost smtp.example.com\nport 587\ntls on\nauth on\nuser me\npasswordeval x\n';
    assert.equal(fixAll(`${base}tls_certcheck off\n`, { path: PATH }).text, `${base}tls_certcheck on\n`);
    assert.equal(fixAll(`${base}tls_trust_file\n`, { path: PATH }).text, base);
  });
  test('CRLF files keep CRLF', () => {
    const text = 'account a\r\nhost smtp.example.com\r\nauth on\r\nuser me\r\npasswordeval x\r\n';
    assert.equal(fixAll(text, { path: PATH }).text, 'account a\r\nhost smtp.example.com\r\nport 587\r\ntls on\r\nauth on\r\nuser me\r\npasswordeval x\r\n');
  });
  test('garbage never throws', () => {
    for (const s of ['account', 'account :', 'account a : missing', 'host', 'port x\nhost a.example.com', '"', 'tls_fingerprint', '\u0000']) {
      assert.doesNotThrow(() => lint(s));
    }
  });
});
