// WordPress mail-plugin settings dumped as JSON: shapes recognised by content, findings on the right lines,
// non-plugin JSON ignored, broken JSON tolerated, fixes that keep (nested) JSON valid.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixAll, lintText, redact, type LintResult, type MailProfile } from '../../server/src/engine';
import { decodeStringLiteral, withDeepContainersEmptied } from '../../server/src/engine/formats/wp-plugin-json/json-doc';

const FIXTURES = join(__dirname, '../../../test/fixtures/wp-plugin-json');
const FIX_DIR = join(FIXTURES, 'fix');

const md5 = (s: string) => createHash('md5').update(s, 'utf8').digest('hex');

function lint(text: string, path = 'backup-2024.json'): LintResult {
  return lintText(text, { path });
}

/** "LINE RULE" for every finding, sorted, as in the sidecar .expect files. */
function lineRules(r: LintResult): string[] {
  return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

function findingsOf(r: LintResult, rule: string) {
  return r.findings.filter((f) => f.ruleId === rule);
}

/** The text a finding points at. */
function at(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `fixture text lacks ${needle}`);
  return text.slice(0, i).split('\n').length;
}

function profiles(r: LintResult): MailProfile[] {
  assert.ok(r.parsed, `not parsed: ${r.skipped}`);
  return r.parsed.profiles;
}

/** An Easy WP SMTP export envelope around `inner` (JSON text), with a correct checksum. */
function easyExport(inner: string, pretty = false): string {
  const envelope = { data: inner, ver: 2, checksum: md5(inner) };
  return pretty ? JSON.stringify(envelope, null, 2) + '\n' : JSON.stringify(envelope);
}

const fixtureNames = readdirSync(FIXTURES).filter((n) => n.endsWith('.json'));

describe('wp-plugin-json fixtures (sidecar .expect markers)', () => {
  test('the fixture set covers every shape and the non-plugin JSON files', () => {
    for (const name of ['wp-mail-smtp-dump.json', 'fluent-smtp-settings.json', 'postman-options.json', 'easy_wp_smtp_settings.json', 'package.json', 'composer.json']) {
      assert.ok(fixtureNames.includes(name), name);
    }
  });
  for (const name of fixtureNames) {
    test(name, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const expectFile = join(FIXTURES, `${name}.expect`);
      const expected = existsSync(expectFile)
        ? readFileSync(expectFile, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean).sort()
        : [];
      assert.deepEqual(lineRules(lintText(text, { path: join(FIXTURES, name) })), expected);
    });
  }
});

describe('recognised by content, not by name', () => {
  for (const name of ['wp-mail-smtp-dump.json', 'options-backup-2024.json', 'fluent-smtp-settings.json', 'postman-options.json', 'easy_wp_smtp_settings.json', 'easy-smtp-2x-export.json']) {
    test(`${name} under other names`, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const original = lineRules(lint(text, name));
      assert.ok(original.length > 0);
      for (const path of ['backup-2024.json', 'exports/site-settings.JSON', 'C:\\dumps\\x.json']) {
        const r = lint(text, path);
        assert.equal(r.format, 'wp-plugin-json', path);
        assert.deepEqual(lineRules(r), original, path);
      }
    });
  }

  test('JSON that is not a plugin dump is skipped silently', () => {
    for (const name of ['package.json', 'composer.json', 'tsconfig.json', 'analytics-export.json']) {
      const r = lint(readFileSync(join(FIXTURES, name), 'utf8'), name);
      assert.deepEqual(r.findings, [], name);
      assert.ok(r.skipped, `${name} should be skipped`);
    }
    // Passes the cheap key sniff ("smtp", "data"), but is no plugin's shape: parsed and skipped with the reason.
    const r = lint('{"smtp": {"host": "smtp.sendgrid.net", "port": 25}, "data": 1}');
    assert.equal(r.format, 'wp-plugin-json');
    assert.equal(r.skipped, 'not a mail-plugin settings dump');
    assert.deepEqual(r.findings, []);
    assert.equal(lint('{"compilerOptions": {"strict": true}}', '.smtp-lint.json').findings.length, 0);
    assert.equal(lint('[{"option_name": "wp_mail_smtp"}]').findings.length, 0);
  });
});

