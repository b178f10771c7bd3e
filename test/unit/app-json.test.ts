// App configs as JSON: Ghost (Nodemailer semantics, truthiness included) and Keycloak realm exports (string
// values), tried after the WordPress plugin dumps; other JSON skipped; fixes keep JSON valid and value types.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyEdits, fixAll, lintText, redact, type LintResult, type MailProfile } from '../../server/src/engine';

function lint(text: string, path: string): LintResult {
  return lintText(text, { path });
}

function ruleIds(r: LintResult): string[] {
  return r.findings.map((f) => f.ruleId).sort();
}

function only(text: string, path: string): MailProfile {
  const r = lint(text, path);
  assert.ok(r.parsed && !r.skipped, `not parsed: ${r.skipped}`);
  assert.equal(r.parsed.profiles.length, 1);
  return r.parsed.profiles[0];
}

const GHOST = 'config.production.json';
/** A Ghost config around `options` (JSON text of mail.options). */
/** `transport` null: no transport key at all. */
const ghost = (options: Record<string, unknown>, transport: string | null = 'SMTP') =>
  JSON.stringify({ url: 'https://blog.example.com', mail: { ...(transport === null ? {} : { transport }), options } }, null, 2) + '\n';
const auth = { user: 'postmaster@mg.example.com' };

describe('which JSON files', () => {
  test('Ghost configs by name; other JSON is skipped without findings', () => {
    assert.equal(lint(ghost({ host: 'smtp.mailgun.org', port: 587, auth }), GHOST).format, 'app-json');
    assert.equal(lint(ghost({ host: 'smtp.mailgun.org', port: 587, auth }), 'content/settings/config.staging.json').format, 'app-json');
    for (const [path, text] of [
      ['package.json', '{ "name": "x", "config": { "mail": { "options": { "port": 25 } } } }'],
      ['tsconfig.json', '{ "compilerOptions": { "strict": true } }'],
      ['settings.json', ghost({ host: 'smtp.mailgun.org', port: 25 })],
      ['config.json', ghost({ host: 'smtp.mailgun.org', port: 25 })],
    ]) {
      const r = lint(text, path);
      assert.deepEqual(r.findings, [], path);
      assert.ok(r.skipped, path);
    }
  });
  test('a Keycloak realm export under any name; the WordPress plugin format is tried first and declines', () => {
    const text = JSON.stringify({ realm: 'acme', smtpServer: { host: 'smtp.example.com', port: '25', auth: 'true', user: 'u', password: '**********' } });
    for (const path of ['realm-export.json', 'import/acme.json', 'backup-2024.json']) {
      const r = lint(text, path);
      assert.equal(r.format, 'app-json', path);
      assert.deepEqual(ruleIds(r), ['missing-tls', 'port-25'], path);
    }
  });
  test('a JSON text with syntax errors is judged from what could be read, but no fix is offered', () => {
    const r = lint('{"mail": {"transport": "SMTP", "options": {"host": "smtp.mailgun.org", "port": 25, "auth": {"user": "u"}}', GHOST);
    assert.ok(r.findings.some((f) => f.ruleId === 'port-25'));
    assert.ok(r.findings.every((f) => f.fixes.length === 0));
  });
  test('half-typed JSON never throws', () => {
    for (const text of ['{"mail": {"transport": "SMTP", "options": {"port": ', '{"smtpServer": {"host": "x", "port": "25"', '[{"smtpServer": ', '{"realms": [{"smtpServer": {"host": 5}}]}', '{"mail": 5, "options": 1}']) {
      for (const path of [GHOST, 'realm.json']) assert.doesNotThrow(() => fixAll(text, { path }), text);
    }
  });
});

