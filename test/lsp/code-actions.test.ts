// Code actions over LSP: quick fixes (versioned edits, preferred first), fix-all, and suppression comments.
// Each edit is applied the way an editor does (version check, incremental didChange), then diagnostics are pulled
// again to see the finding gone.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { applyEdits, collectPreferredEdits, type Finding } from '../../server/src/engine';
import { LspHarness } from './harness';
import { LARAVEL_ENV, WP_CONFIG, WP_CONFIG_CRLF_INDENTED, Workspace, engineLint } from './samples';

function firstFindingWith(path: string, text: string, pick: (f: Finding) => boolean): Finding {
  const f = engineLint(path, text).findings.find(pick);
  assert.ok(f, `the engine reports no matching finding in ${path}: the test would prove nothing`);
  return f;
}

describe('code actions', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir] });
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  for (const [name, text] of [
    ['.env', LARAVEL_ENV],
    ['wp-config.php', WP_CONFIG],
  ] as const) {
    test(`${name}: the preferred quick fix is a versioned edit; applying it removes the finding`, async () => {
      const path = ws.path('qf', name);
      const finding = firstFindingWith(path, text, (f) => f.fixes.some((x) => x.preferred));
      const preferred = finding.fixes.find((x) => x.preferred)!;
      const uri = await lsp.open(path, text);
      const before = await lsp.diagnostics(uri);
      const diag = before.find((d) => d.code === finding.ruleId)!;
      assert.ok(diag);
      const actions = await lsp.codeActions(uri, diag.range);
      const quickFixes = actions.filter((a) => a.kind === 'quickfix' && a.diagnostics?.some((d) => d.code === finding.ruleId));
      // Every engine fix is offered, under its own title; exactly the preferred one is marked so.
      for (const fix of finding.fixes) assert.ok(quickFixes.some((a) => a.title === fix.title), `missing "${fix.title}"`);
      const marked = quickFixes.filter((a) => a.isPreferred);
      assert.deepEqual(marked.map((a) => a.title), [preferred.title]);
      const action = marked[0];
      const docEdit = action.edit?.documentChanges?.[0] as TextDocumentEdit;
      assert.deepEqual(docEdit.textDocument, { uri, version: lsp.version(uri) });
      await lsp.applyEdit(action.edit!);
      assert.equal(lsp.text(uri), applyEdits(text, preferred.edits), 'the editor text is what the engine fix produces');
      const afterFix = await lsp.diagnostics(uri);
      assert.ok(!afterFix.some((d) => d.code === finding.ruleId), `still reported: ${afterFix.map((d) => d.code).join()}`);
    });
  }

  test('fix-all (source.fixAll.smtp-lint) applies all preferred, non-overlapping fixes in one edit', async () => {
    const path = ws.path('fixall', 'wp-config.php');
    const expected = engineLint(path, WP_CONFIG);
    const edits = collectPreferredEdits(expected.findings);
    assert.ok(edits.length > 0, 'nothing to fix in the sample');
    const uri = await lsp.open(path, WP_CONFIG);
    const actions = await lsp.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll']);
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.smtp-lint']);
    await lsp.applyEdit(actions[0].edit!);
    assert.equal(lsp.text(uri), applyEdits(WP_CONFIG, edits));
    const remaining = (await lsp.diagnostics(uri)).map((d) => d.code);
    const fixedRules = expected.findings.filter((f) => f.fixes.some((x) => x.preferred)).map((f) => f.ruleId);
    for (const r of fixedRules) assert.ok(!remaining.includes(r), `${r} survived fix-all`);
    // Nothing left to fix: the fix-all action disappears.
    assert.deepEqual(await lsp.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, ['source.fixAll.smtp-lint']), []);
  });

  test('asking only for quick fixes does not return fix-all, and vice versa', async () => {
    const uri = await lsp.open(ws.path('only', '.env'), LARAVEL_ENV);
    const [diag] = await lsp.diagnostics(uri);
    const quick = await lsp.codeActions(uri, diag.range, ['quickfix']);
    assert.ok(quick.length > 0 && quick.every((a) => a.kind === 'quickfix'));
    const source = await lsp.codeActions(uri, diag.range, ['source']);
    assert.ok(source.every((a) => a.kind === 'source.fixAll.smtp-lint'));
  });

  test('"Disable <rule> for this line" inserts the directive above, with the line\'s indent and the file\'s CRLF; the finding is suppressed', async () => {
    const path = ws.path('disable-line', 'wp-config.php');
    const finding = firstFindingWith(path, WP_CONFIG_CRLF_INDENTED, () => true);
    const uri = await lsp.open(path, WP_CONFIG_CRLF_INDENTED);
    const diags = await lsp.diagnostics(uri);
    const diag = diags.find((d) => d.code === finding.ruleId)!;
    const actions = await lsp.codeActions(uri, diag.range, ['quickfix']);
    const disable = actions.find((a) => a.title === `Disable ${finding.ruleId} for this line`);
    assert.ok(disable, actions.map((a) => a.title).join(' | '));
    await lsp.applyEdit(disable.edit!);
    const lines = lsp.text(uri).split('\r\n');
    const inserted = lines[diag.range.start.line];
    assert.match(inserted, new RegExp(`^    // smtp-lint-disable-next-line ${finding.ruleId}\\b`));
    assert.ok(!lsp.text(uri).replace(/\r\n/g, '').includes('\n'), 'only CRLF line ends');
    const after = await lsp.diagnostics(uri);
    assert.equal(after.filter((d) => d.code === finding.ruleId).length, diags.filter((d) => d.code === finding.ruleId).length - 1);
    assert.equal(after.length, diags.length - 1, 'other findings stay');
  });

  test('"Disable <rule> for this file" goes right after the <?php line and suppresses every finding of that rule', async () => {
    const path = ws.path('disable-file', 'wp-config.php');
    const finding = firstFindingWith(path, WP_CONFIG, () => true);
    const uri = await lsp.open(path, WP_CONFIG);
    const diags = await lsp.diagnostics(uri);
    const diag = diags.find((d) => d.code === finding.ruleId)!;
    const disable = (await lsp.codeActions(uri, diag.range)).find((a) => a.title === `Disable ${finding.ruleId} for this file`);
    assert.ok(disable);
    await lsp.applyEdit(disable.edit!);
    const lines = lsp.text(uri).split('\n');
    assert.equal(lines[0], '<?php');
    assert.equal(lines[1], `// smtp-lint-disable-file ${finding.ruleId}`);
    const after = await lsp.diagnostics(uri);
    assert.ok(!after.some((d) => d.code === finding.ruleId));
    assert.equal(after.length, diags.filter((d) => d.code !== finding.ruleId).length);
  });

  test('.env: "Disable for this file" goes on the first line with a # comment', async () => {
    const path = ws.path('disable-env', '.env');
    const finding = firstFindingWith(path, LARAVEL_ENV, () => true);
    const uri = await lsp.open(path, LARAVEL_ENV);
    const diag = (await lsp.diagnostics(uri)).find((d) => d.code === finding.ruleId)!;
    const disable = (await lsp.codeActions(uri, diag.range)).find((a) => a.title === `Disable ${finding.ruleId} for this file`)!;
    await lsp.applyEdit(disable.edit!);
    assert.equal(lsp.text(uri).split('\n')[0], `# smtp-lint-disable-file ${finding.ruleId}`);
    assert.ok(!(await lsp.diagnostics(uri)).some((d) => d.code === finding.ruleId));
  });

  test('an edit made for an older version is refused by a version-checking editor', async () => {
    const uri = await lsp.open(ws.path('stale-edit', '.env'), LARAVEL_ENV);
    const [diag] = await lsp.diagnostics(uri);
    const [action] = (await lsp.codeActions(uri, diag.range, ['quickfix'])).filter((a: CodeAction) => a.isPreferred);
    await lsp.replace(uri, 'APP_NAME=Shop', 'APP_NAME=Shop2');
    await assert.rejects(lsp.applyEdit(action.edit!), /edit for version 1, document is at 2/);
  });

  test('code actions on a document that is not open are an empty list', async () => {
    const r = await lsp.codeActions('file:///nowhere/x.env', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.deepEqual(r, []);
  });
});

describe('code actions for a client without documentChanges', () => {
  test('edits come as plain `changes`', async () => {
    const ws = new Workspace();
    const lsp = await LspHarness.start({ documentChanges: false });
    try {
      const uri = await lsp.open(ws.path('.env'), LARAVEL_ENV);
      const [diag] = await lsp.diagnostics(uri);
      const actions = await lsp.codeActions(uri, diag.range, ['quickfix']);
      assert.ok(actions.length > 0);
      for (const a of actions) {
        assert.equal(a.edit?.documentChanges, undefined);
        assert.ok(a.edit?.changes?.[uri]?.length);
      }
    } finally {
      await lsp.stop();
      ws.dispose();
    }
  });
});
