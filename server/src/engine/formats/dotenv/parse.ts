// A dotenv reader that agrees with the `dotenv` package on every key and value, with exact source ranges.
//
// The `dotenv` package defines its grammar as one multi-line regular expression applied to the text with line
// breaks normalised to \n. We use that same grammar (so quoting, `export`, inline comments and multi-line values
// behave identically, quirks included) with the `d` flag for group offsets, and map offsets back to the original text.

import type { Span } from '../../model';

export interface DotenvEntry {
  key: string;
  keySpan: Span;
  /** The value exactly as the `dotenv` package returns it. */
  value: string;
  /** The raw value text (trimmed, quotes included); empty span at the separator when there is no value. */
  rawSpan: Span;
  /** The value text without its surrounding quotes (what an edit replaces). */
  innerSpan: Span;
  quote: '"' | "'" | '`' | '';
  /** The whole entry: from the key (or `export`) to the end of the value. */
  span: Span;
  /** An inline `# comment` after the value. */
  commentSpan?: Span;
}

export interface DotenvDocument {
  entries: DotenvEntry[];
  comments: Span[];
}

// Same grammar as the dotenv package (lib/main.js, v16): optional `export`, key of [\w.-], `=` or `: `,
// then a single-, double- or backtick-quoted value (may span lines) or an unquoted value up to `#` or the line end.
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

// The same grammar tried at one position at a time (sticky), driven by `nextMatch`.
const LINE_AT = new RegExp(LINE.source, 'dmy');
const NON_SPACE = /\S/g;
const LINE_BREAK = /[\n\u2028\u2029]/g;

function isLineBreak(c: string): boolean {
  return c === '\n' || c === '\u2028' || c === '\u2029';
}

/**
 * The next match of the grammar at or after `from`, exactly as the package's global search finds it, in linear time.
 * A match starts at a line start, and the grammar's leading `\s*` runs over blank lines, so every line start in a run
 * of blank lines leads to the same key and the same groups: the run is tried once, from the line start just before the
 * next non-blank character, instead of once per line (which made 100 KB of blank lines take seconds).
 */
function nextMatch(norm: string, from: number): RegExpExecArray | null {
  let pos = from;
  for (;;) {
    NON_SPACE.lastIndex = pos;
    const nonSpace = NON_SPACE.exec(norm);
    if (!nonSpace) return null;
    const p = nonSpace.index;
    let lineStart = p;
    while (lineStart > pos && !isLineBreak(norm[lineStart - 1])) lineStart--;
    if (lineStart === 0 || isLineBreak(norm[lineStart - 1] ?? '')) {
      LINE_AT.lastIndex = lineStart;
      const m = LINE_AT.exec(norm);
      if (m) return m;
    }
    // No match can start at or before p: the next candidate is the next line start after it.
    LINE_BREAK.lastIndex = p;
    const lineBreak = LINE_BREAK.exec(norm);
    if (!lineBreak) return null;
    pos = lineBreak.index + 1;
  }
}

/**
 * Normalise \r\n and \r to \n, remembering where each normalised offset came from (no map needed when the text
 * has no \r: offsets are the same).
 */
function normalise(text: string): { norm: string; origin?: Int32Array } {
  if (!text.includes('\r')) return { norm: text };
  const origin = new Int32Array(text.length + 1);
  let norm = '';
  let n = 0;
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 13) {
      norm += text.slice(chunkStart, i) + '\n';
      for (let k = chunkStart; k <= i; k++) origin[n++] = k;
      if (text.charCodeAt(i + 1) === 10) i++;
      chunkStart = i + 1;
    }
  }
  norm += text.slice(chunkStart);
  for (let k = chunkStart; k <= text.length; k++) origin[n++] = k;
  return { norm, origin: origin.subarray(0, n) };
}

