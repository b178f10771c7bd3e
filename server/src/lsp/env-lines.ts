// A minimal reader for one `.env` line, for hovers on keys the formats don't treat as mail settings (DB_PORT ...).
// It only locates the key and the value on a line; the dotenv format does the real parsing.
import type { Span } from '../engine/model';

export interface EnvAssignment {
  key: string;
  keySpan: Span;
  /** The value without quotes and without an inline comment. */
  value: string;
  valueSpan: Span;
}

const ASSIGNMENT = /^([ \t]*)(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;

/** The assignment on the line [lineStart, lineEnd) of `text`, or undefined for comments, blanks and other lines. */
export function envAssignmentOnLine(text: string, lineStart: number, lineEnd: number): EnvAssignment | undefined {
  const line = text.slice(lineStart, lineEnd);
  const m = ASSIGNMENT.exec(line);
  if (!m) return undefined;
  const key = m[2];
  const keyStart = lineStart + line.indexOf(key, m[1].length);
  let vStart = m[0].length;
  let vEnd: number;
  const quote = line[vStart];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = line.indexOf(quote, vStart + 1);
    vStart += 1;
    vEnd = close >= 0 ? close : line.length;
  } else {
    // An unquoted value ends at ` #` (a comment needs whitespace before it) or at the end of the line.
    const comment = /[ \t]#/.exec(line.slice(vStart));
    vEnd = comment ? vStart + comment.index : line.length;
    while (vEnd > vStart && /[ \t]/.test(line[vEnd - 1])) vEnd--;
  }
  return {
    key,
    keySpan: { start: keyStart, end: keyStart + key.length },
    value: line.slice(vStart, vEnd),
    valueSpan: { start: lineStart + vStart, end: lineStart + vEnd },
  };
}

/** Does this path name a dotenv file (`.env`, `.env.*`, `*.env`)? Mirrors the language contribution. */
export function isDotenvPath(path: string): boolean {
  const base = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  return base === '.env' || base.startsWith('.env.') || (base.endsWith('.env') && base.length > 4);
}
