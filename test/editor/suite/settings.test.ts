// Settings and config in a real VS Code: a rule turned off in settings disappears without reopening the file, and
// an invalid .smtp-lint.json gets smtp-lint diagnostics on the offending key.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { WP_CONFIG } from '../../lsp/samples';
import { activateExtension, closeAllEditors, openAndShow, ruleOf, waitForDiagnostics, writeWorkspaceFile } from './helpers';

suite('settings in the editor', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  test('smtpLint.rules: turning port-25 off removes it from the open file (refresh), turning it back restores it', async () => {
    const uri = writeWorkspaceFile('settings-rules', 'wp-config.php', WP_CONFIG);
    await openAndShow(uri);
    await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25');
    const config = vscode.workspace.getConfiguration('smtpLint');
    try {
      await config.update('rules', { 'port-25': 'off' }, vscode.ConfigurationTarget.Global);
      await waitForDiagnostics(uri, (d) => d.length > 0 && !d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to be switched off');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to come back');
  });

  test('an invalid .smtp-lint.json gets an smtp-lint diagnostic on the unknown rule', async () => {
    const text = '{\n  "rules": {\n    "port-26": "off"\n  }\n}\n';
    const uri = writeWorkspaceFile('bad-config', '.smtp-lint.json', text);
    await openAndShow(uri);
    const [d] = await waitForDiagnostics(uri, (x) => x.length === 1, 'one config diagnostic');
    assert.strictEqual(d.range.start.line, 2);
    assert.match(d.message, /unknown rule "port-26"/);
  });
});
