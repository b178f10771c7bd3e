// The hover texts themselves: the port table, the key docs per ecosystem (where words differ per stack), provider
// hovers, the .env line reader, and the trace filter that keeps document text (and so passwords) out of traces.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PROVIDERS } from '../../server/src/engine';
import { envAssignmentOnLine, isDotenvPath } from '../../server/src/lsp/env-lines';
import { hoverAt, providerHoverMarkdown } from '../../server/src/lsp/hover';
import { bareKey, keyDoc, keyHoverMarkdown } from '../../server/src/lsp/key-docs';
import { knownPorts, portDoc, portHoverMarkdown } from '../../server/src/lsp/port-docs';
import { hideDocumentText } from '../../client/src/trace-channel';

describe('port docs', () => {
  test('every port the brief names is documented, with purpose, encryption, blocking', () => {
    for (const p of [21, 22, 25, 80, 443, 465, 587, 993, 995, 3306, 8080, 1025, 2525, 8025, 2587, 2465]) {
      const d = portDoc(p);
      assert.ok(d, `port ${p}`);
      assert.ok(d.purpose && d.encryption && d.blocking, `port ${p} incomplete`);
    }
    assert.ok(knownPorts().length >= 16);
  });

  test('the facts that matter: 465 is implicit TLS, 587 STARTTLS, 25 blocked outbound, 3306 not for mail', () => {
    assert.match(portDoc(465)!.encryption, /[Ii]mplicit TLS/);
    assert.match(portDoc(587)!.encryption, /STARTTLS/);
    assert.match(portDoc(25)!.blocking, /[Bb]locked/);
    assert.match(portDoc(3306)!.purpose, /not a mail port/);
    assert.equal(portDoc(25)!.smtp, true);
    assert.equal(portDoc(22)!.smtp, false);
  });

  test('non-numbers, out-of-range and unknown ports each get an honest text', () => {
    assert.match(portHoverMarkdown('abc'), /Not a port number/);
    assert.match(portHoverMarkdown('70000'), /Out of range/);
    assert.match(portHoverMarkdown('6379'), /Not a standard port for mail/);
    assert.match(portHoverMarkdown('587', ['ctx line']), /ctx line$/);
  });
});

