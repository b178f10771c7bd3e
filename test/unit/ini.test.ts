// INI format: the reader's two dialects (PHP, go-ini), which program a file belongs to, and the mail semantics of
// php.ini, Gitea/Forgejo [mailer] and Grafana [smtp], with their fixes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fixAll, lintText, type LintResult, type MailProfile } from '../../server/src/engine';
import { parseIni } from '../../server/src/engine/formats/ini/parse';

function lint(text: string, path: string): LintResult {
  return lintText(text, { path });
}

function rules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function only(r: LintResult): MailProfile {
  assert.equal(r.skipped, undefined, `skipped: ${r.skipped}`);
  assert.equal(r.parsed?.profiles.length, 1);
  return r.parsed!.profiles[0];
}

describe('go-ini reader', () => {
  const text = [
    '[smtp]',
    'password = """a#b;c"""',
    'user: grafana ; a comment',
    'host = "smtp.example.com:587" # quoted',
    'from_name = "Ops;Team"',
    'cert_file = `C:\\certs#1`',
    'key_file = """first',
    'second"""',
    'empty =',
    '[smtp.static_headers',
    'X = 1',
  ].join('\n');
  const doc = parseIni(text, 'go-ini');
  const value = (key: string) => doc.entries.find((e) => e.key === key)?.value;

  test('triple quotes and backticks keep # and ;', () => {
    assert.equal(value('password'), 'a#b;c');
    assert.equal(value('cert_file'), 'C:\\certs#1');
  });
  test('a triple-quoted value may span lines', () => {
    assert.equal(value('key_file'), 'first\nsecond');
    const e = doc.entries.find((x) => x.key === 'key_file')!;
    assert.equal(e.lastLine - e.firstLine, 1);
  });
  test('inline comments end unquoted values, : works as a delimiter, one pair of quotes is trimmed', () => {
    assert.equal(value('user'), 'grafana');
    assert.equal(value('host'), 'smtp.example.com:587');
    assert.equal(text.slice(doc.entries.find((e) => e.key === 'host')!.valueSpan.start, doc.entries.find((e) => e.key === 'host')!.valueSpan.end), 'smtp.example.com:587');
  });
  test('like go-ini, a ; inside "..." still starts a comment', () => {
    assert.equal(value('from_name'), '"Ops');
  });
  test('an empty value and a half-typed section header are tolerated', () => {
    assert.equal(value('empty'), '');
    assert.equal(doc.entries.find((e) => e.key === 'X')?.section, 'smtp'); // the broken header is ignored
  });
  test('comment spans cover full-line and inline comments', () => {
    const comments = doc.comments.map((c) => text.slice(c.start, c.end));
    assert.ok(comments.includes('; a comment'));
    assert.ok(comments.includes('# quoted'));
  });
});

describe('php dialect reader', () => {
  const text = 'SMTP = "smtp.example.com" ; relay\nsmtp_port = 2525;c\n#SMTP = ignored\nsendmail_path = \'/usr/sbin/sendmail -t -i\'\n';
  const doc = parseIni(text, 'php');
  test('quoted and unquoted values, # lines are not settings', () => {
    assert.deepEqual(
      doc.entries.map((e) => [e.key, e.value]),
      [
        ['SMTP', 'smtp.example.com'],
        ['smtp_port', '2525'],
        ['sendmail_path', '/usr/sbin/sendmail -t -i'],
      ],
    );
  });
});

describe('which INI file is which', () => {
  test('an INI file of another program is skipped with a reason', () => {
    const r = lint('[database]\nhost = db:5432\nssl_mode = disable\n[ldap]\nstart_tls = false\n', 'config/app.ini');
    assert.ok(r.skipped);
    assert.equal(r.findings.length, 0);
  });
  test('an [smtp] section of an unknown program is not judged', () => {
    const r = lint('[smtp]\nserver = smtp.example.com\nport = 25\nuse_tls = false\n', 'notifier.ini');
    assert.match(r.skipped ?? '', /INI file without/);
  });
  test('content decides without a telling name: Gitea keys, Grafana keys, [mail function]', () => {
    assert.equal(only(lint('[mailer]\nENABLED = true\nSMTP_ADDR = smtp.example.com\n', 'x/settings.ini')).ecosystem, 'gitea');
    assert.equal(only(lint('[smtp]\nenabled = true\nhost = smtp.example.com:587\nstartTLS_policy = MandatoryStartTLS\n', 'x/settings.ini')).ecosystem, 'grafana');
    assert.equal(only(lint('[mail function]\nSMTP = smtp.example.com\n', 'x/settings.ini')).ecosystem, 'php-ini');
  });
  test('INI comments are ; for suppression directives', () => {
    assert.equal(lint('[mail function]\nSMTP = localhost\n', 'php.ini').parsed?.lineComment, ';');
  });
  test('a suppression directive in a ; comment silences the next line', () => {
    const text = '[mail function]\n; smtp-lint-disable-next-line port-25 -- legacy relay\nsmtp_port = 25\nSMTP = relay.example.net\n';
    assert.deepEqual(rules(lint(text, 'php.ini')), ['4 missing-tls']);
  });
});

