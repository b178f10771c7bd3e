// Postfix main.cf syntax (postconf(5)): `name = value` logical lines. A line that starts with whitespace continues
// the logical line before it; lines whose first non-blank character is `#` are comments, and so are ignored (also in
// the middle of a logical line). A `#` after a value is part of the value. The last definition of a name wins.
import type { Span } from '../../model';
import { physicalLines, skipBlanks, trimEnd, type PhysicalLine } from '../lines';

export interface MainCfEntry {
  name: string;
  nameSpan: Span;
  /** The value with continuation lines joined by one space. */
  value: string;
  /** From the first to the last character of the value as written (may span lines); zero-width when empty. */
  valueSpan: Span;
  /** From the name to the end of the value. */
  span: Span;
  firstLine: number;
  lastLine: number;
  /** Text between the name and the value on the first line: ' = ', '='. */
  delimiter: string;
}

export interface MainCf {
  lines: PhysicalLine[];
  entries: MainCfEntry[];
  comments: Span[];
}

const NAME = /^[A-Za-z0-9_.-]+$/;

export function parseMainCf(text: string): MainCf {
  const lines = physicalLines(text);
  const cf: MainCf = { lines, entries: [], comments: [] };
  let current: { entry: MainCfEntry; pieces: string[] } | undefined;
  const finish = () => {
    if (!current) return;
    current.entry.value = current.pieces.filter((p) => p).join(' ');
    current = undefined;
  };
  for (const line of lines) {
    const s = skipBlanks(text, line.start, line.end);
    if (s >= line.end) continue; // blank: ignored, even inside a logical line
    if (text[s] === '#') {
      cf.comments.push({ start: s, end: line.end });
      continue;
    }
    if (s > line.start) {
      // Continuation of the previous logical line.
      if (current) {
        const e = trimEnd(text, s, line.end);
        current.pieces.push(text.slice(s, e));
        if (current.entry.valueSpan.start === current.entry.valueSpan.end) current.entry.valueSpan.start = s;
        current.entry.valueSpan.end = e;
        current.entry.span.end = e;
        current.entry.lastLine = line.index;
      }
      continue;
    }
    finish();
    const eq = text.indexOf('=', s);
    if (eq < 0 || eq > line.end) continue; // not a parameter line (half-typed, or not main.cf syntax)
    const nameEnd = trimEnd(text, s, eq);
    const name = text.slice(s, nameEnd);
    if (!NAME.test(name)) continue;
    const vs = skipBlanks(text, eq + 1, line.end);
    const ve = trimEnd(text, vs, line.end);
    const entry: MainCfEntry = {
      name,
      nameSpan: { start: s, end: nameEnd },
      value: '',
      valueSpan: { start: vs, end: ve },
      span: { start: s, end: Math.max(ve, eq + 1) },
      firstLine: line.index,
      lastLine: line.index,
      delimiter: text.slice(nameEnd, vs),
    };
    cf.entries.push(entry);
    current = { entry, pieces: [text.slice(vs, ve)] };
  }
  finish();
  return cf;
}

/** The definition that takes effect (the last one). */
export function lastDefinition(cf: MainCf, name: string): MainCfEntry | undefined {
  for (let i = cf.entries.length - 1; i >= 0; i--) if (cf.entries[i].name === name) return cf.entries[i];
  return undefined;
}

/**
 * Expand `$name`, `${name}` and `$(name)` with the file's own definitions. Returns undefined when a reference names
 * a parameter this file does not define (a built-in default we do not model).
 */
export function expand(cf: MainCf, value: string, depth = 0): string | undefined {
  if (!value.includes('$')) return value;
  if (depth > 5) return undefined;
  let unknown = false;
  const out = value.replace(/\$(?:\{([A-Za-z0-9_]+)\}|\(([A-Za-z0-9_]+)\)|([A-Za-z0-9_]+))/g, (_m, a, b, c) => {
    const def = lastDefinition(cf, a ?? b ?? c);
    const v = def ? expand(cf, def.value, depth + 1) : undefined;
    if (v === undefined) unknown = true;
    return v ?? '';
  });
  return unknown ? undefined : out;
}

/** Postfix booleans: yes/no, any case. */
export function postfixBool(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLowerCase();
  return v === 'yes' ? true : v === 'no' ? false : undefined;
}