describe('Ghost: Nodemailer semantics', () => {
  const cases: [string, Record<string, unknown>, { port: number | string | undefined; tls: string; fromPort?: boolean }][] = [
    ['no port, no secure: 587 opportunistic', { host: 'smtp.mailgun.org' }, { port: 587, tls: 'opportunistic' }],
    ['secure true: 465 implicit by default', { host: 'smtp.mailgun.org', secure: true }, { port: 465, tls: 'implicit' }],
    ['465 without secure: implicit by itself', { host: 'smtp.mailgun.org', port: 465 }, { port: 465, tls: 'implicit', fromPort: true }],
    ['requireTLS: required STARTTLS', { host: 'smtp.mailgun.org', port: 587, requireTLS: true }, { port: 587, tls: 'starttls' }],
    ['ignoreTLS: never encrypted', { host: 'smtp.mailgun.org', port: 587, ignoreTLS: true }, { port: 587, tls: 'none' }],
    ['the string "false" is truthy: implicit', { host: 'smtp.mailgun.org', port: 587, secure: 'false' }, { port: 587, tls: 'implicit' }],
    ['a port written as a string', { host: 'smtp.mailgun.org', port: '2525', requireTLS: true }, { port: 2525, tls: 'starttls' }],
  ];
  for (const [name, options, want] of cases) {
    test(name, () => {
      const p = only(ghost({ ...options, auth }), GHOST);
      assert.equal(p.port?.value, want.port);
      assert.equal(p.tls.value, want.tls);
      if (want.fromPort !== undefined) assert.equal(p.tlsFromPort, want.fromPort);
      assert.equal(p.ecosystem, 'ghost');
    });
  }
  test('secure: false on 465 is a mismatch, reported at `secure`', () => {
    const text = ghost({ host: 'smtp.mailgun.org', port: 465, secure: false, auth });
    const r = lint(text, GHOST);
    assert.deepEqual(ruleIds(r), ['tls-port-mismatch']);
    assert.equal(text.slice(r.findings[0].span.start, r.findings[0].span.end), 'false');
  });
  test('secure: true on 587 is a mismatch', () => {
    assert.deepEqual(ruleIds(lint(ghost({ host: 'smtp.mailgun.org', port: 587, secure: true, auth }), GHOST)), ['tls-port-mismatch']);
  });
  test('only the boolean false turns certificate checks off', () => {
    assert.deepEqual(ruleIds(lint(ghost({ host: 'smtp.mailgun.org', port: 587, requireTLS: true, auth, tls: { rejectUnauthorized: false } }), GHOST)), ['tls-verify-disabled']);
    assert.deepEqual(ruleIds(lint(ghost({ host: 'smtp.mailgun.org', port: 587, requireTLS: true, auth, tls: { rejectUnauthorized: 'false' } }), GHOST)), []);
  });
  test('a well-known service decides host, port and TLS: only certificate and password checks remain', () => {
    const r = lint(ghost({ service: 'Mailgun', host: 'smtp.example.com', port: 25, ignoreTLS: true, tls: { rejectUnauthorized: false }, auth: { user: 'u', pass: 'a1b2c3d4e5f6-live-key' } }), GHOST);
    assert.deepEqual(ruleIds(r), ['plaintext-password', 'tls-verify-disabled']);
  });
  test('no SMTP transport (Direct, sendmail, or none at all): nothing is judged', () => {
    for (const transport of ['Direct', 'sendmail', null]) {
      const r = lint(ghost({ host: 'smtp.mailgun.org', port: 25 }, transport), GHOST);
      assert.deepEqual(r.findings, [], String(transport));
    }
  });
  test('no auth towards a remote relay; a local relay is fine', () => {
    assert.deepEqual(ruleIds(lint(ghost({ host: 'smtp.mailgun.org', port: 587, requireTLS: true }), GHOST)), ['auth-disabled']);
    assert.deepEqual(ruleIds(lint(ghost({ host: '127.0.0.1', port: 25, ignoreTLS: true }), GHOST)), []);
  });
  test('duplicate keys: the last wins, as JSON.parse does', () => {
    const text = '{"mail": {"transport": "SMTP", "options": {"host": "smtp.mailgun.org", "port": 25, "port": 587, "requireTLS": true, "auth": {"user": "u"}}}}';
    const r = lint(text, GHOST);
    assert.deepEqual(ruleIds(r), ['duplicate-setting']);
    const fixed = fixAll(text, { path: GHOST }).text;
    assert.equal(JSON.parse(fixed).mail.options.port, 587);
    assert.ok(!fixed.includes('25'));
  });
  test('the password never appears in a message', () => {
    const r = lint(ghost({ host: 'smtp.mailgun.org', port: 25, auth: { user: 'u', pass: 'Hq8-live-Secret-77' } }), GHOST);
    assert.ok(r.findings.length >= 2);
    for (const f of r.findings) assert.ok(!f.message.includes('Hq8-live-Secret-77'));
  });
  test('fixes keep valid JSON, the port type and the object style; fixing twice changes nothing', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<unknown>(undefined, 25, 465, 587, '25', '465'),
        fc.constantFrom<unknown>(undefined, true, false, 'false'),
        fc.constantFrom<unknown>(undefined, true, false),
        fc.constantFrom<unknown>(undefined, true),
        fc.boolean(),
        fc.constantFrom(0, 2, 4),
        (port, secure, requireTLS, ignoreTLS, reject, indent) => {
          const options: Record<string, unknown> = { host: 'smtp.mailgun.org' };
          if (port !== undefined) options.port = port;
          if (secure !== undefined) options.secure = secure;
          if (requireTLS !== undefined) options.requireTLS = requireTLS;
          if (ignoreTLS !== undefined) options.ignoreTLS = ignoreTLS;
          options.auth = auth;
          if (reject) options.tls = { rejectUnauthorized: false };
          const text = JSON.stringify({ mail: { transport: 'SMTP', options } }, null, indent) + '\n';
          const fixed = fixAll(text, { path: GHOST }).text;
          const parsed = JSON.parse(fixed);
          assert.equal(fixAll(fixed, { path: GHOST }).text, fixed);
          if (typeof port === 'string') assert.equal(typeof parsed.mail.options.port, 'string');
          assert.deepEqual(ruleIds(lint(fixed, GHOST)).filter((r) => r !== 'provider-port'), [], fixed);
        },
      ),
      { numRuns: 150, seed: 5 },
    );
  });
});

