// A dotenv reader that agrees with the `dotenv` package on every key and value, with exact source ranges.
//
// The `dotenv` package defines its grammar as one multi-line regular expression applied to the text with line
// breaks normalised to \n. We use that same grammar (so quoting, `export`, inline comments and multi-line values
// behave identically, quirks included) with the `d` flag for group offsets, and map offsets back to the original text.

import type { Span } from '../../model';
import { RecentFiles } from '../../recent-files';
import { reparseDotenv } from './reparse';

export interface DotenvEntry {
  key: string;
  keySpan: Span;
  /** The value exactly as the `dotenv` package returns it. */
  value: string;
  /** The raw value text (trimmed, quotes included); empty span at the separator when there is no value. */
  rawSpan: Span;
  /** The value text without its surrounding quotes (what an edit replaces). */
  valueSpan: Span;
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
export function nextMatch(norm: string, from: number): RegExpExecArray | null {
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

/** One match of the grammar read into an entry, with the offsets (in the normalised text) the reader needs. */
export interface ReadMatch {
  entry: DotenvEntry;
  /** Where the match ended: the matcher's whole state when it looks for the next match. */
  end: number;
  /** The entry from `export` or the key to the end of the value, in the normalised text. */
  spanStart: number;
  rawEnd: number;
  /** The inline comment's `#`, or -1. */
  hash: number;
}

/** Read match `m` of the normalised text into an entry; `at` maps normalised offsets to the original text. */
export function readMatch(norm: string, m: RegExpExecArray, at: (i: number) => number): ReadMatch {
  const idx = m.indices!;
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
  // The entry starts at `export` or the key, not at whitespace the grammar skipped before it. Only the match's own
  // text is looked at (it starts at a line start): a \u2028 ends a line for the grammar but not for lastIndexOf.
  const lineStart = Math.max(m.index, norm.lastIndexOf('\n', keyStart - 1) + 1);
  const exportAt = norm.slice(lineStart, keyStart).trimStart().startsWith('export') ? lineStart + norm.slice(lineStart, keyStart).search(/\S/) : keyStart;
  const entry: DotenvEntry = {
    key,
    keySpan: { start: at(keyStart), end: at(keyEnd) },
    value,
    rawSpan: { start: at(rawStart), end: at(rawEnd) },
    valueSpan: { start: at(innerStart), end: at(innerEnd) },
    quote: quoted ? (first as '"' | "'" | '`') : '',
    span: { start: at(exportAt), end: at(rawEnd) },
    commentSpan,
  };
  return { entry, end: matchEnd, spanStart: exportAt, rawEnd, hash: inline ? hash : -1 };
}

/**
 * The furthest offset the matcher read to find a match (failed attempts at earlier line starts included): a match
 * found again in a text that agrees with this one up to and including that offset is the same match.
 *
 * Past its end a match attempt reads only through `\s*` runs (up to the first non-space character after them), the
 * trailing `(?:#.*)?$` (to the end of that character's line) and a quoted value: a quote opened right after the
 * separator is scanned to the first same quote no `\` escapes, or to the end of the text, and what follows that
 * quote is tried as the match's tail even when the value is finally read another way (unquoted, or closed at an
 * escaped quote). Failed attempts before the match read no further than the first non-space of the next line tried.
 */
export function readReach(norm: string, keyEnd: number, end: number): number {
  let reach = examinedEnd(norm, end);
  const separator = nonSpaceFrom(norm, keyEnd); // `=` or `:`
  const valueStart = nonSpaceFrom(norm, separator + 1);
  const quote = norm[valueStart];
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = closingQuote(norm, valueStart);
    reach = Math.max(reach, close < 0 ? norm.length : examinedEnd(norm, close + 1));
  }
  return reach;
}

/** The end of the line holding the first non-space character at or after `at` (the text's end if there is none). */
function examinedEnd(norm: string, at: number): number {
  const nonSpace = nonSpaceFrom(norm, at);
  if (nonSpace >= norm.length) return norm.length;
  const lineEnd = norm.indexOf('\n', nonSpace);
  return lineEnd < 0 ? norm.length : lineEnd;
}

const SPACE = /\s/;

/** The first character at or after `at` that the grammar's `\s` does not match (the text's length if none). */
function nonSpaceFrom(norm: string, at: number): number {
  let i = at;
  for (; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c < 128 ? c !== 32 && (c < 9 || c > 13) : !SPACE.test(norm[i])) break;
  }
  return i;
}

/** Where the grammar's greedy `(?:\\q|[^q])*` stops after the quote at `open`: the first `q` not after a `\`. */
function closingQuote(norm: string, open: number): number {
  const quote = norm[open];
  let at = open;
  for (;;) {
    at = norm.indexOf(quote, at + 1);
    if (at < 0 || !(at - 1 > open && norm[at - 1] === '\\')) return at;
  }
}

