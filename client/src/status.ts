// A language status item ("{ }" in the status bar) that says whether the active file is linted, and if not, why.
// The server pushes a status for every document it lints; the item shows the one for the active editor.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, STATUS_REQUEST, type DocumentStatus } from '../../server/src/lsp/protocol';

export class LintStatusItem implements vscode.Disposable {
  private readonly item: vscode.LanguageStatusItem;
  private readonly byUri = new Map<string, DocumentStatus>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(selector: vscode.DocumentSelector, private readonly getClient: () => LanguageClient | undefined) {
    this.item = vscode.languages.createLanguageStatusItem('smtpLint.status', selector);
    this.item.name = 'smtp-lint';
    this.item.text = 'smtp-lint';
    this.item.command = { title: 'Show output', command: 'smtpLint.showOutput' };
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((d) => this.byUri.delete(d.uri.toString())),
    );
  }

  /** Listen to the client's status notifications (once: handlers survive restarts). */
  attach(client: LanguageClient): void {
    this.disposables.push(
      client.onNotification(STATUS_NOTIFICATION, (status: DocumentStatus) => {
        this.byUri.set(status.uri, status);
        this.render();
      }),
    );
    this.render();
  }

  /** The last status the server reported for a document, if any (used by tests and commands). */
  statusOf(uri: vscode.Uri): DocumentStatus | undefined {
    return this.byUri.get(uri.toString());
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) return;
    const status = this.byUri.get(doc.uri.toString());
    if (!status) {
      this.item.text = 'smtp-lint';
      this.item.detail = 'waiting for the server';
      void this.ask(doc.uri);
      return;
    }
    this.item.text = status.text;
    this.item.detail = status.state === 'linted' ? undefined : 'smtp-lint';
    this.item.severity = status.state === 'linted' && status.findings > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  }

  private async ask(uri: vscode.Uri): Promise<void> {
    const client = this.getClient();
    if (!client?.isRunning()) return;
    try {
      const status = await client.sendRequest<DocumentStatus | null>(STATUS_REQUEST, { uri: uri.toString() });
      if (status) {
        this.byUri.set(status.uri, status);
        this.render();
      }
    } catch {
      /* the server restarts or the document closed: the next notification fills it in */
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

