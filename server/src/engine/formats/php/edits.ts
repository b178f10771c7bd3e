// Text edits that keep the file's own style: quote characters, indentation, line endings.
import type { Span, TextEdit } from '../../model';
import { detectEol, indentAt, LineIndex } from '../../text';
import type { Literal } from './values';

/** The quote character a string literal uses, or `'` for anything else. */
export function quoteOf(text: string, span: Span): string {
  const c = text[span.start];
  return c === '"' ? '"' : "'";
}

/** Replace a literal with a new value in the same form: `'25'` -> `'587'`, `25` -> `587`. */
export function replaceLiteral(text: string, lit: Literal, value: string | number): TextEdit {
  if (lit.type === 'string' && (text[lit.span.start] === "'" || text[lit.span.start] === '"')) {
    const q = text[lit.span.start];
    return { start: lit.span.start, end: lit.span.end, newText: `${q}${value}${q}` };
  }
  if (lit.type === 'number' && typeof value === 'number') return { start: lit.span.start, end: lit.span.end, newText: String(value) };
  return { start: lit.span.start, end: lit.span.end, newText: typeof value === 'number' ? String(value) : `'${value}'` };
}

/**
 * Insert a statement after the one at `after`: on its own line with the same indentation when the rest of that
 * line is empty or a comment, else right after the statement on the same line (never past a `?>`).
 */
export function insertStatementAfter(text: string, after: Span, statement: string, index = new LineIndex(text)): TextEdit {
  const line = index.positionAt(after.end).line;
  const lineEnd = index.lineEnd(line);
  const rest = text.slice(after.end, lineEnd);
  const restIsComment = /^\s*((\/\/|#)(?!\[)((?!\?>).)*)?$/.test(rest);
  // A statement right before `?>` may omit its semicolon; an extra `;` is an empty statement, always valid.
  const close = /[;}]\s*$/.test(text.slice(after.start, after.end)) ? '' : ';';
  if (restIsComment) {
    return { start: lineEnd, end: lineEnd, newText: close + detectEol(text) + indentAt(text, after.start) + statement };
  }
  return { start: after.end, end: after.end, newText: `${close} ${statement}` };
}

/**
 * Delete a statement: its whole line(s) with the line break when nothing else is on them, else only the statement
 * (and the blanks after it). The file keeps its final newline, or its lack of one. Pass the file's `index` when
 * removing many: building one per removal made a file of n duplicates cost n².
 */
export function removeStatement(text: string, span: Span, index = new LineIndex(text)): TextEdit {
  const first = index.positionAt(span.start).line;
  const last = index.positionAt(span.end).line;
  const before = text.slice(index.lineStart(first), span.start);
  const after = text.slice(span.end, index.lineEnd(last));
  if (/^\s*$/.test(before) && /^\s*$/.test(after)) {
    const end = index.lineEndWithBreak(last);
    // The file's last line, without a line break of its own: take the break before it instead, so a file that did
    // not end with a newline does not gain one.
    if (end === text.length && index.lineEnd(last) === end && first > 0) return { start: index.lineEnd(first - 1), end, newText: '' };
    return { start: index.lineStart(first), end, newText: '' };
  }
  let end = span.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { start: span.start, end, newText: '' };
}

/** The literal text of `true`/`false` in the case style of an existing boolean (`FALSE` -> `TRUE`). */
export function booleanText(existing: string, value: boolean): string {
  const word = value ? 'true' : 'false';
  if (existing === existing.toUpperCase() && /[A-Z]/.test(existing)) return word.toUpperCase();
  if (/^[A-Z][a-z]+$/.test(existing)) return word[0].toUpperCase() + word.slice(1);
  return word;
}
