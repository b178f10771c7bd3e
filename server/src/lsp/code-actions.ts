// Code actions: each engine fix as a quick fix, fix-all (`source.fixAll.smtp-lint`, for editor.codeActionsOnSave),
// and suppression comments ("Disable <rule> for this line / file"). All edits are versioned TextDocumentEdits, so a
// client never applies them to a newer text than they were made for.
import {
  CodeAction,
  CodeActionKind,
  TextDocumentEdit,
  type OptionalVersionedTextDocumentIdentifier,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { collectPreferredEdits } from '../engine/fix';
import type { LintResult } from '../engine/lint';
import type { Finding } from '../engine/model';
import { directiveText } from '../engine/suppress';
import { detectEol, indentAt } from '../engine/text';
import { findingToDiagnostic, rangesIntersect, spanToRange, toLspEdit } from './convert';
import { FIX_ALL_KIND } from './protocol';

export interface CodeActionInput {
  uri: string;
  version: number;
  text: string;
  result: LintResult;
  range: Range;
  /** context.only from the request; undefined means every kind. */
  only?: string[];
  /** The client understands documentChanges (versioned edits); else plain `changes` are sent. */
  documentChanges: boolean;
}

function wanted(only: string[] | undefined, kind: string): boolean {
  if (!only || only.length === 0) return true;
  // A requested kind matches itself and its sub-kinds: `source.fixAll` matches `source.fixAll.smtp-lint`.
  return only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function workspaceEdit(input: CodeActionInput, edits: LspTextEdit[]): WorkspaceEdit {
  if (input.documentChanges) {
    const id: OptionalVersionedTextDocumentIdentifier = { uri: input.uri, version: input.version };
    return { documentChanges: [TextDocumentEdit.create(id, edits)] };
  }
  return { changes: { [input.uri]: edits } };
}

export function codeActions(input: CodeActionInput): CodeAction[] {
  const { result } = input;
  const index = result.index;
  const actions: CodeAction[] = [];
  const inRange = result.findings.filter((f) => rangesIntersect(spanToRange(index, f.span), input.range));

  if (wanted(input.only, CodeActionKind.QuickFix)) {
    for (const f of inRange) {
      const diagnostic = findingToDiagnostic(f, index, input.uri);
      for (const fix of f.fixes) {
        if (fix.edits.length === 0) continue;
        const action = CodeAction.create(fix.title, workspaceEdit(input, fix.edits.map((e) => toLspEdit(index, e))), CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        if (fix.preferred) action.isPreferred = true;
        actions.push(action);
      }
    }
    for (const f of inRange) actions.push(...suppressionActions(input, f));
  }

  if (wanted(input.only, FIX_ALL_KIND)) {
    const fixAll = fixAllAction(input);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** All preferred fixes of the file that don't overlap, in one edit; undefined when there is nothing to fix. */
export function fixAllAction(input: Pick<CodeActionInput, 'uri' | 'version' | 'result' | 'documentChanges'>): CodeAction | undefined {
  const edits = collectPreferredEdits(input.result.findings);
  if (edits.length === 0) return undefined;
  const index = input.result.index;
  const action = CodeAction.create(
    'Fix all smtp-lint problems',
    workspaceEdit(input as CodeActionInput, edits.map((e) => toLspEdit(index, e))),
    FIX_ALL_KIND,
  );
  action.diagnostics = [];
  return action;
}

function suppressionActions(input: CodeActionInput, f: Finding): CodeAction[] {
  const parsed = input.result.parsed;
  if (!parsed?.lineComment) return [];
  const { text } = input;
  const index = input.result.index;
  const eol = detectEol(text);
  const out: CodeAction[] = [];
  const diagnostic = findingToDiagnostic(f, index, input.uri);

  const lineDirective = directiveText(parsed, 'next-line', f.ruleId);
  if (lineDirective) {
    const line = index.positionAt(f.span.start).line;
    const lineStart = index.lineStart(line);
    const insert = `${indentAt(text, lineStart)}${lineDirective}${eol}`;
    const edit = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: insert };
    const action = CodeAction.create(`Disable ${f.ruleId} for this line`, workspaceEdit(input, [edit]), CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    out.push(action);
  }

  const fileDirective = directiveText(parsed, 'file', f.ruleId);
  if (fileDirective) {
    const edit = fileDirectiveEdit(text, fileDirective, eol, (o) => index.positionAt(o), parsed.format === 'php');
    const action = CodeAction.create(`Disable ${f.ruleId} for this file`, workspaceEdit(input, [edit]), CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    out.push(action);
  }
  return out;
}

/**
 * Where a file-wide directive goes: the first line, or in PHP files right after the first `<?php` open tag (a comment
 * outside PHP code would be output as text, and not be seen as a comment).
 */
export function fileDirectiveEdit(
  text: string,
  directive: string,
  eol: string,
  positionAt: (offset: number) => { line: number; character: number },
  isPhp: boolean,
): LspTextEdit {
  const tag = isPhp ? /<\?php\b/.exec(text) : null;
  if (!tag) {
    const pos = positionAt(text.startsWith('\uFEFF') ? 1 : 0);
    return { range: { start: pos, end: pos }, newText: `${directive}${eol}` };
  }
  const afterTag = tag.index + tag[0].length;
  const rest = /^[ \t]*(\r\n|\n|\r|$)/.exec(text.slice(afterTag));
  if (rest && rest[1] !== '') {
    // `<?php` ends its line: the directive becomes the next line.
    const pos = positionAt(afterTag + rest[0].length);
    return { range: { start: pos, end: pos }, newText: `${directive}${eol}` };
  }
  // Code (or the end of the file) follows the tag on the same line: the directive gets its own line after the tag.
  const pos = positionAt(afterTag);
  return { range: { start: pos, end: pos }, newText: `${eol}${directive}${eol}` };
}