describe('php.ini [mail function]', () => {
  test('a remote SMTP host means plaintext and port 25, with no fix (mail() cannot encrypt)', () => {
    const r = lint('[mail function]\nSMTP = smtp.example.com\n', 'php.ini');
    assert.deepEqual(rules(r), ['2 missing-tls', '2 port-25']);
    for (const f of r.findings) assert.deepEqual(f.fixes, []);
    const tls = r.findings.find((f) => f.ruleId === 'missing-tls')!;
    assert.match(tls.message, /has no TLS/);
    assert.match(r.findings.find((f) => f.ruleId === 'port-25')!.message, /default, since smtp_port is not set/);
  });
  test('a port change alone is not offered as a fix', () => {
    const text = '[mail function]\nSMTP = smtp.example.com\nsmtp_port = 25\n';
    assert.equal(fixAll(text, { path: 'php.ini' }).text, text);
  });
  test('localhost (the default) is fine; commented-out settings never fire', () => {
    assert.deepEqual(rules(lint('[mail function]\nSMTP = localhost\nsmtp_port = 25\n;SMTP = smtp.gmail.com\n', 'php.ini')), []);
    assert.deepEqual(rules(lint('[mail function]\nsmtp_port = 25\n', 'php.ini')), []);
  });
  test('sendmail_path takes over: SMTP and smtp_port are not used', () => {
    const p = only(lint('[mail function]\nSMTP = smtp.example.com\nsendmail_path = /usr/bin/msmtp -t\n', 'php.ini'));
    assert.equal(p.active, false);
    assert.match(p.inactiveReason ?? '', /sendmail_path/);
  });
  test('the last SMTP wins and the other is a duplicate', () => {
    const r = lint('[mail function]\nSMTP = smtp.old.example\nSMTP = localhost\n', 'php.ini');
    assert.deepEqual(rules(r), ['2 duplicate-setting']);
  });
  test('a PHP INI file without mail directives is skipped', () => {
    assert.ok(lint('[opcache]\nopcache.enable = 1\nopcache.memory_consumption = 128\nSMTP_note = x\n', 'conf.d/10-opcache.ini').skipped);
  });
});