describe('Keycloak realm exports', () => {
  const realm = (smtp: Record<string, unknown>, name = 'acme') => JSON.stringify({ realm: name, enabled: true, smtpServer: smtp }, null, 2);
  const PATH = 'realm-export.json';
  test('values are strings: ssl "true" implicit, starttls "true" only opportunistic, port unset is 25', () => {
    assert.deepEqual(
      [only(realm({ host: 'smtp.example.com', ssl: 'true', port: '465' }), PATH).tls.value, only(realm({ host: 'smtp.example.com', starttls: 'true', port: '587' }), PATH).tls.value],
      ['implicit', 'opportunistic'],
    );
    const p = only(realm({ host: 'smtp.example.com' }), PATH);
    assert.deepEqual([p.port?.value, p.port?.origin, p.tls.value], [25, 'default', 'none']);
  });
  test('JSON booleans and numbers read as their text (Jackson coerces them)', () => {
    const p = only(realm({ host: 'smtp.example.com', ssl: true, port: 465, auth: true, user: 'u' }), PATH);
    assert.deepEqual([p.port?.value, p.tls.value, p.auth?.value], [465, 'implicit', true]);
  });
  test('auth not "true" means no login, whatever user and password say', () => {
    const r = lint(realm({ host: 'smtp.example.com', port: '465', ssl: 'true', auth: 'false', user: 'u', password: '**********' }), PATH);
    assert.deepEqual(ruleIds(r), ['auth-disabled']);
  });
  test('the masked password is no secret; a real one is reported and kept out of messages', () => {
    const masked = lint(realm({ host: 'smtp.example.com', port: '465', ssl: 'true', auth: 'true', user: 'u', password: '**********' }), PATH);
    assert.deepEqual(ruleIds(masked), []);
    assert.deepEqual(masked.parsed!.secrets, []);
    const real = lint(realm({ host: 'smtp.example.com', port: '25', auth: 'true', user: 'u', password: 'Vb3-live-Key-19' }), PATH);
    assert.ok(ruleIds(real).includes('plaintext-password'));
    for (const f of real.findings) assert.ok(!f.message.includes('Vb3-live-Key-19'));
  });
  test('a realm without email configured has no profile; realms arrays and top-level arrays are read', () => {
    const text = JSON.stringify({ realms: [{ realm: 'master', smtpServer: {} }, { realm: 'b2b', smtpServer: { host: 'smtp.example.com', port: '587', starttls: 'true', auth: 'true', user: 'u' } }] });
    const r = lint(text, PATH);
    assert.deepEqual(r.parsed!.profiles.map((p) => p.label), ['Keycloak realm "b2b" smtpServer']);
    assert.deepEqual(ruleIds(r), ['tls-not-enforced']);
    const arr = lint(JSON.stringify([{ realm: 'x', smtpServer: { host: 'smtp.example.com', port: '25', auth: 'true', user: 'u' } }]), PATH);
    assert.deepEqual(ruleIds(arr), ['missing-tls', 'port-25']);
  });
  /** The edits the profile's own editor makes, applied. */
  const transport = (text: string, port: number, mode: 'starttls' | 'implicit') => {
    const p = only(text, PATH);
    const edits = p.edit.setTransport?.(port, mode);
    return edits ? JSON.parse(applyEdits(text, edits)).smtpServer : undefined;
  };
  test('fixes write strings, keep a number a number, add auth only when there is a user', () => {
    const fixed = transport(realm({ host: 'smtp.example.com', port: '25', user: 'u' }), 587, 'starttls');
    assert.deepEqual([fixed.port, fixed.starttls, fixed.auth], ['587', 'true', 'true']);
    const numeric = transport(realm({ host: 'smtp.example.com', port: 587, ssl: 'true', auth: 'true', user: 'u' }), 465, 'implicit');
    assert.deepEqual([numeric.port, numeric.ssl], [465, 'true']);
    const anonymous = transport(realm({ host: 'smtp.example.com', port: '25' }), 587, 'starttls');
    assert.deepEqual([anonymous.port, anonymous.auth], ['587', undefined]);
    const fromSsl = transport(realm({ host: 'smtp.example.com', port: '465', ssl: 'true', auth: 'true', user: 'u' }), 587, 'starttls');
    assert.deepEqual([fromSsl.port, fromSsl.ssl, fromSsl.starttls], ['587', 'false', 'true']);
  });
  test('STARTTLS cannot be required in Keycloak: asking for it again changes nothing', () => {
    const text = realm({ host: 'smtp.example.com', port: '587', starttls: 'true', auth: 'true', user: 'u' });
    assert.deepEqual(ruleIds(lint(text, PATH)), ['tls-not-enforced']);
    assert.equal(only(text, PATH).edit.setTransport!(587, 'starttls'), undefined);
    // Whatever the rule offers instead must leave a valid export that fixing again does not change.
    const fixed = fixAll(text, { path: PATH }).text;
    assert.doesNotThrow(() => JSON.parse(fixed));
    assert.equal(fixAll(fixed, { path: PATH }).text, fixed);
  });
});

