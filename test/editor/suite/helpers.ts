// Shared helpers for the editor suites: workspace files, waiting for diagnostics by event, the engine's own
// expectations (so the suites follow whatever the formats find), and the extension's API.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { lintText, type LintResult } from '../../../server/src/engine';

export const EXTENSION_ID = 'smtp-lint.smtp-lint';

export interface SmtpLintApi {
  statusOf(uri: vscode.Uri): { state: string; text: string; findings: number } | undefined;
}

export async function activateExtension(): Promise<SmtpLintApi> {
  const ext = vscode.extensions.getExtension<SmtpLintApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  return ext.activate();
}

export function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor tests need a workspace folder');
  return folder.uri.fsPath;
}

/** Write a file into a fresh sub-folder of the workspace (one per test, so files never interfere). */
export function writeWorkspaceFile(subdir: string, name: string, text: string): vscode.Uri {
  const dir = path.join(workspaceDir(), subdir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

export async function openAndShow(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

export function smtpLintDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'smtp-lint');
}

/**
 * Resolve with the smtp-lint diagnostics of `uri` as soon as `accept` says yes. Driven by
 * languages.onDidChangeDiagnostics; the timeout only turns a hang into a readable failure.
 */
export function waitForDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, what: string, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out waiting for ${what}; have: ${JSON.stringify(smtpLintDiagnostics(uri).map((d) => String(d.code && typeof d.code === 'object' ? d.code.value : d.code)))}`));
    }, timeoutMs);
    const check = (): boolean => {
      const current = smtpLintDiagnostics(uri);
      if (!accept(current)) return false;
      clearTimeout(timer);
      sub?.dispose();
      resolve(current);
      return true;
    };
    sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    check();
  });
}

/** Resolve when the document's text satisfies `accept` (after an edit or a save action). */
export function waitForText(doc: vscode.TextDocument, accept: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const check = () => {
      if (!accept(doc.getText())) return;
      clearTimeout(timer);
      sub?.dispose();
      resolve(doc.getText());
    };
    sub = vscode.workspace.onDidChangeTextDocument((e) => e.document === doc && check());
    check();
  });
}

export function ruleOf(d: vscode.Diagnostic): string {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

export function codeTarget(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? d.code.target.toString() : undefined;
}

/** What the engine finds in the file, with its default config: the suites' expectation. */
export function engineLint(uri: vscode.Uri, text: string): LintResult {
  return lintText(text, { path: uri.fsPath, config: {}, hints: {} });
}

export function toRange(r: LintResult, span: { start: number; end: number }): vscode.Range {
  const s = r.index.positionAt(span.start);
  const e = r.index.positionAt(span.end);
  return new vscode.Range(s.line, s.character, e.line, e.character);
}

export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))
    .join('\n');
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