describe('Gitea/Forgejo [mailer]', () => {
  const mailer = (...lines: string[]) => `[mailer]\nENABLED = true\nSMTP_ADDR = smtp.example.com\n${lines.join('\n')}\n`;
  const profile = (...lines: string[]) => only(lint(mailer(...lines), 'app.ini'));

  test('PROTOCOL and SMTP_PORT infer each other', () => {
    const cases: [string[], string, number][] = [
      [['PROTOCOL = smtp'], 'none', 25],
      [['PROTOCOL = smtps'], 'implicit', 465],
      [['PROTOCOL = smtp+starttls'], 'starttls', 587],
      [['PROTOCOL = smtp+startls'], 'starttls', 587], // old typo, still accepted
      [['SMTP_PORT = 25'], 'none', 25],
      [['SMTP_PORT = 465'], 'implicit', 465],
      [['SMTP_PORT = 587'], 'starttls', 587],
      [['SMTP_PORT = 2525'], 'implicit', 2525], // anything else: smtps
      [[], 'implicit', 465],
      [['PROTOCOL = SMTPS', 'SMTP_PORT = 587'], 'starttls', 587], // not a protocol name: inferred from the port
      [['protocol = smtp', 'SMTP_PORT = 587'], 'starttls', 587], // keys are case-sensitive
    ];
    for (const [lines, mode, port] of cases) {
      const p = profile(...lines);
      assert.equal(p.tls.value, mode, lines.join(', '));
      assert.equal(p.port?.value, port, lines.join(', '));
    }
  });
  test('legacy HOST and IS_TLS_ENABLED are mapped when the new keys are absent', () => {
    const p = only(lint('[mailer]\nENABLED = true\nHOST = smtp.example.com:587\nIS_TLS_ENABLED = false\n', 'app.ini'));
    assert.equal(p.host?.value, 'smtp.example.com');
    assert.equal(p.port?.value, 587);
    assert.equal(p.tls.value, 'starttls');
    const q = only(lint('[mailer]\nENABLED = true\nHOST = smtp.example.com:587\nSMTP_ADDR = smtp.other.example\nPROTOCOL = smtps\n', 'app.ini'));
    assert.equal(q.host?.value, 'smtp.other.example');
  });
  test('smtp+unix, sendmail, dummy and a disabled mailer never fire', () => {
    assert.deepEqual(rules(lint('[mailer]\nENABLED = true\nPROTOCOL = smtp+unix\nSMTP_ADDR = /var/run/mail.sock\n', 'app.ini')), []);
    for (const p of ['sendmail', 'dummy']) {
      assert.equal(profile(`PROTOCOL = ${p}`).active, false);
    }
    assert.deepEqual(rules(lint('[mailer]\nENABLED = false\nPROTOCOL = smtp\nSMTP_ADDR = smtp.example.com\nSMTP_PORT = 25\n', 'app.ini')), []);
    assert.deepEqual(rules(lint('[mailer]\nPROTOCOL = smtp\nSMTP_ADDR = smtp.example.com\n', 'app.ini')), []);
  });
  test('no address means this machine, as Go dials ":port"', () => {
    assert.deepEqual(rules(lint('[mailer]\nENABLED = true\nPROTOCOL = smtp\nSMTP_PORT = 25\n', 'app.ini')), []);
    assert.deepEqual(rules(lint('[mailer]\nENABLED = true\nHOST = :25\n', 'app.ini')), []);
  });
  test('FORCE_TRUST_SERVER_CERT wins over the legacy SKIP_VERIFY', () => {
    assert.equal(profile('PROTOCOL = smtps', 'FORCE_TRUST_SERVER_CERT = false', 'SKIP_VERIFY = true').verifyDisabled.length, 0);
    assert.equal(profile('PROTOCOL = smtps', 'SKIP_VERIFY = true').verifyDisabled.length, 1);
  });
  test('no USER: authentication is off towards a remote relay', () => {
    const r = lint(mailer('PROTOCOL = smtps'), 'app.ini');
    assert.deepEqual(rules(r), ['2 auth-disabled']);
  });
  test('the STARTTLS fix adds PROTOCOL next to SMTP_ADDR in the file\'s style and changes the port', () => {
    const text = '[mailer]\nENABLED=true\nSMTP_ADDR=smtp.example.com\nSMTP_PORT=25\nUSER=me@example.com\n';
    assert.equal(fixAll(text, { path: 'app.ini' }).text, '[mailer]\nENABLED=true\nSMTP_ADDR=smtp.example.com\nPROTOCOL=smtp+starttls\nSMTP_PORT=587\nUSER=me@example.com\n');
  });
  test('the password is a secret: never in messages', () => {
    const r = lint(mailer('PROTOCOL = smtp', 'USER = me', 'PASSWD = `Zk3#pq9;Lm2vRt`'), 'app.ini');
    assert.ok(r.findings.some((f) => f.ruleId === 'plaintext-password'));
    assert.ok(r.parsed?.secrets.includes('Zk3#pq9;Lm2vRt'));
    for (const f of r.findings) assert.ok(!f.message.includes('Zk3#pq9;Lm2vRt'));
  });
});

describe('Grafana [smtp]', () => {
  const smtp = (...lines: string[]) => `[smtp]\nenabled = true\n${lines.join('\n')}\n`;
  const profile = (...lines: string[]) => only(lint(smtp(...lines), 'grafana.ini'));

  test('implicit TLS exactly on port 465; otherwise the policy decides', () => {
    assert.equal(profile('host = smtp.example.com:465', 'startTLS_policy = NoStartTLS').tls.value, 'implicit');
    assert.equal(profile('host = smtp.example.com:587').tls.value, 'opportunistic');
    assert.equal(profile('host = smtp.example.com:587', 'startTLS_policy = MandatoryStartTLS').tls.value, 'starttls');
    assert.equal(profile('host = smtp.example.com:587', 'startTLS_policy = NoStartTLS').tls.value, 'none');
    assert.equal(profile('host = smtp.example.com:587', 'startTLS_policy = Mandatory').tls.value, 'opportunistic');
  });
  test('host:port forms: IPv6 in brackets, no port, an env reference', () => {
    const v6 = profile('host = [2001:db8::5]:587');
    assert.equal(v6.host?.value, '2001:db8::5');
    assert.equal(v6.port?.value, 587);
    assert.equal(profile('host = smtp.example.com').port, undefined);
    const env = profile('host = $__env{SMTP_HOST}:25');
    assert.equal(env.host, undefined);
    assert.equal(env.port?.value, 25);
  });
  test('an empty host part means this machine', () => {
    assert.deepEqual(rules(lint(smtp('host = :25'), 'grafana.ini')), []);
  });
  test('default host localhost:25 and a disabled section never fire', () => {
    assert.deepEqual(rules(lint(smtp('user = x'), 'grafana.ini')), []);
    assert.deepEqual(rules(lint('[smtp]\nenabled = false\nhost = smtp.example.com:25\nskip_verify = true\n', 'grafana.ini')), []);
    assert.deepEqual(rules(lint('[smtp]\n;enabled = true\n;host = smtp.example.com:25\n', 'grafana.ini')), []);
  });
  test('fixes: port inside host, MandatoryStartTLS next to it, skip_verify flipped in its own case', () => {
    const text = smtp('host = smtp.example.com:25', 'user = me', 'password = $__file{/run/secrets/p}', 'skip_verify = True');
    assert.equal(
      fixAll(text, { path: 'grafana.ini' }).text,
      smtp('host = smtp.example.com:587', 'startTLS_policy = MandatoryStartTLS', 'user = me', 'password = $__file{/run/secrets/p}', 'skip_verify = False'),
    );
  });
  test('an env host with a written port: the fix changes only what is written', () => {
    const text = smtp('host = $__env{SMTP_HOST}:25', 'user = me', 'startTLS_policy = MandatoryStartTLS');
    assert.equal(fixAll(text, { path: 'grafana.ini' }).text, smtp('host = $__env{SMTP_HOST}:587', 'user = me', 'startTLS_policy = MandatoryStartTLS'));
  });
  test('$__file and $__env passwords are references, a literal is a secret', () => {
    assert.equal(profile('host = a.example.com:587', 'password = $__file{/x}').password?.value.kind, 'reference');
    assert.equal(profile('host = a.example.com:587', 'password = """p#ss;word1"""').password?.value.text, 'p#ss;word1');
  });
});

