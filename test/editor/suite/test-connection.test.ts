// Issue 7's "Done when" in a real VS Code: wp-config.php sends through relay.example.test on port 25, which times out
// (a firewall-like black hole on 127.0.0.1:25), while 587 answers with STARTTLS and a certificate from a test CA.
// The user clicks "Test connection" (the code lens), learns that 25 times out and that 587 answers with a valid
// certificate, applies the quick fix, and tests again successfully. The relay is staged by test/lsp/relay.ts; the
// language server gets the test CA (NODE_EXTRA_CA_CERTS) and the name (SMTP_LINT_PROBE_HOSTS) through its
// environment: the suite sets them in the extension host and restarts the server, which inherits them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { startRelay, RELAY_HOST, RELAY_PASSWORD, RELAY_WP_CONFIG, type TestRelay } from '../../lsp/relay';
import { activateExtension, closeAllEditors, openAndShow, ruleOf, waitForDiagnostics, writeWorkspaceFile } from './helpers';

interface Outcome {
  reports: { verdict: string; summary: string; message: string; lines: string[]; target: { host: string; port: number; mode: string } }[];
  skipped: { label: string; reason: string }[];
  notifications: string[];
  outputLines: string[];
}

const BLOCKED_25 = 'smtp-lint: port 25 timed out: outbound 25 is probably blocked here; port 587 answered and offers STARTTLS';
const VALID_587 = /relay\.example\.test:587 works: STARTTLS upgraded to TLSv1\.[23], and the certificate is valid for relay\.example\.test until .+ \(issued by CN=smtp-lint test CA\)$/;

async function testConnectionLens(uri: vscode.Uri): Promise<vscode.CodeLens> {
  // Lenses come from the server; the first request may race the server's first lint, so ask until one is there.
  for (let i = 0; i < 50; i++) {
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
    const lens = lenses.find((l) => l.command?.title === 'Test connection');
    if (lens) return lens;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no "Test connection" code lens');
}

/** What clicking the lens does: run its command with its arguments. */
async function click(lens: vscode.CodeLens): Promise<Outcome> {
  const outcome = await vscode.commands.executeCommand<Outcome>(lens.command!.command, ...(lens.command!.arguments ?? []));
  assert.ok(outcome, 'the command returned nothing (refused?)');
  return outcome;
}

suite('Test connection (issue 7 flow)', () => {
  let relay: TestRelay;
  const saved: Record<string, string | undefined> = {};

  suiteSetup(async function () {
    this.timeout(60_000);
    await activateExtension();
    relay = await startRelay();
    for (const [k, v] of Object.entries(relay.env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    // The language server is a child of this extension host: restarted now, it inherits the variables above.
    await vscode.commands.executeCommand('smtpLint.restartServer');
  });

  suiteTeardown(async function () {
    this.timeout(30_000);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await closeAllEditors();
    await relay?.close();
    await vscode.commands.executeCommand('smtpLint.restartServer');
  });

  test('the command is registered and trust is on in this test workbench', async () => {
    assert.ok((await vscode.commands.getCommands(true)).includes('smtpLint.testConnection'));
    assert.strictEqual(vscode.workspace.isTrusted, true);
  });

  test('Test connection: 25 times out, 587 answers with a valid certificate; quick fix; Test connection again works', async function () {
    this.timeout(60_000);
    const uri = writeWorkspaceFile('relay', 'wp-config.php', RELAY_WP_CONFIG);
    const editor = await openAndShow(uri);
    const diags = await waitForDiagnostics(uri, (d) => d.some((x) => ruleOf(x) === 'port-25'), 'port-25 on the relay');

    // 1. The lens sits on the host line; clicking it probes the relay.
    const lens = await testConnectionLens(uri);
    assert.strictEqual(editor.document.lineAt(lens.range.start.line).text, `define( 'WPMS_SMTP_HOST', '${RELAY_HOST}' );`);
    const first = await click(lens);
    assert.strictEqual(first.reports.length, 1);
    assert.strictEqual(first.reports[0].verdict, 'timeout', first.reports[0].lines.join('\n'));
    const [notification] = first.notifications;
    assert.ok(notification.startsWith(BLOCKED_25), notification);
    assert.match(notification, VALID_587);
    // Each step went to the output channel.
    assert.ok(first.outputLines.some((l) => /^ {2}FAIL {2}connect .*timed out/.test(l)), first.outputLines.join('\n'));
    assert.ok(first.outputLines.some((l) => /^ {6}ok {4}tls .*host name relay\.example\.test verified/.test(l)), first.outputLines.join('\n'));

    // 2. The quick fix.
    const port25 = diags.find((x) => ruleOf(x) === 'port-25')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, port25.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.isPreferred && a.title === 'Use port 587 with STARTTLS');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(editor.document.getText(), /define\( 'WPMS_SMTP_PORT', 587 \);/);
    await waitForDiagnostics(uri, (d) => !d.some((x) => ruleOf(x) === 'port-25'), 'port-25 to go');

    // 3. Test again, from the lens: 587 with STARTTLS works.
    const second = await click(await testConnectionLens(uri));
    assert.deepStrictEqual(second.reports[0].target, { host: RELAY_HOST, port: 587, mode: 'starttls' });
    assert.strictEqual(second.reports[0].verdict, 'ok', second.reports[0].lines.join('\n'));
    assert.match(second.notifications[0], /^smtp-lint: relay\.example\.test:587 works: /);

    // And from the command palette (no arguments): the profiles of the active file.
    const palette = await vscode.commands.executeCommand<Outcome>('smtpLint.testConnection');
    assert.deepStrictEqual(palette?.reports.map((r) => r.verdict), ['ok']);

    const everything = JSON.stringify([first, second, palette]);
    assert.ok(!everything.includes(RELAY_PASSWORD), 'the password leaked');
    assert.deepStrictEqual(relay.smtp.handlerCalls, [], 'the probe must never authenticate or send mail');
    assert.ok(fs.existsSync(uri.fsPath));
  });
});