/** A full parse, with what re-parsing the next edit of the text needs (see reparse.ts). */
export interface DotenvParse {
  text: string;
  doc: DotenvDocument;
  /** Where each match ended, in order. */
  ends: Int32Array;
  /** How far finding each match read (readReach). */
  reads: Int32Array;
}

/** Parse a text without \r, keeping each match's end and reach. */
export function parseKept(text: string): DotenvParse {
  const entries: DotenvEntry[] = [];
  const covered: Span[] = [];
  const ends: number[] = [];
  const reads: number[] = [];
  const same = (i: number) => i;
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = nextMatch(text, from)) !== null) {
    const read = readMatch(text, m, same);
    from = Math.max(read.end, m.index + 1); // a key is required, so a match is never empty; never loop regardless
    entries.push(read.entry);
    ends.push(from);
    reads.push(readReach(text, read.entry.keySpan.end, read.end));
    covered.push({ start: read.spanStart, end: read.rawEnd });
    if (read.hash >= 0) covered.push({ start: read.hash, end: read.end });
  }
  const doc = { entries, comments: findComments(text, covered, same, entries) };
  return { text, doc, ends: new Int32Array(ends), reads: new Int32Array(reads) };
}

/** The last parse of each recently parsed file: the base for re-parsing only what the next edit changed. */
const recent = new RecentFiles<DotenvParse>();
/** Bigger files are parsed whole every time rather than keeping their texts and match offsets in memory. */
const MAX_KEPT_TEXT = 4 * 1024 * 1024;

/**
 * Parse a dotenv text. Given the file's path, the parse is kept and the next parse of the same file re-reads only
 * the entries an edit changed (reparse.ts); entries, spans and comments are those of a full parse either way.
 * Texts with \r are always parsed whole: normalising their line breaks moves every offset after the first one.
 */
export function parseDotenv(text: string, path?: string): DotenvDocument {
  if (path === undefined) return parseFully(text);
  const base = recent.take(path);
  if (text.length > MAX_KEPT_TEXT || text.includes('\r')) return parseFully(text);
  let parsed: DotenvParse | undefined;
  if (base) {
    try {
      parsed = reparseDotenv(base, text).parse;
    } catch {
      parsed = undefined; // never expected; the full parse below is right regardless
    }
  }
  parsed ??= parseKept(text);
  recent.set(path, parsed);
  return parsed.doc;
}

/** Parse the whole text, whatever its line breaks. */
export function parseFully(text: string): DotenvDocument {
  const { norm, origin } = normalise(text);
  if (!origin) return parseKept(text).doc;
  const at = (i: number) => origin[Math.min(i, origin.length - 1)];
  const entries: DotenvEntry[] = [];
  const covered: Span[] = [];
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = nextMatch(norm, from)) !== null) {
    const read = readMatch(norm, m, at);
    from = Math.max(read.end, m.index + 1);
    entries.push(read.entry);
    covered.push({ start: read.spanStart, end: read.rawEnd });
    if (read.hash >= 0) covered.push({ start: read.hash, end: read.end });
  }
  return { entries, comments: findComments(norm, covered, at, entries) };
}

/** Full-line `#` comments outside any value, plus the inline comments the grammar consumed, in order. */
function findComments(norm: string, covered: Span[], at: (i: number) => number, entries: DotenvEntry[]): Span[] {
  const inline: Span[] = entries.flatMap((e) => (e.commentSpan ? [e.commentSpan] : []));
  const lines = lineComments(norm, 0, norm.length + 1, covered, new Set(inline.map((c) => c.start)), at);
  return [...inline, ...lines].sort((a, b) => a.start - b.start);
}

/**
 * The `#` comments of their own lines, for the lines starting in [lineFrom, lineTo) (lineFrom a line start): lines
 * whose first character other than a blank is a `#` outside every `covered` span (sorted, normalised offsets; those
 * of the entries that reach into these lines suffice) and not an inline comment's start.
 */
export function lineComments(norm: string, lineFrom: number, lineTo: number, covered: Span[], inlineStarts: Set<number>, at: (i: number) => number): Span[] {
  const comments: Span[] = [];
  let lineStart = lineFrom;
  let c = 0;
  while (lineStart <= norm.length && lineStart < lineTo) {
    let lineEnd = norm.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = norm.length;
    let i = lineStart;
    while (i < lineEnd && (norm[i] === ' ' || norm[i] === '\t')) i++;
    if (norm[i] === '#') {
      while (c < covered.length && covered[c].end <= i) c++;
      const inside = c < covered.length && covered[c].start <= i && i < covered[c].end;
      if (!inside && !inlineStarts.has(at(i))) comments.push({ start: at(i), end: at(lineEnd) });
    }
    if (lineEnd >= norm.length) break;
    lineStart = lineEnd + 1;
  }
  return comments;
}
