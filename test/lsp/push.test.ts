// Clients without pull diagnostics (older Neovim and Helix, many others) get diagnostics pushed with
// textDocument/publishDiagnostics: on open, after typing (debounced, latest version), after settings changes, and
// an empty list on close.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { LspHarness } from './harness';
import { LARAVEL_ENV, WP_CONFIG, Workspace, engineLint } from './samples';

describe('push diagnostics for clients without pull support', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir], pullDiagnostics: false });
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  test('the server does not advertise pull diagnostics to such a client', () => {
    assert.equal(lsp.initializeResult.capabilities.diagnosticProvider, undefined);
  });

  test('opening a file publishes the engine\'s findings, with the document version', async () => {
    const path = ws.path('wp-config.php');
    const expected = engineLint(path, WP_CONFIG).findings;
    assert.ok(expected.length > 0);
    const uri = await lsp.open(path, WP_CONFIG);
    const p = await lsp.nextPublish(uri);
    assert.equal(p.version, 1);
    assert.deepEqual(p.diagnostics.map((d) => [d.code, d.source, d.message]), expected.map((f) => [f.ruleId, 'smtp-lint', f.message]));
  });

  test('a burst of edits is published once settled, for the latest version only', async () => {
    const path = ws.path('typing', '.env');
    const uri = await lsp.open(path, LARAVEL_ENV);
    await lsp.nextPublish(uri, (p) => p.version === 1);
    const before = lsp.published.length;
    await lsp.replace(uri, 'MAIL_PORT=25', 'MAIL_PORT=2');
    await lsp.replace(uri, 'MAIL_PORT=2', 'MAIL_PORT=58');
    await lsp.replace(uri, 'MAIL_PORT=58', 'MAIL_PORT=587');
    const p = await lsp.nextPublish(uri, (x) => x.version === 4);
    const forThisDoc = lsp.published.slice(before).filter((x) => x.uri === uri);
    assert.deepEqual(forThisDoc.map((x) => x.version), [4], 'intermediate versions are not published');
    assert.deepEqual(p.diagnostics.map((d) => d.code), engineLint(path, lsp.text(uri)).findings.map((f) => f.ruleId));
  });

  test('a settings change re-publishes open files; closing publishes an empty list', async () => {
    const path = ws.path('settings', 'wp-config.php');
    const uri = await lsp.open(path, WP_CONFIG);
    const first = await lsp.nextPublish(uri);
    const rule = String(first.diagnostics[0].code);
    const count = lsp.published.length;
    await lsp.changeSettings(() => ({ rules: { [rule]: 'off' } }));
    const again = await lsp.nextPublish(uri, (p) => lsp.published.indexOf(p) >= count);
    assert.ok(!again.diagnostics.some((d) => d.code === rule));
    await lsp.close(uri);
    const closed = await lsp.nextPublish(uri, (p) => p.diagnostics.length === 0);
    assert.deepEqual(closed.diagnostics, []);
    await lsp.changeSettings(() => ({}));
  });

  test('run: onSave publishes on save, not while typing', async () => {
    await lsp.changeSettings(() => ({ run: 'onSave' }));
    const path = ws.path('on-save', '.env');
    const uri = await lsp.open(path, LARAVEL_ENV);
    await lsp.nextPublish(uri, (p) => p.version === 1);
    await lsp.replace(uri, 'MAIL_PORT=25', 'MAIL_PORT=587');
    await new Promise((r) => setTimeout(r, 400)); // longer than the debounce: a change would have been published
    assert.ok(!lsp.published.some((p) => p.uri === uri && p.version === 2), 'published while typing');
    await lsp.save(uri);
    const saved = await lsp.nextPublish(uri, (p) => p.version === 2);
    assert.ok(!saved.diagnostics.some((d) => d.code === 'port-25'));
    await lsp.changeSettings(() => ({}));
  });
});