describe('a host a port cannot follow (an IPv6 `[` never closed, text after `]`, a bare IPv6 address)', () => {
  // Go's SplitHostPort finds no end to such a host: a `:587` appended there reads as part of it. Grafana's span of an
  // unclosed `[host` also ran two characters past it, so the port landed in the next line's key (`u:587ser = u`).
  const hosts = ['[2001:db8::1', '[2001:db8::1]x', '2001:db8::1', '[2001:db8::1:25'];
  for (const h of hosts) {
    test(`Grafana host = ${h}: judged, not fixed`, () => {
      const text = `[smtp]\nenabled = true\nhost = ${h}\nuser = u\npassword = p\n`;
      assert.ok(lint(text, 'grafana.ini').findings.length > 0, 'still judged');
      assert.equal(fixAll(text, { path: 'grafana.ini' }).text, text);
    });
    test(`Gitea HOST = ${h}: judged, not fixed`, () => {
      const text = `[mailer]\nENABLED = true\nPROTOCOL = smtp\nHOST = ${h}\nUSER = u\nPASSWD = p\n`;
      assert.ok(lint(text, 'app.ini').findings.length > 0, 'still judged');
      assert.equal(fixAll(text, { path: 'app.ini' }).text, text);
    });
  }
  test('a closed bracket, or a colon with no port after it, takes the port', () => {
    const grafana = (h: string) => `[smtp]\nenabled = true\nhost = ${h}\nuser = u\npassword = p\n`;
    assert.match(fixAll(grafana('[2001:db8::1]'), { path: 'grafana.ini' }).text, /^host = \[2001:db8::1\]:587$/m);
    const gitea = (h: string) => `[mailer]\nENABLED = true\nPROTOCOL = smtp\nHOST = ${h}\nUSER = u\nPASSWD = p\n`;
    assert.match(fixAll(gitea('[2001:db8::1]'), { path: 'app.ini' }).text, /^HOST = \[2001:db8::1\]:587$/m);
    assert.match(fixAll(gitea('smtp.example.com:'), { path: 'app.ini' }).text, /^HOST = smtp\.example\.com:587$/m);
  });
});

describe('robustness', () => {
  test('half-typed and garbage INI never throws', () => {
    const samples = ['[', '[mailer', '[mailer]\nENABLED', '[mailer]\n=', '[smtp]\nhost = :', '[smtp]\nhost = [::1', '[smtp]\npassword = """never closed', '[mail function]\nSMTP = "unclosed', '\u0000[smtp]\r\nhost=\r'];
    for (const s of samples) {
      for (const path of ['app.ini', 'grafana.ini', 'php.ini']) assert.doesNotThrow(() => lint(s, path), `${path}: ${JSON.stringify(s)}`);
    }
  });
  test('CRLF files keep CRLF in inserted lines', () => {
    const text = '[mailer]\r\nENABLED = true\r\nSMTP_ADDR = smtp.example.com\r\nSMTP_PORT = 25\r\nUSER = me\r\n';
    const fixed = fixAll(text, { path: 'app.ini' }).text;
    assert.equal(fixed, '[mailer]\r\nENABLED = true\r\nSMTP_ADDR = smtp.example.com\r\nPROTOCOL = smtp+starttls\r\nSMTP_PORT = 587\r\nUSER = me\r\n');
  });
});
