// Hovers over LSP: ports (mail settings, and any *PORT* key in .env), setting keys in the ecosystem's words,
// provider hosts, and never a secret.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspHarness, offsetOf } from './harness';
import { DSN_PASSWORD, ENV_PASSWORD, LARAVEL_ENV, PLAIN_ENV, SYMFONY_ENV, WP_CONFIG, WP_PASSWORD, Workspace, engineLint } from './samples';

function md(h: Hover | null): string {
  assert.ok(h, 'expected a hover');
  return (h.contents as MarkupContent).value;
}

describe('hover', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  let env: string;
  let wp: string;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir] });
    env = await lsp.open(ws.path('.env'), LARAVEL_ENV);
    wp = await lsp.open(ws.path('wp-config.php'), WP_CONFIG);
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  test('port 25 of a mail setting: what it is for, that hosts block it, what to use, and the provider', async () => {
    const h = await lsp.hover(env, offsetOf(LARAVEL_ENV, 'MAIL_PORT=25', 'MAIL_PORT='.length + 1));
    const text = md(h);
    assert.match(text, /Port 25/);
    assert.match(text, /[Bb]locked/);
    assert.match(text, /587/);
    assert.match(text, /SendGrid accepts port 25 with STARTTLS/);
    // The range is the value, so the editor highlights "25".
    const start = offsetOf(LARAVEL_ENV, 'MAIL_PORT=25', 'MAIL_PORT='.length);
    assert.deepEqual(h!.range, { start: { line: 8, character: start - LARAVEL_ENV.lastIndexOf('\n', start) - 1 }, end: { line: 8, character: 12 } });
  });

  test('the WPMS_SMTP_PORT value in wp-config.php is explained as a port', async () => {
    const text = md(await lsp.hover(wp, offsetOf(WP_CONFIG, "'WPMS_SMTP_PORT', 25", "'WPMS_SMTP_PORT', ".length)));
    assert.match(text, /Port 25/);
    assert.match(text, /WPMS_SMTP_PORT/);
  });

  for (const [key, value, pattern] of [
    ['DB_PORT', '3306', /MySQL/],
    ['REDIS_PORT', '6379', /Not a standard port for mail/],
  ] as const) {
    test(`.env: ${key}=${value} gets a port hover but no finding`, async () => {
      const text = md(await lsp.hover(env, offsetOf(LARAVEL_ENV, `${key}=${value}`, key.length + 2)));
      assert.match(text, pattern);
      assert.match(text, new RegExp(`${key}\` is not a mail setting`));
      const diags = await lsp.diagnostics(env);
      const line = LARAVEL_ENV.split('\n').findIndex((l) => l.startsWith(`${key}=`));
      assert.ok(!diags.some((d) => d.range.start.line === line));
    });
  }

  test('.env without mail settings: ports still get hovers (8080 = HTTP alternative)', async () => {
    const uri = await lsp.open(ws.path('plain', '.env'), PLAIN_ENV);
    assert.match(md(await lsp.hover(uri, offsetOf(PLAIN_ENV, 'HTTP_PORT=8080', 11))), /HTTP alternative/);
    assert.match(md(await lsp.hover(uri, offsetOf(PLAIN_ENV, 'DB_PORT=3306', 9))), /MySQL/);
  });

  test('a mail key explains itself in its ecosystem\'s words', async () => {
    const laravel = md(await lsp.hover(env, offsetOf(LARAVEL_ENV, 'MAIL_ENCRYPTION', 3)));
    assert.match(laravel, /Laravel/);
    assert.match(laravel, /MAIL_SCHEME/);
    const wpms = md(await lsp.hover(wp, offsetOf(WP_CONFIG, 'WPMS_SSL', 2)));
    assert.match(wpms, /WP Mail SMTP/);
    assert.match(wpms, /'tls'` = STARTTLS/);
  });

  test('a known provider host lists its ports and which are STARTTLS or implicit TLS', async () => {
    const text = md(await lsp.hover(env, offsetOf(LARAVEL_ENV, 'smtp.sendgrid.net', 4)));
    assert.match(text, /SendGrid/);
    assert.match(text, /STARTTLS.*587/);
    assert.match(text, /Implicit TLS.*465/);
  });

  test('no hover on a comment-free line without a setting', async () => {
    assert.equal(await lsp.hover(env, offsetOf(LARAVEL_ENV, 'APP_NAME', 2)), null);
  });

  test('no hover, at any position, ever shows a password', async () => {
    const dsnUri = await lsp.open(ws.path('symfony', '.env'), SYMFONY_ENV);
    const cases: [string, string, string][] = [
      [env, LARAVEL_ENV, ENV_PASSWORD],
      [wp, WP_CONFIG, WP_PASSWORD],
      [dsnUri, SYMFONY_ENV, DSN_PASSWORD],
    ];
    let hovers = 0;
    for (const [uri, text, secret] of cases) {
      // The secret must be a secret to the engine too, or this would test nothing.
      assert.ok(engineLint(decodeURIComponent(new URL(uri).pathname), text).parsed?.secrets.includes(secret), `engine does not know ${secret} as a secret`);
      for (let offset = 0; offset <= text.length; offset++) {
        const h = await lsp.hover(uri, offset);
        if (!h) continue;
        hovers++;
        const value = md(h);
        assert.ok(!value.includes(secret), `hover at ${offset} shows the password: ${value}`);
        assert.ok(!value.includes(secret.slice(0, 8)), `hover at ${offset} shows part of the password`);
      }
    }
    assert.ok(hovers > 20, `only ${hovers} hovers: the scan proves little`);
  });
});
