// The protocol trace (smtpLint.trace.server = verbose) prints every message, including the full text of open
// documents, which can hold SMTP passwords. This channel wrapper hides document text before it is written.
import type * as vscode from 'vscode';

/** Replace the value of every JSON "text" property (didOpen / didChange contents) with its length. */
export function hideDocumentText(line: string): string {
  return line.replace(/("text"\s*:\s*)"((?:[^"\\]|\\.)*)"/g, (_m, prefix: string, body: string) => `${prefix}"<${body.length} characters of document text hidden>"`);
}

/** An OutputChannel that writes through `target` with document text hidden. */
export function documentTextHidingChannel(target: vscode.OutputChannel): vscode.OutputChannel {
  return {
    name: target.name,
    append: (value: string) => target.append(hideDocumentText(value)),
    appendLine: (value: string) => target.appendLine(hideDocumentText(value)),
    replace: (value: string) => target.replace(hideDocumentText(value)),
    clear: () => target.clear(),
    show: (columnOrPreserve?: vscode.ViewColumn | boolean, preserveFocus?: boolean) =>
      typeof columnOrPreserve === 'boolean' || columnOrPreserve === undefined ? target.show(columnOrPreserve) : target.show(columnOrPreserve, preserveFocus),
    hide: () => target.hide(),
    // The wrapped channel belongs to the extension; it is disposed there, not through this view of it.
    dispose: () => undefined,
  };
}
