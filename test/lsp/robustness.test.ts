// Cancellation, stale versions and typing: the server honours $/cancelRequest, never answers with the lint of an
// older version, survives half-typed files, and keeps working afterwards.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspHarness, CancellationTokenSource } from './harness';
import { LARAVEL_ENV, WP_CONFIG, Workspace, engineLint } from './samples';

const REQUEST_CANCELLED = -32800;

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('robustness', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir] });
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  test('a cancelled pull is answered with RequestCancelled; the next pull works', async () => {
    const uri = await lsp.open(ws.path('cancel', '.env'), LARAVEL_ENV);
    lsp.configGate.close();
    const source = new CancellationTokenSource();
    const pending = lsp.pull(uri, undefined, source);
    await until(() => lsp.configGate.pending > 0, 'the server to ask for settings');
    source.cancel();
    await new Promise((r) => setTimeout(r, 50)); // let $/cancelRequest reach the server before settings do
    lsp.configGate.open();
    await assert.rejects(pending, (e: { code?: number }) => e.code === REQUEST_CANCELLED);
    const items = await lsp.diagnostics(uri);
    assert.deepEqual(items.map((d) => d.code), engineLint(ws.path('cancel', '.env'), LARAVEL_ENV).findings.map((f) => f.ruleId));
  });

  test('an edit that arrives while a pull waits is what gets linted: never the stale version', async () => {
    const path = ws.path('stale', '.env');
    const uri = await lsp.open(path, LARAVEL_ENV);
    lsp.configGate.close();
    const pending = lsp.pull(uri);
    await until(() => lsp.configGate.pending > 0, 'the server to ask for settings');
    await lsp.replace(uri, 'MAIL_PORT=25', 'MAIL_PORT=587');
    const v2 = lsp.text(uri);
    lsp.configGate.open();
    const report = await pending;
    assert.equal(report.kind, 'full');
    const stale = engineLint(path, LARAVEL_ENV).findings.map((f) => f.ruleId);
    const fresh = engineLint(path, v2).findings.map((f) => f.ruleId);
    assert.notDeepEqual(stale, fresh, 'the edit must change the findings, or this test proves nothing');
    assert.deepEqual(report.kind === 'full' && report.items.map((d) => d.code), fresh);
    const status = await lsp.statusFor(uri, 2);
    assert.equal(status.version, 2);
  });

  test('typing a whole wp-config.php key by key, pulling in between, ends with the engine\'s findings', async () => {
    const path = ws.path('typing', 'wp-config.php');
    const uri = await lsp.open(path, '');
    const pulls: Promise<unknown>[] = [];
    for (let i = 0; i < WP_CONFIG.length; i++) {
      const d = lsp.text(uri).length;
      const pos = { line: lsp.text(uri).split('\n').length - 1, character: d - lsp.text(uri).lastIndexOf('\n') - 1 };
      await lsp.change(uri, [{ range: { start: pos, end: pos }, text: WP_CONFIG[i] }]);
      if (i % 7 === 0) pulls.push(lsp.pull(uri));
    }
    await Promise.all(pulls);
    assert.equal(lsp.text(uri), WP_CONFIG);
    const items = await lsp.diagnostics(uri);
    assert.deepEqual(items.map((d) => d.code), engineLint(path, WP_CONFIG).findings.map((f) => f.ruleId));
    assert.ok(items.length > 0);
  });

  test('garbage and binary-looking input never crash the server', async () => {
    const samples = ['<?php define(', "<?php define('WPMS_SMTP_PORT', ", 'MAIL_PORT="25', '\u0000\uFFFF\uD800', '<?php $x = <<<EOT\n', '{"smtp": {"port": '];
    for (const [i, text] of samples.entries()) {
      for (const name of ['wp-config.php', '.env', 'wp-mail-smtp.json']) {
        const uri = await lsp.open(ws.path(`garbage-${i}`, name), text);
        await lsp.pull(uri);
        await lsp.hover(uri, Math.floor(text.length / 2));
        await lsp.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: text.length } });
        await lsp.close(uri);
      }
    }
    assert.equal(lsp.proc.exitCode, null, `server died:\n${lsp.serverStderr}`);
    const uri = await lsp.open(ws.path('after-garbage', 'wp-config.php'), WP_CONFIG);
    assert.ok((await lsp.diagnostics(uri)).length > 0);
  });

  test('closing a document forgets it', async () => {
    const uri = await lsp.open(ws.path('closing', '.env'), LARAVEL_ENV);
    assert.ok((await lsp.diagnostics(uri)).length > 0);
    await lsp.close(uri);
    assert.deepEqual(await lsp.pull(uri), { kind: 'full', items: [] });
  });

  test('the log never contains a secret', async () => {
    const all = lsp.logs.join('\n');
    assert.ok(all.length > 0, 'the server logged nothing at all');
    for (const text of [LARAVEL_ENV, WP_CONFIG]) {
      for (const secret of engineLint(ws.path('x', text.startsWith('<?php') ? 'wp-config.php' : '.env'), text).parsed?.secrets ?? []) {
        assert.ok(!all.includes(secret), `log contains a secret`);
        assert.ok(!lsp.serverStderr.includes(secret), 'stderr contains a secret');
      }
    }
  });
});