export function parseDotenv(text: string): DotenvDocument {
  const { norm, origin } = normalise(text);
  const at = origin ? (i: number) => origin[Math.min(i, origin.length - 1)] : (i: number) => Math.min(i, norm.length);
  const entries: DotenvEntry[] = [];
  const covered: Span[] = [];
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = nextMatch(norm, from)) !== null) {
    const idx = m.indices!;
    from = Math.max(idx[0][1], m.index + 1); // a key is required, so a match is never empty; never loop regardless
    const [keyStart, keyEnd] = idx[1];
    const key = m[1];
    const rawGroup = m[2] ?? '';
    let rawStart: number;
    let rawEnd: number;
    if (idx[2]) {
      const lead = rawGroup.length - rawGroup.trimStart().length;
      rawStart = idx[2][0] + lead;
      rawEnd = rawStart + rawGroup.trim().length;
    } else {
      // No value: an edit writes right after the separator, which for `KEY: ` includes the one space `:` needs.
      const sep = norm.slice(keyEnd, idx[0][1]).search(/[=:]/);
      rawStart = rawEnd = sep < 0 ? keyEnd : keyEnd + sep + (norm[keyEnd + sep] === ':' ? 2 : 1);
    }
    const raw = norm.slice(rawStart, rawEnd);
    const first = raw[0];
    // Same unquoting as the package: strip one pair of matching quotes (the whole value, multi-line aware).
    // Fast path for the common case (same quote first and last, which the greedy pattern strips); the pattern itself
    // only for the rare rest (a quoted value whose closing quote ends an earlier line).
    const isQuote = first === '"' || first === "'" || first === '`';
    let value = !isQuote ? raw : raw.length >= 2 && raw[raw.length - 1] === first ? raw.slice(1, -1) : raw.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
    const quoted = value !== raw && (first === '"' || first === "'" || first === '`');
    if (first === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    const innerStart = quoted ? rawStart + 1 : rawStart;
    const innerEnd = quoted ? rawEnd - 1 : rawEnd;
    const matchEnd = idx[0][1];
    // The grammar's trailing `\s*` may run over line breaks and swallow a comment on a later line: that one is a
    // full-line comment of its own, not this entry's inline comment.
    // Search only this match's tail: searching the rest of the file would make a file without `#` quadratic.
    const tail = norm.slice(rawEnd, matchEnd);
    const hashInTail = tail.indexOf('#');
    const hash = hashInTail < 0 ? -1 : rawEnd + hashInTail;
    const inline = hash >= 0 && !tail.slice(0, hashInTail).includes('\n');
    const commentSpan = inline ? { start: at(hash), end: at(matchEnd) } : undefined;
    // The entry starts at `export` or the key, not at whitespace the grammar skipped before it.
    const lineStart = norm.lastIndexOf('\n', keyStart - 1) + 1;
    const exportAt = norm.slice(lineStart, keyStart).trimStart().startsWith('export') ? lineStart + norm.slice(lineStart, keyStart).search(/\S/) : keyStart;
    entries.push({
      key,
      keySpan: { start: at(keyStart), end: at(keyEnd) },
      value,
      rawSpan: { start: at(rawStart), end: at(rawEnd) },
      innerSpan: { start: at(innerStart), end: at(innerEnd) },
      quote: quoted ? (first as '"' | "'" | '`') : '',
      span: { start: at(exportAt), end: at(rawEnd) },
      commentSpan,
    });
    covered.push({ start: exportAt, end: rawEnd });
    if (commentSpan) covered.push({ start: hash, end: matchEnd });
  }
  return { entries, comments: findCommentLines(norm, covered, at, entries) };
}

/** Full-line `#` comments outside any value, plus the inline comments the grammar consumed. */
function findCommentLines(norm: string, covered: Span[], at: (i: number) => number, entries: DotenvEntry[]): Span[] {
  const comments: Span[] = entries.flatMap((e) => (e.commentSpan ? [e.commentSpan] : []));
  const inlineStarts = new Set(comments.map((c) => c.start));
  let lineStart = 0;
  let c = 0;
  const sorted = [...covered].sort((a, b) => a.start - b.start);
  while (lineStart <= norm.length) {
    let lineEnd = norm.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = norm.length;
    let i = lineStart;
    while (i < lineEnd && (norm[i] === ' ' || norm[i] === '\t')) i++;
    if (norm[i] === '#') {
      while (c < sorted.length && sorted[c].end <= i) c++;
      const inside = c < sorted.length && sorted[c].start <= i && i < sorted[c].end;
      if (!inside && !inlineStarts.has(at(i))) comments.push({ start: at(i), end: at(lineEnd) });
    }
    if (lineEnd >= norm.length) break;
    lineStart = lineEnd + 1;
  }
  return comments.sort((a, b) => a.start - b.start);
}