describe('key docs', () => {
  test('the same word per ecosystem: tls is STARTTLS in WP Mail SMTP and PHPMailer; Laravel 11.35+ ignores MAIL_ENCRYPTION', () => {
    assert.match(keyDoc('wp-mail-smtp', 'WPMS_SSL')!.doc.values!, /'tls'` = STARTTLS/);
    assert.match(keyDoc('phpmailer', '$phpmailer->SMTPSecure')!.doc.values!, /'tls'`.*STARTTLS/);
    assert.match(keyDoc('laravel', 'MAIL_ENCRYPTION')!.doc.meaning, /ignored/);
    assert.match(keyDoc('django', 'EMAIL_USE_TLS')!.doc.meaning, /STARTTLS/);
    assert.match(keyDoc('django', 'EMAIL_USE_SSL')!.doc.meaning, /[Ii]mplicit TLS/);
    assert.match(keyDoc('symfony', 'MAILER_DSN')!.doc.meaning, /smtps:\/\/` is always implicit TLS/);
  });

  test('keys as formats write them are found: properties, option paths, array keys, calls', () => {
    assert.equal(bareKey('$phpmailer->Port'), 'Port');
    assert.equal(bareKey('$mail->isSMTP()'), 'isSMTP');
    assert.equal(bareKey('smtp.port'), 'port');
    assert.equal(bareKey("$config['mailers']['smtp']['port']"), 'port');
    assert.equal(keyDoc('wp-mail-smtp', 'smtp.encryption')?.key, 'encryption');
    assert.equal(keyDoc('fluentsmtp', 'connections.abc.provider_settings.auto_tls')?.key, 'auto_tls');
    assert.equal(keyDoc('post-smtp', 'enc_type')?.key, 'enc_type');
  });

  test('an environment key is found from another ecosystem id; an unknown key falls back to its role', () => {
    assert.equal(keyDoc('generic-env', 'MAIL_SCHEME')?.ecosystem, 'laravel');
    assert.equal(keyDoc('laravel', 'NOT_A_KEY'), undefined);
    assert.match(keyHoverMarkdown('laravel', 'NOT_A_KEY', 'port'), /SMTP server port/);
  });

  test('every ecosystem has docs for its host, port and encryption keys', () => {
    const cases: [string, string[]][] = [
      ['wp-mail-smtp', ['WPMS_SMTP_HOST', 'WPMS_SMTP_PORT', 'WPMS_SSL']],
      ['easy-wp-smtp', ['EASY_WP_SMTP_SMTP_HOST', 'EASY_WP_SMTP_SMTP_PORT', 'EASY_WP_SMTP_SSL']],
      ['phpmailer', ['Host', 'Port', 'SMTPSecure']],
      ['laravel', ['MAIL_HOST', 'MAIL_PORT', 'MAIL_SCHEME']],
      ['django', ['EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS']],
      ['fluentsmtp', ['host', 'port', 'encryption']],
      ['post-smtp', ['hostname', 'port', 'enc_type']],
    ];
    for (const [eco, keys] of cases) for (const k of keys) assert.equal(keyDoc(eco, k)?.ecosystem, eco, `${eco} ${k}`);
  });
});

describe('provider and .env hovers', () => {
  test('each provider hover lists its STARTTLS and implicit-TLS ports', () => {
    for (const p of PROVIDERS) {
      const text = providerHoverMarkdown(p, p.hosts[0]);
      assert.ok(text.includes(p.name));
      for (const port of p.starttls) assert.ok(text.includes(String(port)), `${p.name} ${port}`);
      for (const port of p.implicit) assert.ok(text.includes(String(port)), `${p.name} ${port}`);
    }
  });

  test('the .env line reader finds key and value spans, without quotes or inline comments', () => {
    const text = 'export DB_PORT="3306"  # db\nREDIS_PORT=6379 # cache\nURL=http://x#y\n';
    const first = envAssignmentOnLine(text, 0, text.indexOf('\n'));
    assert.equal(first?.key, 'DB_PORT');
    assert.equal(first?.value, '3306');
    assert.equal(text.slice(first!.valueSpan.start, first!.valueSpan.end), '3306');
    const second = envAssignmentOnLine(text, text.indexOf('REDIS'), text.indexOf('\n', text.indexOf('REDIS')));
    assert.equal(second?.value, '6379');
    const third = envAssignmentOnLine(text, text.indexOf('URL'), text.length - 1);
    assert.equal(third?.value, 'http://x#y');
    assert.equal(envAssignmentOnLine('# DB_PORT=1', 0, 11), undefined);
  });

  test('dotenv paths', () => {
    for (const p of ['/a/.env', '/a/.env.production', '/a/app.env', 'C:\\x\\.env.local']) assert.ok(isDotenvPath(p), p);
    for (const p of ['/a/env', '/a/.envrc', '/a/x.env.php', '/a/.env/x']) assert.ok(!isDotenvPath(p), p);
  });

  test('a hover in a .env file that the engine skipped still explains *PORT* values; never a non-numeric value', () => {
    const text = 'APP=x\nDB_PORT=5432\nPORT=${PORT:-80}\n';
    assert.match(hoverAt(text, '/p/.env', undefined, text.indexOf('5432') + 1)!.markdown, /Not a standard port/);
    assert.equal(hoverAt(text, '/p/.env', undefined, text.indexOf('${PORT') + 3), undefined);
    assert.equal(hoverAt(text, '/p/config.php', undefined, text.indexOf('5432') + 1), undefined);
  });
});

describe('protocol trace filter', () => {
  test('document text in didOpen/didChange params is replaced by its length', () => {
    const line = 'Params: {\n    "textDocument": {\n        "uri": "file:///w/.env",\n        "text": "MAIL_PASSWORD=hunter2-secret\\nX=\\"q\\""\n    }\n}';
    const out = hideDocumentText(line);
    assert.ok(!out.includes('hunter2-secret'));
    assert.match(out, /"text": "<\d+ characters of document text hidden>"/);
    assert.ok(out.includes('"uri": "file:///w/.env"'), 'other fields stay');
    const change = hideDocumentText('{"contentChanges":[{"range":{},"text":"a"},{"text":"MAIL_PASSWORD=b"}]}');
    assert.ok(!change.includes('MAIL_PASSWORD=b'));
  });
});