describe('WP Mail SMTP (wp_mail_smtp)', () => {
  const dump = (smtp: Record<string, unknown>, mail: Record<string, unknown> = { mailer: 'smtp' }) =>
    JSON.stringify({ mail, smtp }, null, 2) + '\n';

  test('port 25 to SendGrid: port-25 on the port value; none + autotls off: missing-tls on encryption', () => {
    const text = dump({ host: 'smtp.sendgrid.net', port: 25, encryption: 'none', autotls: false, auth: true, user: 'apikey' });
    const r = lint(text);
    const [port25] = findingsOf(r, 'port-25');
    assert.equal(at(text, port25.span), '25');
    assert.equal(r.index.positionAt(port25.span.start).line + 1, lineOf(text, '"port"'));
    const [missing] = findingsOf(r, 'missing-tls');
    assert.equal(at(text, missing.span), '"none"');
    assert.equal(findingsOf(r, 'tls-not-enforced').length, 0);
  });

  test("'ssl' on 587 is a tls-port-mismatch; 'tls' on 587 is fine", () => {
    const bad = dump({ host: 'smtp.mailgun.org', port: '587', encryption: 'ssl', auth: true });
    const [m] = findingsOf(lint(bad), 'tls-port-mismatch');
    assert.equal(at(bad, m.span), '"ssl"');
    assert.deepEqual(lint(dump({ host: 'smtp.mailgun.org', port: '587', encryption: 'tls', auth: true })).findings, []);
  });

  test("'none' with autotls on (or absent) is opportunistic, not plaintext", () => {
    for (const autotls of [true, '1', 'true', undefined]) {
      const smtp: Record<string, unknown> = { host: 'smtp.sendgrid.net', port: 587, encryption: 'none' };
      if (autotls !== undefined) smtp.autotls = autotls;
      const r = lint(dump(smtp));
      assert.equal(profiles(r)[0].tls.value, 'opportunistic', String(autotls));
      assert.deepEqual(r.findings.map((f) => f.ruleId), ['tls-not-enforced'], String(autotls));
    }
    for (const autotls of [false, '', '0', 0]) {
      assert.equal(profiles(lint(dump({ host: 'smtp.sendgrid.net', port: 587, encryption: 'none', autotls })))[0].tls.value, 'none', String(autotls));
    }
  });

  test('values written as strings or numbers read the same', () => {
    const p = profiles(lint(dump({ host: 'smtp.gmail.com', port: '465', encryption: 'ssl', auth: '', autotls: '1' })))[0];
    assert.equal(p.port?.value, 465);
    assert.equal(p.auth?.value, false);
    assert.equal(p.tls.value, 'implicit');
    // PHP truthiness: the string "false" is true.
    assert.equal(profiles(lint(dump({ host: 'smtp.gmail.com', port: 587, encryption: 'tls', auth: 'false' })))[0].auth?.value, true);
  });

  test('a mailer other than smtp, or an empty host, makes the profile inactive', () => {
    const api = lint(dump({ host: 'smtp.sendgrid.net', port: 25, encryption: 'none', autotls: false }, { mailer: 'sendgrid' }));
    assert.equal(profiles(api)[0].active, false);
    assert.match(profiles(api)[0].inactiveReason ?? '', /sendgrid/);
    assert.deepEqual(api.findings, []);
    const noMailer = lint(dump({ host: 'smtp.sendgrid.net', port: 25, autotls: false }, {}));
    assert.equal(profiles(noMailer)[0].active, false);
    const emptyHost = lint(dump({ host: '', port: 25, autotls: false }));
    assert.equal(profiles(emptyHost)[0].active, false);
    assert.deepEqual(emptyHost.findings, []);
  });

  test('wrapped as { "wp_mail_smtp": ... } in a multi-option dump', () => {
    const text = JSON.stringify({ blogname: 'x', wp_mail_smtp: { mail: { mailer: 'smtp' }, smtp: { host: 'smtp.sendgrid.net', port: 25, encryption: 'tls' } } }, null, 2);
    const r = lint(text);
    assert.equal(profiles(r)[0].ecosystem, 'wp-mail-smtp');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['port-25']);
  });

  test('an encrypted pass is not reported as plaintext; a readable one is, and neither leaks', () => {
    const cipher = Buffer.from(Array.from({ length: 60 }, (_, i) => (i * 73 + 11) % 256)).toString('base64');
    const enc = lint(dump({ host: 'smtp.gmail.com', port: 587, encryption: 'tls', auth: true, user: 'me@gmail.example', pass: cipher }));
    assert.equal(profiles(enc)[0].password?.value.kind, 'reference');
    assert.equal(findingsOf(enc, 'plaintext-password').length, 0);
    assert.ok(enc.parsed?.secrets.includes(cipher));

    const plain = 'Hunter-Gatherer-1987';
    const text = dump({ host: 'smtp.gmail.com', port: 587, encryption: 'tls', auth: true, user: 'me@gmail.example', pass: plain });
    const r = lint(text);
    const [pw] = findingsOf(r, 'plaintext-password');
    assert.equal(at(text, pw.span), JSON.stringify(plain));
    assert.ok(r.parsed?.secrets.includes(plain));
    for (const f of r.findings) assert.ok(!f.message.includes(plain));
  });

  test('API keys of other mailers are kept as secrets', () => {
    const r = lint(readFileSync(join(FIXTURES, 'wp-mail-smtp-api-mailer.json'), 'utf8'));
    assert.ok(r.parsed?.secrets.includes('SG.kept-in-db-not-smtp.UXVpZXRCcm9vaw'));
    assert.ok(!r.parsed?.secrets.includes('studio.example'));
  });

  test('symbols for hovers point at keys and values', () => {
    const text = dump({ host: 'smtp.sendgrid.net', port: 587, encryption: 'tls', autotls: true, auth: true, user: 'apikey', pass: 'x-y-z-w' });
    const symbols = lint(text).parsed!.symbols;
    const byKey = new Map(symbols.map((s) => [s.key, s]));
    for (const [key, role, written] of [
      ['mail.mailer', 'mailer', '"mailer"'],
      ['smtp.host', 'host', '"host"'],
      ['smtp.port', 'port', '"port"'],
      ['smtp.encryption', 'tls', '"encryption"'],
      ['smtp.autotls', 'tls', '"autotls"'],
      ['smtp.auth', 'auth', '"auth"'],
      ['smtp.user', 'user', '"user"'],
      ['smtp.pass', 'password', '"pass"'],
    ] as const) {
      const s = byKey.get(key);
      assert.ok(s, key);
      assert.equal(s.role, role);
      assert.equal(at(text, s.keySpan!), written);
    }
    assert.equal(at(text, byKey.get('smtp.port')!.valueSpan!), '587');
  });
});