describe('secrets as the file spells them, deep nesting', () => {
  test('a Ghost or Keycloak password written with JSON escapes is redacted in that spelling too', () => {
    const ghostText = ghost({ host: 'smtp.mailgun.org', port: 25, auth: { user: 'u', pass: 'Hq8-live-Secret/77' } }).replace('Secret/77', 'Secret\\/77').replace('Hq8-', 'Hq8\\u002D');
    const realmText = JSON.stringify({ realm: 'acme', smtpServer: { host: 'smtp.example.com', port: '25', auth: 'true', user: 'u', password: 'Vb3-live-Key/19' } }).replace('Key/19', 'Key\\/19');
    for (const [text, path, spelled] of [
      [ghostText, GHOST, 'Hq8\\u002Dlive-Secret\\/77'],
      [realmText, 'realm-export.json', 'Vb3-live-Key\\/19'],
    ]) {
      assert.ok(text.includes(spelled), 'the test text holds the escaped spelling');
      const r = lint(text, path);
      assert.ok(r.parsed?.secrets.includes(spelled), `${path}: ${JSON.stringify(r.parsed?.secrets)}`);
      assert.ok(!redact(text, r.parsed!.secrets).includes('live-'), path);
    }
  });

  test('thousands of nested arrays in a Ghost config or a realm export are read, not "could not parse"', () => {
    const deep = '['.repeat(20000) + ']'.repeat(20000);
    const ghostText = `{"mail":{"transport":"SMTP","options":{"host":"smtp.mailgun.org","port":25,"x":${deep}}}}`;
    const realmText = `{"realm":"acme","x":${deep},"smtpServer":{"host":"smtp.example.com","port":"25"}}`;
    for (const [text, path] of [[ghostText, GHOST], [realmText, 'realm-export.json']]) {
      const r = lint(text, path);
      assert.equal(r.skipped, undefined, path);
      assert.ok(ruleIds(r).includes('port-25'), path);
    }
  });
});
