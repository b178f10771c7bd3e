// The contributed commands work in a real VS Code: the server can be restarted and keeps linting, the output opens.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { WP_CONFIG } from '../../lsp/samples';
import { activateExtension, closeAllEditors, openAndShow, waitForDiagnostics, writeWorkspaceFile } from './helpers';

suite('commands', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  test('the three commands are registered', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of ['smtpLint.fixAll', 'smtpLint.showOutput', 'smtpLint.restartServer']) assert.ok(all.includes(id), id);
  });

  test('"smtp-lint: Restart server" restarts it, and files are linted afterwards', async () => {
    await vscode.commands.executeCommand('smtpLint.restartServer');
    const uri = writeWorkspaceFile('after-restart', 'wp-config.php', WP_CONFIG);
    await openAndShow(uri);
    await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics from the restarted server');
  });

  test('"smtp-lint: Show output" opens the output without error', async () => {
    await vscode.commands.executeCommand('smtpLint.showOutput');
  });
});