describe('duplicate keys', () => {
  test('the earlier of two keys is reported; the last one decides (JSON.parse)', () => {
    const text = '{\n  "mail": {"mailer": "smtp"},\n  "smtp": {\n    "port": 25,\n    "host": "smtp.gmail.com",\n    "encryption": "tls",\n    "port": 587\n  }\n}\n';
    const r = lint(text);
    assert.equal(profiles(r)[0].port?.value, 587);
    const [dup] = findingsOf(r, 'duplicate-setting');
    assert.equal(r.index.positionAt(dup.span.start).line + 1, 4);
    assert.match(dup.message, /last value wins \(JSON\.parse\)/);
    const fixed = fixAll(text, { path: 'x.json' }).text;
    assert.deepEqual(JSON.parse(fixed), JSON.parse(text));
    assert.equal(fixed, '{\n  "mail": {"mailer": "smtp"},\n  "smtp": {\n    "host": "smtp.gmail.com",\n    "encryption": "tls",\n    "port": 587\n  }\n}\n');
  });

  test('compact JSON and a duplicate in last position stay valid after removal', () => {
    for (const text of [
      '{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.gmail.com","port":587,"encryption":"ssl","encryption":"tls"}}',
      '{"mail":{"mailer":"smtp","mailer":"smtp"},"smtp":{"host":"smtp.gmail.com","port":587,"encryption":"tls"}}',
    ]) {
      const r = lint(text);
      assert.equal(findingsOf(r, 'duplicate-setting').length, 1);
      const fixed = fixAll(text, { path: 'x.json' }).text;
      assert.deepEqual(JSON.parse(fixed), JSON.parse(text));
      assert.equal(findingsOf(lint(fixed), 'duplicate-setting').length, 0);
    }
  });
});

