// Settings (workspace/configuration, section smtpLint) and .smtp-lint.json: changes trigger
// workspace/diagnostic/refresh, settings win over the config file, exclusions and run-on-save behave.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ConfigurationItem } from 'vscode-languageserver-protocol';
import { LspHarness } from './harness';
import { LARAVEL_ENV, WP_CONFIG, Workspace, engineLint } from './samples';

const codes = (items: { code?: string | number }[]) => items.map((d) => String(d.code));

describe('settings and config files', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir] });
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  test('the server asks for the smtpLint section per document and registers for settings and config-file changes', async () => {
    const seen: ConfigurationItem[] = [];
    lsp.settings = (item) => (seen.push(item), {});
    const uri = await lsp.open(ws.path('scoped', '.env'), LARAVEL_ENV);
    await lsp.diagnostics(uri);
    assert.ok(seen.some((i) => i.section === 'smtpLint' && i.scopeUri === uri), JSON.stringify(seen));
    assert.ok(lsp.registrations.includes('workspace/didChangeConfiguration'));
    assert.ok(lsp.registrations.includes('workspace/didChangeWatchedFiles'));
  });

  test('turning a rule off in settings asks the client to refresh, and the finding is gone', async () => {
    lsp.settings = () => ({});
    const path = ws.path('rule-off', '.env');
    const rule = engineLint(path, LARAVEL_ENV).findings[0]?.ruleId;
    assert.ok(rule, 'sample has no finding');
    const uri = await lsp.open(path, LARAVEL_ENV);
    assert.ok(codes(await lsp.diagnostics(uri)).includes(rule));
    const refreshed = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ rules: { [rule]: 'off' } }));
    await refreshed;
    assert.ok(!codes(await lsp.diagnostics(uri)).includes(rule));
    // A severity override changes the diagnostic severity (hint = 4).
    const again = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ rules: { [rule]: 'hint' } }));
    await again;
    const d = (await lsp.diagnostics(uri)).find((x) => x.code === rule);
    assert.equal(d?.severity, 4);
    await lsp.changeSettings(() => ({}));
  });

  test('enable: false stops linting (empty report, status "disabled", no hovers)', async () => {
    const uri = await lsp.open(ws.path('disabled', '.env'), LARAVEL_ENV);
    assert.ok((await lsp.diagnostics(uri)).length > 0);
    const refreshed = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ enable: false }));
    await refreshed;
    assert.deepEqual(await lsp.diagnostics(uri), []);
    assert.equal((await lsp.statusFor(uri, 1)).state, 'disabled');
    assert.equal(await lsp.hover(uri, LARAVEL_ENV.indexOf('MAIL_PORT=25') + 10), null);
    const back = lsp.nextRefresh();
    await lsp.changeSettings(() => ({}));
    await back;
    assert.ok((await lsp.diagnostics(uri)).length > 0);
  });

  test('exclude globs (workspace-relative, and bare file names) skip files', async () => {
    const refreshed = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ exclude: ['legacy/**', '*.local.php'] }));
    await refreshed;
    const excluded = await lsp.open(ws.path('legacy', 'site', 'wp-config.php'), WP_CONFIG);
    assert.deepEqual(await lsp.diagnostics(excluded), []);
    assert.equal((await lsp.statusFor(excluded, 1)).state, 'excluded');
    const byName = await lsp.open(ws.path('conf', 'wp-config.local.php'), WP_CONFIG);
    assert.deepEqual(await lsp.diagnostics(byName), []);
    const kept = await lsp.open(ws.path('current', 'wp-config.php'), WP_CONFIG);
    assert.ok((await lsp.diagnostics(kept)).length > 0);
    await lsp.changeSettings(() => ({}));
  });

  test('.smtp-lint.json: a change to it triggers a refresh; its rules apply; settings win over it', async () => {
    const dir = 'with-config';
    const path = ws.path(dir, 'wp-config.php');
    const rule = engineLint(path, WP_CONFIG).findings[0]?.ruleId;
    assert.ok(rule);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ws.path(dir), { recursive: true });
    const uri = await lsp.open(path, WP_CONFIG);
    assert.ok(codes(await lsp.diagnostics(uri)).includes(rule));

    const configPath = ws.write(`${dir}/.smtp-lint.json`, JSON.stringify({ rules: { [rule]: 'off' } }));
    const refreshed = lsp.nextRefresh();
    await lsp.fileChanged(configPath);
    await refreshed;
    assert.ok(!codes(await lsp.diagnostics(uri)).includes(rule), 'the config file turned the rule off');

    const again = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ rules: { [rule]: 'error' } }));
    await again;
    const d = (await lsp.diagnostics(uri)).find((x) => x.code === rule);
    assert.equal(d?.severity, 1, 'the setting (error) wins over the config file (off)');
    await lsp.changeSettings(() => ({}));
  });

  test('.smtp-lint.json ignore patterns skip files below it', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(ws.path('ignoring', 'vendor'), { recursive: true });
    const configPath = ws.write('ignoring/.smtp-lint.json', JSON.stringify({ ignore: ['vendor/'] }));
    await lsp.fileChanged(configPath);
    const ignored = await lsp.open(ws.path('ignoring', 'vendor', 'wp-config.php'), WP_CONFIG);
    assert.deepEqual(await lsp.diagnostics(ignored), []);
    assert.match((await lsp.statusFor(ignored, 1)).text, /ignored by .*\.smtp-lint\.json/);
    const linted = await lsp.open(ws.path('ignoring', 'wp-config.php'), WP_CONFIG);
    assert.ok((await lsp.diagnostics(linted)).length > 0);
  });

  test('an invalid .smtp-lint.json, when open, gets diagnostics on the offending keys', async () => {
    const text = '{\n  "rules": { "port-26": "off", "port-25": "loud" },\n  "colour": true\n}\n';
    const uri = await lsp.open(ws.path('bad-config', '.smtp-lint.json'), text, 'json');
    const items = await lsp.diagnostics(uri);
    assert.equal(items.length, 3, items.map((d) => d.message).join(' | '));
    for (const d of items) {
      assert.equal(d.source, 'smtp-lint');
      assert.equal(d.severity, 1);
    }
    // Each diagnostic covers the quoted key it is about.
    const lines = text.split('\n');
    const covered = items.map((d) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character)).sort();
    assert.deepEqual(covered, ['"colour"', '"port-25"', '"port-26"']);
    const fixed = '{ "rules": { "port-25": "off" } }\n';
    await lsp.change(uri, [{ text: fixed }]);
    assert.deepEqual(await lsp.diagnostics(uri), []);
  });

  test('run: onSave keeps the last report while the buffer is dirty, and re-lints after save', async () => {
    const path = ws.path('on-save', '.env');
    const uri = await lsp.open(path, LARAVEL_ENV);
    const refreshed = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ run: 'onSave' }));
    await refreshed;
    const before = await lsp.pull(uri);
    assert.equal(before.kind, 'full');
    const beforeCodes = before.kind === 'full' ? codes(before.items) : [];
    assert.ok(beforeCodes.includes('port-25'), beforeCodes.join());
    await lsp.replace(uri, 'MAIL_PORT=25', 'MAIL_PORT=587');
    const dirty = await lsp.pull(uri, before.resultId);
    assert.deepEqual(dirty, { kind: 'unchanged', resultId: before.resultId }, 'no re-lint while typing');
    const savedRefresh = lsp.nextRefresh();
    await lsp.save(uri);
    await savedRefresh;
    const after = await lsp.diagnostics(uri);
    assert.ok(!codes(after).includes('port-25'));
    await lsp.changeSettings(() => ({}));
  });

  test('malformed settings fall back to defaults per key and are logged', async () => {
    const refreshed = lsp.nextRefresh();
    await lsp.changeSettings(() => ({ enable: 'yes', rules: { 'port-25': 'loud', nope: 'off' }, exclude: 'x' }));
    await refreshed;
    const uri = await lsp.open(ws.path('malformed', '.env'), LARAVEL_ENV);
    assert.ok(codes(await lsp.diagnostics(uri)).includes('port-25'));
    assert.ok(lsp.logs.some((l) => /smtpLint\.enable must be true or false/.test(l)), lsp.logs.join('\n'));
    await lsp.changeSettings(() => ({}));
  });
});
