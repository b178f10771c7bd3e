// Hovers in a real VS Code: ports (a mail port and DB_PORT), keys in the ecosystem's words, and no password ever.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { ENV_PASSWORD, LARAVEL_ENV, WP_CONFIG, WP_PASSWORD } from '../../lsp/samples';
import { activateExtension, closeAllEditors, hoverText, openAndShow, waitForDiagnostics, writeWorkspaceFile } from './helpers';

async function hoverAt(doc: vscode.TextDocument, needle: string, delta: number): Promise<string> {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, needle);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset + delta));
  return hoverText(hovers ?? []);
}

suite('hovers in the editor', () => {
  suiteSetup(async () => {
    await activateExtension();
  });
  teardown(closeAllEditors);

  test('.env: MAIL_PORT=25 explains port 25; DB_PORT=3306 explains MySQL', async () => {
    const uri = writeWorkspaceFile('hover-env', '.env', LARAVEL_ENV);
    const { document } = await openAndShow(uri);
    await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics');
    const mail = await hoverAt(document, 'MAIL_PORT=25', 10);
    assert.match(mail, /Port 25/);
    assert.match(mail, /[Bb]locked/);
    const db = await hoverAt(document, 'DB_PORT=3306', 9);
    assert.match(db, /MySQL/);
  });

  test('wp-config.php: WPMS_SSL says that \'tls\' is STARTTLS', async () => {
    const uri = writeWorkspaceFile('hover-wp', 'wp-config.php', WP_CONFIG);
    const { document } = await openAndShow(uri);
    await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics');
    const text = await hoverAt(document, 'WPMS_SSL', 3);
    assert.match(text, /WP Mail SMTP/);
    assert.match(text, /STARTTLS/);
  });

  test('no hover on any line shows a password', async () => {
    for (const [name, text, secret] of [
      ['wp-config.php', WP_CONFIG, WP_PASSWORD],
      ['.env', LARAVEL_ENV, ENV_PASSWORD],
    ] as const) {
      const uri = writeWorkspaceFile(`hover-secret-${name}`, name, text);
      const { document } = await openAndShow(uri);
      await waitForDiagnostics(uri, (d) => d.length > 0, 'diagnostics');
      for (let line = 0; line < document.lineCount; line++) {
        const l = document.lineAt(line);
        for (const character of [0, Math.floor(l.text.length / 2), Math.max(0, l.text.length - 3)]) {
          const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
          assert.ok(!hoverText(hovers ?? []).includes(secret), `${name}:${line + 1}:${character + 1} shows the password`);
        }
      }
    }
  });
});
