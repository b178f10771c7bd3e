// PHP array literals as configuration: `return [ 'key' => value, ... ]` (Laravel) and `$CONFIG = array( ... )`
// (Nextcloud). Reading string-keyed entries, and edits that keep the array's own style (one entry per line or all on
// one line, quotes, `=>` alignment, trailing commas).
import type { DuplicateSetting, Span, TextEdit } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { child, childList, type PhpNode, spanOf, stringValue } from './ast';

export interface ArrayEntry {
  key: string;
  keyNode: PhpNode;
  /** The key as written, without its quotes. */
  keySpan: Span;
  value: PhpNode;
  valueSpan: Span;
  /** `key => value`, without the separating comma. */
  span: Span;
}

/** The string-keyed entries of an array literal, in source order (repeated keys included). */
export function arrayEntries(node: PhpNode | undefined): ArrayEntry[] {
  if (node?.kind !== 'array') return [];
  const out: ArrayEntry[] = [];
  for (const item of childList(node, 'items')) {
    if (item.kind !== 'entry') continue;
    const keyNode = child(item, 'key');
    const value = child(item, 'value');
    const key = stringValue(keyNode);
    const keyLoc = keyNode ? spanOf(keyNode) : undefined;
    const valueSpan = value ? spanOf(value) : undefined;
    const span = spanOf(item);
    if (key === undefined || !keyNode || !keyLoc || !value || !valueSpan || !span) continue;
    out.push({ key, keyNode, keySpan: unquoted(keyLoc), value, valueSpan, span });
  }
  return out;
}

/** Key -> the entry PHP keeps (the last one written). */
export function lastEntries(entries: readonly ArrayEntry[]): Map<string, ArrayEntry> {
  const m = new Map<string, ArrayEntry>();
  for (const e of entries) m.set(e.key, e);
  return m;
}

function unquoted(s: Span): Span {
  return s.end - s.start >= 2 ? { start: s.start + 1, end: s.end - 1 } : s;
}

/** Repeated keys among `keys` in one array literal: PHP keeps the last value, so each earlier one has no effect. */
export function arrayDuplicates(text: string, entries: readonly ArrayEntry[], keys: ReadonlySet<string>, prefix = ''): DuplicateSetting[] {
  const winners = lastEntries(entries);
  const dups: DuplicateSetting[] = [];
  for (const e of entries) {
    const winner = winners.get(e.key)!;
    if (winner === e || !keys.has(e.key)) continue;
    dups.push({
      key: `${prefix}${e.key}`,
      winner: winner.span,
      loser: e.span,
      rule: 'PHP keeps the last value of a repeated array key',
      removal: [removeEntry(text, entries, e)],
    });
  }
  return dups;
}

/** Is only whitespace between the line start and `offset`? */
function startsLine(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '\n' || c === '\r') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

function skipBlanks(text: string, pos: number): number {
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  return pos;
}

/** The rest of a line is empty or a line comment (no `?>` in it). */
function restIsComment(rest: string): boolean {
  return /^\s*((\/\/|#)(?!\[)((?!\?>).)*)?$/.test(rest);
}

/** Delete one entry with its comma: its whole line when it has a line of its own, else only the entry. */
export function removeEntry(text: string, entries: readonly ArrayEntry[], entry: ArrayEntry): TextEdit {
  const index = new LineIndex(text);
  let after = skipBlanks(text, entry.span.end);
  const hasComma = text[after] === ',';
  if (hasComma) after++;
  const lastLine = index.positionAt(entry.span.end).line;
  const firstLine = index.positionAt(entry.span.start).line;
  const isLast = entries[entries.length - 1] === entry;
  if (startsLine(text, entry.span.start) && restIsComment(text.slice(after, index.lineEnd(lastLine))) && (hasComma || !isLast)) {
    return { start: index.lineStart(firstLine), end: index.lineEndWithBreak(lastLine), newText: '' };
  }
  if (!hasComma) {
    // The last entry without a trailing comma: take the comma before it instead.
    let before = entry.span.start;
    while (before > 0 && /\s/.test(text[before - 1])) before--;
    if (text[before - 1] === ',') return { start: before - 1, end: entry.span.end, newText: '' };
    return { start: entry.span.start, end: entry.span.end, newText: '' };
  }
  return { start: entry.span.start, end: skipBlanks(text, after), newText: '' };
}

/** `'key' => value` in the style of `model`: its quote character and its `=>` column when arrows are aligned. */
export function entryLike(text: string, model: ArrayEntry, key: string, value: string): string {
  const quote = text[model.keySpan.start - 1] === '"' ? '"' : "'";
  const sep = text.slice(model.keySpan.end + 1, model.valueSpan.start);
  const m = /^([ \t]*)=>([ \t]*)$/.exec(sep);
  let arrow = ' => ';
  if (m) {
    const pad = m[1].length > 1 ? Math.max(1, model.key.length + m[1].length - key.length) : m[1].length;
    arrow = `${' '.repeat(pad)}=>${m[2]}`;
  }
  return `${quote}${key}${quote}${arrow}${value}`;
}

/**
 * Insert new entries right after `after`: each on a line of its own with the same indentation when `after` has its
 * own line, else on the same line. Adds the comma `after` lacks, and trailing commas when `after` had one.
 */
export function insertEntriesAfter(text: string, after: ArrayEntry, entryTexts: readonly string[]): TextEdit[] {
  if (entryTexts.length === 0) return [];
  const index = new LineIndex(text);
  const commaAt = skipBlanks(text, after.span.end);
  const hasComma = text[commaAt] === ',';
  const afterComma = hasComma ? commaAt + 1 : after.span.end;
  const line = index.positionAt(after.span.end).line;
  const lineEnd = index.lineEnd(line);
  const ownLine = startsLine(text, after.span.start) && restIsComment(text.slice(afterComma, lineEnd));
  const edits: TextEdit[] = [];
  if (ownLine) {
    if (!hasComma) edits.push({ start: after.span.end, end: after.span.end, newText: ',' });
    const indent = text.slice(index.lineStart(index.positionAt(after.span.start).line), after.span.start);
    const eol = detectEol(text);
    const lines = entryTexts.map((e, i) => `${eol}${indent}${e}${hasComma || i < entryTexts.length - 1 ? ',' : ''}`);
    edits.push({ start: lineEnd, end: lineEnd, newText: lines.join('') });
  } else if (hasComma) {
    edits.push({ start: afterComma, end: afterComma, newText: entryTexts.map((e) => ` ${e},`).join('') });
  } else {
    edits.push({ start: after.span.end, end: after.span.end, newText: entryTexts.map((e) => `, ${e}`).join('') });
  }
  return edits;
}