describe('FluentSMTP (fluentmail-settings)', () => {
  const text = readFileSync(join(FIXTURES, 'fluent-smtp-settings.json'), 'utf8');

  test('one profile per connection; non-SMTP providers are inactive', () => {
    const ps = profiles(lint(text, 'fluent.json'));
    assert.deepEqual(ps.map((p) => [p.label, p.active]), [
      ['FluentSMTP connection "Gmail (orders)"', true],
      ['FluentSMTP connection "Mailgun (alerts)"', true],
      ['FluentSMTP connection "Amazon SES"', false],
    ]);
    assert.match(ps[2].inactiveReason ?? '', /ses/);
  });

  test("key_store 'wp_config' means the password is a constant reference", () => {
    const [gmail] = profiles(lint(text));
    assert.deepEqual(gmail.password?.value, { kind: 'reference', text: 'FLUENTMAIL_SMTP_PASSWORD' });
  });

  test('the SES secret key of an inactive connection is still a secret', () => {
    assert.ok(lint(text).parsed?.secrets.includes('wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY'));
  });

  test("auth 'no' and auto_tls 'no' read as off; a non-SMTP connection with port 25 has no findings", () => {
    const settings = {
      connections: {
        a: { title: 'A', provider_settings: { provider: 'smtp', host: 'smtp.sendgrid.net', port: '587', auth: 'yes', encryption: 'none', auto_tls: 'no', username: 'apikey', password: 'Tr0ub4dor-and-3' } },
        b: { title: 'B', provider_settings: { provider: 'sendgrid', host: 'smtp.sendgrid.net', port: '25', encryption: 'none' } },
      },
    };
    const r = lint(JSON.stringify(settings, null, 2));
    assert.equal(profiles(r)[0].tls.value, 'none');
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['missing-tls', 'plaintext-password']);
  });
});

describe('Post SMTP (postman_options)', () => {
  const text = readFileSync(join(FIXTURES, 'postman-options.json'), 'utf8');

  test('the enabled fallback server is a second profile with its own findings', () => {
    const r = lint(text);
    const [main, fallback] = profiles(r);
    assert.equal(main.host?.value, 'smtp.office365.com');
    assert.equal(main.tls.value, 'starttls');
    assert.equal(fallback.label, 'Post SMTP fallback server');
    assert.equal(fallback.active, true);
    assert.equal(fallback.host?.value, 'smtp.ionos.de');
    const [port25] = findingsOf(r, 'port-25');
    assert.equal(r.index.positionAt(port25.span.start).line + 1, lineOf(text, '"fallback_smtp_port"'));
  });

  test('base64 passwords are decoded: both spellings are secrets, the decoded one is the literal', () => {
    const r = lint(text);
    const [main] = profiles(r);
    assert.deepEqual(main.password?.value, { kind: 'literal', text: 'Winter-Lake-42!' });
    for (const s of ['Winter-Lake-42!', 'V2ludGVyLUxha2UtNDIh', 'Fallback#Pass-2023', 'RmFsbGJhY2sjUGFzcy0yMDIz']) {
      assert.ok(r.parsed?.secrets.includes(s), s);
    }
  });

  test('a disabled fallback, an API transport, and a non-delivering run mode are inactive', () => {
    const disabled = JSON.parse(text);
    disabled.postman_options.fallback_smtp_enabled = 'no';
    const r1 = lint(JSON.stringify(disabled, null, 2));
    assert.equal(profiles(r1)[1].active, false);
    assert.equal(findingsOf(r1, 'port-25').length, 0);

    const api = JSON.parse(text);
    api.postman_options.transport_type = 'gmail_api';
    api.postman_options.fallback_smtp_enabled = 'no';
    const r2 = lint(JSON.stringify(api));
    assert.equal(profiles(r2)[0].active, false);
    // The stored passwords still leak from the dump; nothing else is judged.
    assert.deepEqual(r2.findings.map((f) => f.ruleId), ['plaintext-password', 'plaintext-password']);

    const logOnly = JSON.parse(text);
    logOnly.postman_options.run_mode = 'log_only';
    const r3 = lint(JSON.stringify(logOnly));
    assert.ok(profiles(r3).every((p) => !p.active && /log_only/.test(p.inactiveReason ?? '')));
    assert.deepEqual(r3.findings.map((f) => f.ruleId), ['plaintext-password', 'plaintext-password']);
  });

  test("auth_type 'none' towards a remote relay is auth-disabled; 'tls' on 465 is a mismatch", () => {
    const options = { transport_type: 'smtp', hostname: 'smtp.mailgun.org', port: 465, enc_type: 'tls', auth_type: 'none' };
    const t = JSON.stringify(options, null, 2);
    const r = lint(t);
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['auth-disabled', 'tls-port-mismatch']);
    assert.equal(at(t, findingsOf(r, 'auth-disabled')[0].span), '"none"');
  });
});

