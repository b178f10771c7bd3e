// Quick fixes, suppression and fix-all in a real VS Code: through vscode.executeCodeActionProvider, the
// "smtp-lint: Fix all in file" command, and editor.codeActionsOnSave with source.fixAll.smtp-lint.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { applyEdits, collectPreferredEdits } from '../../../server/src/engine';
import { LARAVEL_ENV, WP_CONFIG } from '../../lsp/samples';
import { activateExtension, closeAllEditors, engineLint, openAndShow, ruleOf, waitForDiagnostics, waitForText, writeWorkspaceFile } from './helpers';

suite('code actions in the editor', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  for (const [name, text] of [
    ['wp-config.php', WP_CONFIG],
    ['.env', LARAVEL_ENV],
  ] as const) {
    test(`${name}: the preferred quick fix for port 25 rewrites the settings and the finding goes`, async () => {
      const uri = writeWorkspaceFile(`qf-${name}`, name, text);
      const finding = engineLint(uri, text).findings.find((f) => f.ruleId === 'port-25');
      assert.ok(finding, 'the sample has no port-25 finding');
      const preferred = finding.fixes.find((f) => f.preferred)!;
      assert.strictEqual(preferred.title, 'Use port 587 with STARTTLS');
      const editor = await openAndShow(uri);
      const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25');
      const diag = diags.find((x) => ruleOf(x) === 'port-25')!;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.isPreferred && a.title === preferred.title);
      assert.ok(fix?.edit, `no preferred "${preferred.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.strictEqual(editor.document.getText(), applyEdits(text, preferred.edits));
      await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to go');
    });
  }

  test('"Disable <rule> for this line" adds the comment and suppresses the finding', async () => {
    const uri = writeWorkspaceFile('disable-line', 'wp-config.php', WP_CONFIG);
    await openAndShow(uri);
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'plaintext-password'), 'plaintext-password');
    const diag = diags.find((x) => ruleOf(x) === 'plaintext-password')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const disable = actions.find((a) => a.title === 'Disable plaintext-password for this line');
    assert.ok(disable?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(disable.edit));
    await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'plaintext-password') && d.length === diags.length - 1, 'plaintext-password to be suppressed');
  });

  test('the "smtp-lint: Fix all in file" command applies every preferred fix', async () => {
    const uri = writeWorkspaceFile('fix-all-command', 'wp-config.php', WP_CONFIG);
    const expected = applyEdits(WP_CONFIG, collectPreferredEdits(engineLint(uri, WP_CONFIG).findings));
    assert.notStrictEqual(expected, WP_CONFIG);
    const editor = await openAndShow(uri);
    await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics');
    await vscode.commands.executeCommand('smtpLint.fixAll');
    await waitForText(editor.document, (t) => t === expected, 'the fixed text');
  });

  test('editor.codeActionsOnSave with source.fixAll.smtp-lint fixes the file when it is saved', async () => {
    const config = vscode.workspace.getConfiguration('editor', { languageId: 'dotenv' });
    await config.update('codeActionsOnSave', { 'source.fixAll.smtp-lint': 'explicit' }, vscode.ConfigurationTarget.Global, true);
    try {
      const uri = writeWorkspaceFile('fix-on-save', '.env', LARAVEL_ENV);
      const editor = await openAndShow(uri);
      await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25');
      // Make the buffer dirty with an unrelated edit, as a user would before saving.
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# production\n'));
      const dirty = editor.document.getText();
      const expected = applyEdits(dirty, collectPreferredEdits(engineLint(uri, dirty).findings));
      assert.notStrictEqual(expected, dirty, 'nothing to fix');
      assert.ok(await editor.document.save());
      assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), expected);
      await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to go after save');
    } finally {
      await config.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Global, true);
    }
  });
});
