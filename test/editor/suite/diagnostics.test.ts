// In a real VS Code: the extension activates for wp-config.php and .env, the dotenv language is contributed, and
// the diagnostics in the editor are the engine's findings (rule, range, severity, docs link).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { LARAVEL_ENV, PLAIN_ENV, WP_CONFIG } from '../../lsp/samples';
import { activateExtension, closeAllEditors, codeTarget, engineLint, openAndShow, ruleOf, toRange, waitForDiagnostics, writeWorkspaceFile, type SmtpLintApi } from './helpers';

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

suite('diagnostics in the editor', () => {
  let api: SmtpLintApi;
  suiteSetup(async () => {
    api = await activateExtension();
  });
  teardown(closeAllEditors);

  test('contributes the dotenv language: .env, .env.production and app.env open as dotenv', async () => {
    assert.ok((await vscode.languages.getLanguages()).includes('dotenv'));
    for (const name of ['.env', '.env.production', 'app.env']) {
      const doc = await vscode.workspace.openTextDocument(writeWorkspaceFile('lang', name, 'A=1\n'));
      assert.strictEqual(doc.languageId, 'dotenv', name);
    }
  });

  for (const [name, text] of [
    ['wp-config.php', WP_CONFIG],
    ['.env', LARAVEL_ENV],
  ] as const) {
    test(`${name}: the squiggles are the engine's findings`, async () => {
      const uri = writeWorkspaceFile(`diag-${name}`, name, text);
      const expected = engineLint(uri, text).findings;
      assert.ok(expected.length > 0, 'the sample has no findings');
      await openAndShow(uri);
      const diags = await waitForDiagnostics(uri, (d) => d.length === expected.length, `${expected.length} diagnostics`);
      const sorted = [...diags].sort((a, b) => a.range.start.compareTo(b.range.start) || ruleOf(a).localeCompare(ruleOf(b)));
      sorted.forEach((d, i) => {
        const f = expected[i];
        assert.strictEqual(ruleOf(d), f.ruleId);
        assert.strictEqual(d.message, f.message);
        assert.strictEqual(d.severity, SEVERITY[f.severity]);
        assert.ok(d.range.isEqual(toRange(engineLint(uri, text), f.span)), `${f.ruleId} range`);
        assert.match(codeTarget(d) ?? '', new RegExp(`docs/rules/${f.ruleId}\\.md$`));
      });
      const status = api.statusOf(uri);
      assert.strictEqual(status?.state, 'linted');
      assert.match(status!.text, /^linted: .+, \d+ findings?$/);
    });
  }

  test('a .env without mail settings shows no squiggles and says why it is not linted', async () => {
    const uri = writeWorkspaceFile('plain-env', '.env', PLAIN_ENV);
    await openAndShow(uri);
    // The status arrives with the (empty) diagnostics; wait for the status to be known.
    await waitForStatus(api, uri);
    assert.deepStrictEqual(vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'smtp-lint'), []);
    assert.match(api.statusOf(uri)!.text, /^not linted: no mail settings found/);
  });

  test('typing a fix clears the finding; typing the problem back brings it back', async () => {
    const uri = writeWorkspaceFile('typing', '.env', LARAVEL_ENV);
    const editor = await openAndShow(uri);
    await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25');
    const line = editor.document.getText().split('\n').findIndex((l) => l === 'MAIL_PORT=25');
    await editor.edit((b) => b.replace(new vscode.Range(line, 10, line, 12), '587'));
    await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to go');
    await editor.edit((b) => b.replace(new vscode.Range(line, 10, line, 13), '25'));
    await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to return');
  });
});

/** Wait until the server has told the client the document's status (pushed after each lint). */
function waitForStatus(api: SmtpLintApi, uri: vscode.Uri, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      if (api.statusOf(uri)) return resolve();
      if (Date.now() - started > timeoutMs) return reject(new Error('no status from the server'));
      setTimeout(poll, 20);
    };
    poll();
  });
}
