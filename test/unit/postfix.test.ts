// Postfix main.cf: logical lines, relayhost forms, TLS levels old and new, wrapper mode, SASL, and the fixes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';
import { expand, parseMainCf } from '../../server/src/engine/formats/postfix/parse';

const PATH = '/etc/postfix/main.cf';

function lint(text: string): LintResult {
  return lintText(text, { path: PATH });
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function profiles(text: string): MailProfile[] {
  const r = lint(`myhostname = host.example.com\n${text}`);
  assert.equal(r.skipped, undefined);
  return r.parsed!.profiles;
}

function one(text: string): MailProfile {
  const ps = profiles(text);
  assert.equal(ps.length, 1);
  return ps[0];
}

describe('main.cf syntax', () => {
  const text = 'mydestination = $myhostname,\n    localhost\n# comment\n  # indented comment\n\n    example.com\nrelayhost=[smtp.example.com]:587 # not a comment\nmyhostname = mx.example.com\n';
  const cf = parseMainCf(text);
  test('continuation lines join the logical line; comments and blank lines inside it are skipped', () => {
    assert.equal(cf.entries[0].value, '$myhostname, localhost example.com');
    assert.equal(cf.entries[0].lastLine, 5);
  });
  test('a # after a value is part of the value', () => {
    assert.equal(cf.entries[1].value, '[smtp.example.com]:587 # not a comment');
  });
  test('$name expands with the file\'s definitions; unknown names make the value unknown', () => {
    assert.equal(expand(cf, '$myhostname'), 'mx.example.com');
    assert.equal(expand(cf, '${myhostname}/x'), 'mx.example.com/x');
    assert.equal(expand(cf, '$data_directory'), undefined);
  });
});

describe('relayhost', () => {
  test('forms: brackets, ports, service names, IPv6, no port', () => {
    const cases: [string, string, number | string][] = [
      ['[smtp.example.com]:587', 'smtp.example.com', 587],
      ['smtp.example.com:2525', 'smtp.example.com', 2525],
      ['[smtp.example.com]', 'smtp.example.com', 25],
      ['smtp.example.com', 'smtp.example.com', 25],
      ['[smtp.example.com]:submission', 'smtp.example.com', 587],
      ['[2001:db8::1]:587', '2001:db8::1', 587],
      ['[ipv6:2001:db8::1]:465', '2001:db8::1', 465],
    ];
    for (const [value, host, port] of cases) {
      const p = one(`relayhost = ${value}\nsmtp_tls_security_level = secure\nsmtp_sasl_auth_enable = yes\n`);
      assert.equal(p.host?.value, host, value);
      assert.equal(p.port?.value, port, value);
    }
  });
  test('no port: 25 is implied and said so', () => {
    const r = lint('relayhost = [smtp.example.com]\nsmtp_tls_security_level = secure\nsmtp_sasl_auth_enable = yes\n');
    assert.deepEqual(rules(r), ['1 port-25']);
    assert.match(r.findings[0].message, /implied by relayhost without a port/);
  });
  test('empty or absent relayhost: direct MX delivery on 25 is how MTAs work, nothing fires', () => {
    for (const text of ['relayhost =\nsmtp_tls_security_level = none\n', 'myorigin = /etc/mailname\nsmtp_tls_security_level = none\n']) {
      const r = lint(text);
      assert.deepEqual(rules(r), []);
      assert.equal(r.parsed?.profiles[0]?.active, false);
    }
  });
  test('several destinations (Postfix 3.5+) are judged one by one', () => {
    const ps = profiles('relayhost = [a.example.com]:587, [b.example.com]:25\nsmtp_tls_security_level = secure\nsmtp_sasl_auth_enable = yes\n');
    assert.deepEqual(ps.map((p) => p.port?.value), [587, 25]);
  });
  test('a relayhost through $name is judged; one through an undefined name is not', () => {
    assert.equal(one('relay = [smtp.example.com]:25\nrelayhost = $relay\n').port?.value, 25);
    assert.equal(profiles('relayhost = $undefined_param\n').length, 0);
  });
});

describe('TLS levels', () => {
  const mode = (lines: string) => one(`relayhost = [smtp.example.com]:587\n${lines}`);
  test('smtp_tls_security_level vocabulary', () => {
    assert.equal(mode('smtp_tls_security_level = none\n').tls.value, 'none');
    assert.equal(mode('smtp_tls_security_level = may\n').tls.value, 'opportunistic');
    assert.equal(mode('smtp_tls_security_level = encrypt\n').tls.value, 'starttls');
    assert.equal(mode('smtp_tls_security_level = encrypt\n').verifyDisabled.length, 1);
    for (const l of ['verify', 'secure', 'dane-only', 'fingerprint', 'SECURE']) {
      const p = mode(`smtp_tls_security_level = ${l}\n`);
      assert.equal(p.tls.value, 'starttls', l);
      assert.equal(p.verifyDisabled.length, 0, l);
    }
    assert.equal(mode('smtp_tls_security_level = dane\n').tlsGuessed, true);
  });
  test('empty level: legacy smtp_use_tls / smtp_enforce_tls, else none by default', () => {
    assert.equal(mode('').tls.value, 'none');
    assert.equal(mode('').tls.origin, 'default');
    assert.equal(mode('smtp_use_tls = yes\n').tls.value, 'opportunistic');
    assert.equal(mode('smtp_enforce_tls = yes\n').tls.value, 'starttls');
    assert.equal(mode('smtp_enforce_tls = yes\nsmtp_tls_enforce_peername = no\n').verifyDisabled.length, 1);
    // A level overrides the legacy switches.
    assert.equal(mode('smtp_use_tls = yes\nsmtp_tls_security_level = none\n').tls.value, 'none');
  });
  test('server-side smtpd_* look-alikes never count', () => {
    assert.equal(mode('smtpd_tls_security_level = encrypt\nsmtpd_use_tls = yes\n').tls.value, 'none');
  });
  test('wrapper mode is implicit TLS with a mandatory level; 465 without it is a mismatch', () => {
    assert.equal(mode('smtp_tls_wrappermode = yes\nsmtp_tls_security_level = secure\n').tls.value, 'implicit');
    const r = lint('relayhost = [smtp.example.com]:465\nsmtp_tls_security_level = secure\nsmtp_sasl_auth_enable = yes\n');
    assert.deepEqual(rules(r), ['2 tls-port-mismatch']);
  });
  test('smtp_tls_policy_maps may override the level per destination: mode findings stay quiet', () => {
    const r = lint('relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = may\nsmtp_tls_policy_maps = hash:/etc/postfix/tls_policy\nsmtp_sasl_auth_enable = yes\n');
    assert.deepEqual(rules(r), []);
  });
});

describe('authentication', () => {
  test('SASL off by default towards a remote relay, except IP-allow-listed relays', () => {
    assert.deepEqual(rules(lint('relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = secure\n')), ['1 auth-disabled']);
    assert.deepEqual(rules(lint('relayhost = [smtp-relay.gmail.com]:587\nsmtp_tls_security_level = secure\n')), []);
  });
  test('static: credentials are a plaintext secret; table lookups are references', () => {
    const r = lint('relayhost = [smtp.example.com]:587\nsmtp_tls_security_level = secure\nsmtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = static:relay:Hq7vLm2Zp9Kx\n');
    assert.deepEqual(rules(r), ['4 plaintext-password']);
    assert.ok(r.parsed?.secrets.includes('Hq7vLm2Zp9Kx'));
    assert.ok(!r.findings[0].message.includes('Hq7vLm2Zp9Kx'));
    assert.equal(one('relayhost = [smtp.example.com]:587\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\n').password?.value.kind, 'reference');
  });
});

describe('fixes', () => {
  const fix = (text: string) => fixAll(text, { path: PATH }).text;
  test('STARTTLS: bracketed relay on 587, level secure, a CA file when none is named, inserted after relayhost', () => {
    assert.equal(
      fix('myhostname = a.example.com\nrelayhost = smtp.example.com\nsmtp_sasl_auth_enable = yes\n'),
      'myhostname = a.example.com\nrelayhost = [smtp.example.com]:587\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = /etc/ssl/certs/ca-certificates.crt\nsmtp_sasl_auth_enable = yes\n',
    );
  });
  test('the relayhost line\'s spacing is kept for new lines; an existing CApath is enough', () => {
    assert.equal(
      fix('smtp_tls_CApath=/etc/ssl/certs\nrelayhost=[smtp.example.com]:25\nsmtp_sasl_auth_enable=yes\n'),
      'smtp_tls_CApath=/etc/ssl/certs\nrelayhost=[smtp.example.com]:587\nsmtp_tls_security_level=secure\nsmtp_sasl_auth_enable=yes\n',
    );
  });
  test('implicit TLS: wrapper mode on, level raised', () => {
    const text = 'relayhost = [smtp.example.com]:465\nsmtp_tls_security_level = may\nsmtp_tls_CAfile = /etc/pki/tls/certs/ca-bundle.crt\nsmtp_sasl_auth_enable = yes\n';
    assert.equal(
      fix(text),
      'relayhost = [smtp.example.com]:465\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = secure\nsmtp_tls_CAfile = /etc/pki/tls/certs/ca-bundle.crt\nsmtp_sasl_auth_enable = yes\n',
    );
  });
  test('implicit TLS on 587: moved to 465, a verified level is kept', () => {
    const text = 'relayhost = [smtp.example.com]:587\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = verify\nsmtp_sasl_auth_enable = yes\n';
    assert.equal(fix(text), 'relayhost = [smtp.example.com]:465\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = verify\nsmtp_sasl_auth_enable = yes\n');
  });
  test('the STARTTLS alternative switches wrapper mode off', () => {
    const text = 'relayhost = [smtp.example.com]:587\nsmtp_tls_wrappermode = yes\nsmtp_tls_security_level = verify\nsmtp_sasl_auth_enable = yes\n';
    const r = lint(text);
    const alt = r.findings[0].fixes.find((f) => /STARTTLS/.test(f.title));
    assert.ok(alt);
    assert.equal(applyEdits(text, alt.edits), text.replace('wrappermode = yes', 'wrappermode = no'));
  });
  test('peername enforcement is turned back on', () => {
    const text = 'relayhost = [smtp.example.com]:587\nsmtp_enforce_tls = yes\nsmtp_tls_enforce_peername = no\nsmtp_sasl_auth_enable = yes\n';
    assert.equal(fix(text), text.replace('peername = no', 'peername = yes'));
  });
  test('relayhost through $name offers no transport fix', () => {
    const text = 'relay = [smtp.example.com]:25\nrelayhost = $relay\nsmtp_tls_security_level = secure\nsmtp_sasl_auth_enable = yes\n';
    const r = lint(text);
    assert.deepEqual(rules(r), ['2 port-25']);
    assert.deepEqual(r.findings[0].fixes, []);
  });
});

describe('recognition', () => {
  test('a main.cf of another program is skipped with a reason', () => {
    const r = lint('body common control\n{\n  bundlesequence => { "main" };\n}\n');
    assert.match(r.skipped ?? '', /without Postfix parameters/);
  });
  test('only files named main.cf, with # as the comment token', () => {
    assert.ok(lintText('relayhost = [x.example.com]:25\n', { path: 'postfix/master.cf' }).skipped);
    assert.equal(lint('relayhost = [x.example.com]:587\n').parsed?.lineComment, '#');
  });
  test('garbage never throws', () => {
    for (const s of ['=', 'relayhost', 'relayhost = [', 'relayhost = [::1', ' continuation first', 'relayhost = [a]:\n  b', '\r\r\n=\n']) {
      assert.doesNotThrow(() => lint(`myhostname = x\n${s}`));
    }
  });
});
