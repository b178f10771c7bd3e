// Line-oriented config files (Postfix, msmtp, sSMTP, nullmailer, INI): physical lines with offsets, whitespace
// tokens with spans, and edits that add or remove whole lines in the file's own style and line endings.
import type { Setting, Span, TextEdit } from '../../model';
import { detectEol } from '../../text';
import { keyTable } from '../../key-table';

export interface PhysicalLine {
  /** 0-based line number. */
  index: number;
  start: number;
  /** End of the line's content, before its line break. */
  end: number;
  /** Start of the next line (or the text end). */
  next: number;
  text: string;
}

/** Every line of the text; line breaks are \n, \r\n or a lone \r. */
export function physicalLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text.charCodeAt(i);
    if (i === text.length || c === 10 || c === 13) {
      let next = i;
      if (i < text.length) next = c === 13 && text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
      lines.push({ index: lines.length, start, end: i, next, text: text.slice(start, i) });
      if (i === text.length) break;
      start = next;
      i = next - 1;
    }
  }
  return lines;
}

export interface Token {
  text: string;
  start: number;
  end: number;
}

/** Blank-separated words of `text[start, end)`, with their offsets. */
export function words(text: string, start: number, end: number): Token[] {
  const out: Token[] = [];
  let i = start;
  while (i < end) {
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i >= end) break;
    const s = i;
    while (i < end && text[i] !== ' ' && text[i] !== '\t') i++;
    out.push({ text: text.slice(s, i), start: s, end: i });
  }
  return out;
}

/** The offset of the first non-blank character at or after `from`, not past `end`. */
export function skipBlanks(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** The offset just past the last non-blank character before `end`, not before `from`. */
export function trimEnd(text: string, from: number, end: number): number {
  let i = end;
  while (i > from && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i;
}

/** Insert whole lines after the line that ends at `lineEnd` (content end), using the file's line break. */
export function insertLinesAfter(text: string, lineEnd: number, lines: string[]): TextEdit {
  const eol = detectEol(text);
  return { start: lineEnd, end: lineEnd, newText: lines.map((l) => eol + l).join('') };
}

/** Remove whole lines `first..last`, keeping the file's last line break where it was. */
export function removeLines(lines: readonly PhysicalLine[], first: number, last: number): TextEdit {
  const a = lines[first];
  const b = lines[last];
  // The last line has no break of its own: take the one before it instead.
  if (b.next === b.end && first > 0) return { start: lines[first - 1].end, end: b.end, newText: '' };
  return { start: a.start, end: b.next, newText: '' };
}

/**
 * A new `key value` line shaped like `template`: same indentation, same separator, and the value in the same
 * column when the template aligns its values with padding.
 */
export function lineLike(templateLine: string, templateKeyEnd: number, templateValueStart: number, key: string, sep: string, value: string): string {
  const indent = /^[ \t]*/.exec(templateLine)?.[0] ?? '';
  const between = templateLine.slice(templateKeyEnd, templateValueStart);
  // Padding made of spaces only, wider than one: keep the value column when the new key fits.
  if (/^ {2,}$/.test(between) && indent.length + key.length < templateValueStart) {
    return indent + key + ' '.repeat(templateValueStart - indent.length - key.length) + value;
  }
  return indent + key + sep + value;
}

/** A literal setting read from the file. */
export function literal<T>(value: T, key: string, span: Span, keySpan: Span): Setting<T> {
  return { value, origin: 'literal', key, span, keySpan };
}

/** Service names accepted where a port is expected (`[smtp.example.com]:submission`). */
export const PORT_NAMES: Record<string, number> = keyTable({ smtp: 25, submission: 587, submissions: 465, smtps: 465, urd: 465 });

/** A port from text: a number when it is an integer (possibly out of range), a service name's number, else the text. */
export function portValue(text: string): number | string {
  const t = text.trim();
  if (/^\d{1,9}$/.test(t)) return Number(t);
  const named = PORT_NAMES[t.toLowerCase()];
  return named ?? t;
}
