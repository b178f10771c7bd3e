// The VS Code side of smtp-lint: starts the language server (dist/server.js) over IPC for PHP, dotenv and JSON
// files, and adds the output channel, a language status item and four commands. All linting (and the connection test)
// happens in the server.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FIX_ALL_KIND, type InitializationOptions } from '../../server/src/lsp/protocol';
import { LintStatusItem } from './status';
import { registerTestConnection, trustedCodeLensMiddleware } from './test-connection';
import { documentTextHidingChannel } from './trace-channel';

/**
 * Documents the server sees: every kind of file the engine has a format for. PHP and dotenv by language (.env files
 * also by name, whatever language another extension gives them); JSON and YAML because plugin dumps and app configs
 * can have any name (the server checks the shape and answers "not linted" cheaply for the rest); INI, properties and
 * Python settings; MTA and sendmail-client files by name. Only files on disk: config discovery needs a real path.
 */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...['php', 'dotenv', 'json', 'jsonc', 'yaml', 'dockercompose', 'ini', 'properties', 'python', 'ruby', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map(
    (language) => ({ scheme: 'file', language }),
  ),
  { scheme: 'file', pattern: '**/{.env,.env.*,*.env,*.ini,*.properties,*.rb,main.cf,.msmtprc,msmtprc,ssmtp.conf,remotes}' },
  { scheme: 'file', pattern: '**/msmtp/config' },
];

let client: LanguageClient | undefined;
let status: LintStatusItem | undefined;

/** What tests and other extensions can reach through `extension.exports`. */
export interface SmtpLintApi {
  client(): LanguageClient | undefined;
  statusOf(uri: vscode.Uri): ReturnType<LintStatusItem['statusOf']>;
}

export async function activate(context: vscode.ExtensionContext): Promise<SmtpLintApi> {
  const log = vscode.window.createOutputChannel('smtp-lint', { log: true });
  context.subscriptions.push(log);

  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/{.smtp-lint.json,composer.lock}');
  context.subscriptions.push(watcher);
  const initializationOptions: InitializationOptions = { watchesConfigFiles: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: log,
    traceOutputChannel: documentTextHidingChannel(log),
    synchronize: { fileEvents: watcher },
    initializationOptions,
    diagnosticPullOptions: { onChange: true, onSave: true },
    middleware: trustedCodeLensMiddleware,
  };
  // The id `smtpLint` makes the client read `smtpLint.trace.server` for protocol tracing.
  client = new LanguageClient('smtpLint', 'smtp-lint', serverOptions, clientOptions);
  status = new LintStatusItem(DOCUMENT_SELECTOR, () => client);
  status.attach(client);
  context.subscriptions.push(status);

  context.subscriptions.push(
    vscode.commands.registerCommand('smtpLint.showOutput', () => log.show(true)),
    vscode.commands.registerCommand('smtpLint.restartServer', async () => {
      log.info('restarting the language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('smtpLint.fixAll', () => fixAllInActiveEditor(log)),
    ...registerTestConnection(log, () => client),
  );

  try {
    await client.start();
  } catch (e) {
    log.error(`the language server did not start: ${String(e)}`);
    void vscode.window.showErrorMessage('smtp-lint: the language server did not start. See the smtp-lint output for details.');
  }
  return { client: () => client, statusOf: (uri) => status?.statusOf(uri) };
}

/** "smtp-lint: Fix all in file": ask the server for its fix-all action and apply it. */
async function fixAllInActiveEditor(log: vscode.LogOutputChannel): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return;
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, whole, FIX_ALL_KIND)) ?? [];
  const fixAll = actions.find((a) => a.kind?.value === FIX_ALL_KIND && a.edit);
  if (!fixAll?.edit) {
    void vscode.window.showInformationMessage('smtp-lint: nothing to fix in this file.');
    return;
  }
  const applied = await vscode.workspace.applyEdit(fixAll.edit);
  if (!applied) log.warn(`fix-all was not applied to ${doc.uri.fsPath} (the file changed meanwhile?)`);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
