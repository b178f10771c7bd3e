// "smtp-lint: Test SMTP connection" and the "Test connection" code lens: the server probes the relay of the mail
// profile (it has the lint), the client shows each step in the output and the verdict in a notification.
// Nothing is probed unless the user asks, and nothing at all in an untrusted workspace: the lenses are filtered
// out, the command is hidden from the palette and refuses to run, and the server refuses the request as well.
import * as vscode from 'vscode';
import { CodeLensRequest, LSPErrorCodes, ResponseError, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import {
  TEST_CONNECTION_COMMAND,
  TEST_CONNECTION_REQUEST,
  type TestConnectionParams,
  type TestConnectionResult,
} from '../../server/src/lsp/protocol';

/** What the command did: the server's answer, the lines written to the output and the notifications shown. */
export interface TestConnectionOutcome extends TestConnectionResult {
  outputLines: string[];
  notifications: string[];
}

export const UNTRUSTED_MESSAGE = 'smtp-lint: Test connection is not available in Restricted Mode. Trust this workspace to test the SMTP connection.';

/** Code lenses only in a trusted workspace: the "Test connection" lens must not even be offered otherwise. */
export const trustedCodeLensMiddleware: Middleware = {
  provideCodeLenses: (document, token, next) => (vscode.workspace.isTrusted ? next(document, token) : []),
};

export function registerTestConnection(log: vscode.LogOutputChannel, getClient: () => LanguageClient | undefined): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(TEST_CONNECTION_COMMAND, (uri?: unknown, profile?: unknown) => testConnection(log, getClient(), uri, profile)),
    // Trust granted: ask for the lenses that were held back.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      const feature = getClient()?.getFeature(CodeLensRequest.method);
      for (const editor of vscode.window.visibleTextEditors) feature?.getProvider(editor.document)?.onDidChangeCodeLensEmitter.fire();
    }),
  ];
}

/** From a lens: `(uri, profileIndex)`; from the palette: nothing (every profile of the active file). */
async function testConnection(
  log: vscode.LogOutputChannel,
  client: LanguageClient | undefined,
  uriArg: unknown,
  profileArg: unknown,
): Promise<TestConnectionOutcome | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(UNTRUSTED_MESSAGE);
    return undefined;
  }
  const uri = typeof uriArg === 'string' ? uriArg : uriArg instanceof vscode.Uri ? uriArg.toString() : vscode.window.activeTextEditor?.document.uri.toString();
  if (!uri) {
    void vscode.window.showInformationMessage('smtp-lint: open a file with SMTP settings to test its connection.');
    return undefined;
  }
  if (!client?.isRunning()) {
    void vscode.window.showErrorMessage('smtp-lint: the language server is not running. See the smtp-lint output.');
    return undefined;
  }
  const params: TestConnectionParams = { uri, workspaceTrusted: true };
  if (typeof profileArg === 'number') params.profile = profileArg;
  let result: TestConnectionResult;
  try {
    result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'smtp-lint: testing the SMTP connection…', cancellable: true },
      (_progress, token) => client.sendRequest<TestConnectionResult>(TEST_CONNECTION_REQUEST, params, token),
    );
  } catch (e) {
    if (wasCancelled(e)) return undefined;
    const message = `smtp-lint: ${e instanceof ResponseError || e instanceof Error ? e.message : String(e)}`;
    log.warn(message);
    void vscode.window.showWarningMessage(message);
    return undefined;
  }

  // The server redacted every string with the file's secrets; they go out as they are.
  const outputLines = [
    ...result.reports.flatMap((report) => report.lines),
    ...result.skipped.map((s) => `Test connection: skipped ${s.label}: ${s.reason}`),
  ];
  for (const line of outputLines) log.info(line);

  const notifications: string[] = [];
  for (const report of result.reports) {
    const text = `smtp-lint: ${report.message}`;
    notifications.push(text);
    if (report.verdict === 'ok') void vscode.window.showInformationMessage(text);
    else void vscode.window.showWarningMessage(text, 'Show output').then((choice) => choice && log.show(true));
  }
  if (result.reports.length === 0) {
    const reasons = result.skipped.map((s) => `${s.label}: ${s.reason}`).join('; ');
    const text = `smtp-lint: nothing to test in this file${reasons ? `: ${reasons}` : ''}.`;
    notifications.push(text);
    void vscode.window.showInformationMessage(text);
  }
  return { ...result, outputLines, notifications };
}

/** The user cancelled the progress notification: no message. */
function wasCancelled(e: unknown): boolean {
  return e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled;
}
