// Text edits for Python settings: add a sibling setting next to an existing one in the file's own shape
// (`KEY = value` statement, `app.config['KEY'] = value`, `KEY=value` keyword argument, `'KEY': value` dict entry),
// and remove a whole statement.
import type { TextEdit } from '../../model';
import { indentAt, type LineIndex } from '../../text';
import type { Container, Op } from './collect';

export interface NewEntry {
  key: string;
  /** Python source of the value. */
  value: string;
}

/** Is `offset` the first non-blank character of its line? */
function startsLine(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r';
}

/** Only blanks and a comment between `offset` and the end of its line? */
function restIsBlankOrComment(text: string, offset: number, lineEnd: number): boolean {
  const rest = text.slice(offset, lineEnd).trim();
  return rest === '' || rest.startsWith('#');
}

function entryText(container: Container, e: NewEntry): string {
  switch (container.kind) {
    case 'assign':
      return container.subscript
        ? `${container.subscript.object}[${container.subscript.quote}${e.key}${container.subscript.quote}] = ${e.value}`
        : `${e.key} = ${e.value}`;
    case 'kwarg':
      return `${e.key}=${e.value}`;
    case 'dict':
      return `${container.quote}${e.key}${container.quote}: ${e.value}`;
  }
}

/** One edit that adds `entries` right after `anchor`, shaped like it. */
export function insertAfter(text: string, index: LineIndex, eol: string, anchor: Op, entries: NewEntry[]): TextEdit {
  const c = anchor.container;
  const texts = entries.map((e) => entryText(c, e));
  if (c.kind === 'assign') {
    const stmt = c.statement;
    const line = index.positionAt(stmt.to).line;
    const lineEnd = index.lineEnd(line);
    // `if x: KEY = 1` or `A = 1; B = 2`: another statement on the same line, with `; `.
    if (!startsLine(text, stmt.from) || !restIsBlankOrComment(text, stmt.to, lineEnd)) {
      return { start: stmt.to, end: stmt.to, newText: texts.map((t) => `; ${t}`).join('') };
    }
    const indent = indentAt(text, stmt.from);
    return { start: lineEnd, end: lineEnd, newText: texts.map((t) => `${eol}${indent}${t}`).join('') };
  }
  // Keyword arguments and dict entries: one per line when the anchor starts its line, else inline.
  const entry = c.entry;
  let after = entry.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const comma = text[after] === ',' ? after : -1;
  if (!startsLine(text, entry.start)) {
    return { start: entry.end, end: entry.end, newText: texts.map((t) => `, ${t}`).join('') };
  }
  const indent = indentAt(text, entry.start);
  if (comma >= 0) {
    const line = index.positionAt(comma).line;
    const lineEnd = index.lineEnd(line);
    const at = restIsBlankOrComment(text, comma + 1, lineEnd) ? lineEnd : comma + 1;
    return { start: at, end: at, newText: texts.map((t) => `${eol}${indent}${t},`).join('') };
  }
  return { start: entry.end, end: entry.end, newText: texts.map((t) => `,${eol}${indent}${t}`).join('') };
}

/** Remove a statement with its whole line(s), when it is alone there; undefined otherwise. */
export function removeStatement(text: string, index: LineIndex, from: number, to: number): TextEdit | undefined {
  const first = index.positionAt(from).line;
  const last = index.positionAt(to).line;
  if (!startsLine(text, from) || !restIsBlankOrComment(text, to, index.lineEnd(last))) return undefined;
  const start = index.lineStart(first);
  const end = index.lineEndWithBreak(last);
  if (end === index.lineEnd(last) && first > 0) return { start: index.lineEnd(first - 1), end, newText: '' };
  return { start, end, newText: '' };
}