describe('Easy WP SMTP export (JSON inside a JSON string)', () => {
  test('1.x export: findings point into the data string at the right escaped text', () => {
    const text = readFileSync(join(FIXTURES, 'easy_wp_smtp_settings.json'), 'utf8');
    const r = lint(text, 'settings.json');
    const [mismatch] = findingsOf(r, 'tls-port-mismatch');
    assert.equal(at(text, mismatch.span), '\\"ssl\\"');
    const [verify] = findingsOf(r, 'tls-verify-disabled');
    assert.equal(at(text, verify.span), '1');
    assert.ok(text.slice(verify.span.start - 16, verify.span.start).includes('insecure_ssl'));
    const [pw] = findingsOf(r, 'plaintext-password');
    assert.equal(at(text, pw.span), '\\"a1g5I21RMnYhTHI3\\"');
    assert.deepEqual(profiles(r)[0].password?.value, { kind: 'literal', text: 'kX9#mQ2v!Lr7' });
  });

  test('offsets stay exact after escapes (\\/, \\u00e9, \\") earlier in the data string', () => {
    const inner = JSON.stringify({
      mail: { from_name: 'Café "Zoë"', mailer: 'smtp', note: 'a/b\\c' },
      smtp: { host: 'smtp.sendgrid.net', port: 25, encryption: 'tls' },
    }).replace(/\//g, '\\/').replace(/é/g, '\\u00e9');
    const text = easyExport(inner);
    const r = lint(text);
    const [port25] = findingsOf(r, 'port-25');
    assert.equal(at(text, port25.span), '25');
    assert.equal(text.slice(port25.span.start - 9, port25.span.start), '\\"port\\":');
    const host = r.parsed!.symbols.find((s) => s.key === 'smtp.host')!;
    assert.equal(at(text, host.valueSpan!), '\\"smtp.sendgrid.net\\"');
  });

  test('decodeStringLiteral maps every decoded unit to its source', () => {
    const src = '"a\\"b\\u00e9\\ud83d\\ude00c"';
    const d = decodeStringLiteral(src, 0, src.length)!;
    assert.equal(d.value, JSON.parse(src));
    assert.deepEqual(d.map, [1, 2, 4, 5, 11, 17, 23, 24]);
    assert.equal(decodeStringLiteral('"abc', 0, 4), undefined);
    assert.equal(decodeStringLiteral('"a\\x"', 0, 5), undefined);
  });

  test('insecure_ssl: any value but false counts (the plugin tests !== false); false does not', () => {
    const withInsecure = (v: unknown) =>
      easyExport(JSON.stringify({ swpsmtp_options: { from_email_field: 'a@b.example', from_name_field: 'A', smtp_settings: { host: 'smtp.gmail.com', port: 465, type_encryption: 'ssl', autentication: 'yes', username: 'a@b.example', password: '', insecure_ssl: v } } }));
    for (const v of [1, '1', 0, true]) assert.equal(findingsOf(lint(withInsecure(v)), 'tls-verify-disabled').length, 1, String(v));
    for (const v of [false, null]) assert.equal(findingsOf(lint(withInsecure(v)), 'tls-verify-disabled').length, 0, String(v));
  });

  test("1.x: type_encryption 'none' is plaintext (AutoTLS forced off); empty From fields make it inactive", () => {
    const opts = (from: string) => ({ swpsmtp_options: { from_email_field: from, from_name_field: 'Shop', smtp_settings: { host: 'smtp.sendgrid.net', port: 587, type_encryption: 'none', autentication: 'no' } } });
    const r = lint(easyExport(JSON.stringify(opts('shop@x.example'))));
    assert.equal(profiles(r)[0].tls.value, 'none');
    assert.deepEqual(r.findings.map((f) => f.ruleId).sort(), ['auth-disabled', 'missing-tls']);
    const off = lint(easyExport(JSON.stringify(opts(''))));
    assert.equal(profiles(off)[0].active, false);
    assert.deepEqual(off.findings, []);
  });

  test('1.x: an encrypted password is readable when the export carries the key, a reference when not', () => {
    const data = (withKey: boolean) => ({
      swpsmtp_options: { from_email_field: 'a@b.example', from_name_field: 'A', smtp_settings: { host: 'smtp.gmail.com', port: 587, type_encryption: 'tls', autentication: 'yes', username: 'a@b.example', password: 'Q2lwaGVyVGV4dFdpdGhJVg==' } },
      swpsmtp_pass_encrypted: true,
      ...(withKey ? { swpsmtp_enc_key: 'k3y-m4t3r14l-f0r-d3crypt10n' } : {}),
    });
    const withKey = lint(easyExport(JSON.stringify(data(true))));
    assert.equal(profiles(withKey)[0].password?.value.kind, 'literal');
    assert.ok(withKey.parsed?.secrets.includes('k3y-m4t3r14l-f0r-d3crypt10n'));
    assert.equal(findingsOf(withKey, 'plaintext-password').length, 1);
    assert.equal(profiles(lint(easyExport(JSON.stringify(data(false)))))[0].password?.value.kind, 'reference');
  });

  test('2.x options inside the export: a missing encryption key is inserted compactly, checksum follows', () => {
    const inner = JSON.stringify({ mail: { mailer: 'smtp' }, smtp: { host: 'smtp.sendgrid.net', port: 587, autotls: false, auth: true } });
    const text = easyExport(inner, true);
    const r = lint(text);
    assert.equal(profiles(r)[0].ecosystem, 'easy-wp-smtp');
    assert.deepEqual(r.findings.map((f) => f.ruleId), ['missing-tls']);
    const fixed = fixAll(text, { path: 'x.json' }).text;
    const outer = JSON.parse(fixed);
    assert.equal(outer.checksum, md5(outer.data));
    assert.ok(outer.data.includes('"auth":true,"encryption":"tls"}'), outer.data);
    assert.equal(JSON.parse(outer.data).smtp.encryption, 'tls');
    assert.deepEqual(lint(fixed).findings, []);
  });

  test('a payload that is not JSON (PHP-serialized) is skipped with the reason', () => {
    const r = lint(JSON.stringify({ data: 'a:1:{s:15:"swpsmtp_options";a:0:{}}', ver: 2, checksum: 'x' }));
    assert.deepEqual(r.findings, []);
    assert.match(r.skipped ?? '', /not JSON/);
  });
});

describe('broken input never crashes', () => {
  const sources = fixtureNames.filter((n) => !['package.json', 'composer.json', 'tsconfig.json'].includes(n));
  for (const name of sources) {
    test(`every truncation of ${name}`, () => {
      const text = readFileSync(join(FIXTURES, name), 'utf8');
      const step = Math.max(1, Math.floor(text.length / 150));
      for (let n = 0; n < text.length; n += step) {
        const cut = text.slice(0, n);
        const r = lint(cut);
        assert.ok(!r.skipped?.startsWith('could not parse'), `${name} cut at ${n}: ${r.skipped}`);
        fixAll(cut, { path: 'x.json' });
      }
    });
  }

  test('garbage and odd roots', () => {
    for (const text of ['', '{', '}', '{"mail":', '{"data":"{\\"mail', '{"data":"\\u12","ver":2}', 'null', '"smtp"', '{"smtp": [1,2]}', '\uFEFF{"mail":{"mailer":"smtp"}}', '{"connections": {"a": {"provider_settings": 5}}}']) {
      const r = lint(text);
      assert.ok(!r.skipped?.startsWith('could not parse'), `${JSON.stringify(text)}: ${r.skipped}`);
    }
  });
});

describe('golden fixes (test/fixtures/wp-plugin-json/fix)', () => {
  const inputs = readdirSync(FIX_DIR).filter((n) => n.endsWith('.json') && !n.endsWith('.fixed.json'));
  test('there are golden fixes for every shape', () => {
    assert.ok(inputs.length >= 5, inputs.join(', '));
  });
  for (const name of inputs) {
    test(name, () => {
      const input = readFileSync(join(FIX_DIR, name), 'utf8');
      const expected = readFileSync(join(FIX_DIR, name.replace(/\.json$/, '.fixed.json')), 'utf8');
      const path = join(FIX_DIR, name);
      assert.ok(lintText(input, { path }).findings.some((f) => f.fixes.length > 0), 'the input has fixable findings');
      const { text, applied } = fixAll(input, { path });
      assert.ok(applied > 0);
      assert.equal(text, expected);
      const parsed = JSON.parse(text);
      if (typeof parsed.data === 'string') {
        JSON.parse(parsed.data);
        assert.equal(parsed.checksum, md5(parsed.data), 'the export checksum matches the edited data');
      }
      assert.equal(fixAll(text, { path }).text, text, 'fixing again changes nothing');
      const fixable = lintText(text, { path }).findings.filter((f) => f.fixes.length > 0);
      assert.deepEqual(fixable.map((f) => f.ruleId), []);
    });
  }
});

describe('JSON with syntax errors: findings, but no fixes', () => {
  test('a missing comma in the dump: the settings are judged, nothing is edited', () => {
    // jsonc-parser recovers from the missing comma; JSON.parse (and WordPress) does not.
    const text = '{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.sendgrid.net","encryption":"none" "auth":true}}\n';
    const r = lint(text, 'wp-mail-smtp.json');
    assert.ok(r.findings.length > 0, 'the readable settings are still judged');
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.equal(fixAll(text, { path: 'wp-mail-smtp.json' }).text, text);
  });

  test('the same dump without the error is fixable (the guard is what stops the fixes)', () => {
    const text = '{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.sendgrid.net","encryption":"none","auth":true}}\n';
    assert.ok(lint(text, 'wp-mail-smtp.json').findings.some((f) => f.fixes.length > 0));
  });

  test("an export whose inner \"data\" JSON is broken is not edited (fixing used to insert the key again on every pass)", () => {
    const inner = '{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.sendgrid.net","port":587,"encryption":});"tls","auth":true}}';
    const text = easyExport(inner, true);
    const r = lint(text, 'easy-wp-smtp-export.json');
    assert.ok(r.parsed && r.parsed.profiles.length > 0, 'read as far as it goes');
    assert.deepEqual(r.findings.flatMap((f) => f.fixes), []);
    assert.deepEqual(r.parsed.duplicates.flatMap((d) => d.removal), []);
    assert.equal(fixAll(text, { path: 'easy-wp-smtp-export.json' }).text, text);
  });

  test('comments and trailing commas are not syntax errors here (edits land correctly and the file keeps them)', () => {
    const text = '{\n  // exported 2024-05-01\n  "mail": { "mailer": "smtp" },\n  "smtp": { "host": "smtp.sendgrid.net", "port": 25, "encryption": "tls", },\n}\n';
    const fixed = fixAll(text, { path: 'wp-mail-smtp.json' }).text;
    assert.notEqual(fixed, text);
    assert.match(fixed, /"port": 587/);
    assert.equal(fixAll(fixed, { path: 'wp-mail-smtp.json' }).text, fixed);
  });
});

describe('deep nesting', () => {
  const dump = (extra: string) => `{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.sendgrid.net","port":25,"x":${extra}}}`;

  test('20,000 nested arrays next to the settings: read like a shallow value, no "could not parse"', () => {
    const shallow = lint(dump('[[1]]'), 'wp-mail-smtp.json');
    const deep = lint(dump('['.repeat(20000) + ']'.repeat(20000)), 'wp-mail-smtp.json');
    assert.equal(deep.skipped, undefined);
    assert.deepEqual(lineRules(deep), lineRules(shallow));
    assert.ok(lineRules(deep).length > 0);
    // Fixes still apply at the right place: the port value, not somewhere in the brackets.
    const deepValue = '['.repeat(20000) + ']'.repeat(20000);
    const fixed = fixAll(dump(deepValue), { path: 'wp-mail-smtp.json' }).text;
    const fixedShallow = fixAll(dump('[[1]]'), { path: 'wp-mail-smtp.json' }).text;
    assert.match(fixedShallow, /"port":587/);
    assert.equal(fixed, fixedShallow.replace('[[1]]', deepValue));
  });

  test('unclosed deep nesting (objects, arrays, inside an export) never throws', () => {
    for (const text of [`{"smtp":${'['.repeat(50000)}`, `{"smtp":${'{"a":'.repeat(20000)}`, `{"data":"${'{\\"smtp\\":'.repeat(8000)}","ver":2}`]) {
      const r = lint(text, 'wp-mail-smtp.json');
      assert.ok(!r.skipped?.startsWith('could not parse'), r.skipped);
    }
  });

  test('withDeepContainersEmptied keeps every offset and skips brackets in strings and comments', () => {
    const text = `{"a":"[[[[","b":[[[/* [[[ */[1,"]]"]]]],"c":1}`;
    assert.equal(withDeepContainersEmptied(text, 10), text);
    const out = withDeepContainersEmptied(text, 2);
    assert.equal(out.length, text.length);
    assert.equal(out, `{"a":"[[[[","b":[[                   ]],"c":1}`);
    // The root is level 1: the array that opens level 3 is kept, empty.
    assert.deepEqual(JSON.parse(out), { a: '[[[[', b: [[]], c: 1 });
  });
});

describe('secrets in the spelling the file uses', () => {
  const password = 'Dsn-S3cret-p@ss:w/rd';
  const dumpWith = (spelled: string) => `{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.mailgun.org","port":25,"encryption":"none","auth":true,"user":"u","pass":"${spelled}"}}`;

  test('a password written with \\/ and \\u escapes (json_encode) is redacted as written', () => {
    const spelled = 'Dsn-S3cret-p\\u0040ss:w\\/rd';
    const r = lint(dumpWith(spelled), 'wp-mail-smtp.json');
    assert.ok(r.parsed);
    assert.ok(r.parsed.secrets.includes(password), 'the decoded value');
    assert.ok(r.parsed.secrets.includes(spelled), 'the spelling in the file');
    // What a diff shows of the file must not show the secret in either spelling.
    const shown = redact(dumpWith(spelled), r.parsed.secrets);
    assert.ok(!shown.includes('S3cret'), shown);
  });

  test('inside an export: the spelling through both levels of escaping', () => {
    const inner = dumpWith('Dsn-S3cret-p@ss:w\\/rd');
    const text = JSON.stringify({ data: inner, ver: 2, checksum: md5(inner) }).replace(/\//g, '\\/');
    const r = lint(text, 'easy-wp-smtp-export.json');
    assert.ok(r.parsed && r.parsed.profiles.length > 0, r.skipped);
    const shown = redact(text, r.parsed.secrets);
    assert.ok(!shown.includes('S3cret'), shown);
  });

  test('a secret inside a longer string (an API key in a URL-ish value) is found by offset', () => {
    const text = `{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.mailgun.org","port":25,"pass":"x"},"sendgrid":{"api_key":"SG.abc\\/def\\u002Dghi"}}`;
    const r = lint(text, 'wp-mail-smtp.json');
    assert.ok(r.parsed?.secrets.includes('SG.abc\\/def\\u002Dghi'), JSON.stringify(r.parsed?.secrets));
  });
});
