// A `.properties` reader that follows java.util.Properties.load(Reader), keeping the ranges of every key and value:
// `key=value`, `key: value`, `key value`; `#` and `!` comment lines; a line ending in an odd number of backslashes
// continues on the next line (whose leading whitespace is dropped); escapes `\uXXXX`, `\t`, `\n`, `\r`, `\f`, and
// `\x` for any other x (so `\=`, `\:`, `\ `, `\\`). Spring Boot's multi-document separator (`#---` or `!---` on a line
// of its own) splits the file into documents.
import type { Span } from '../../model';

export interface PropertyEntry {
  /** The key after unescaping. */
  key: string;
  /** The value after unescaping and joining continuation lines. */
  value: string;
  /** The key as written. */
  keySpan: Span;
  /** The value as written (may run over continuation lines); empty at the end of the key when there is no value. */
  valueSpan: Span;
  /** The runs of file text the value is decoded from (continuation backslashes and indentation left out). */
  valuePieces: Span[];
  /** The separator as written between key and value (`=`, ` = `, `: `, ` `). */
  separator: string;
  /** From the start of the key's line to the end of its last continuation line (no line break). */
  lineSpan: Span;
  /** 0-based index of the document (split by `#---`). */
  doc: number;
}

export interface PropertiesFile {
  entries: PropertyEntry[];
  comments: Span[];
  /** Each document's range; there is always at least one. */
  docs: Span[];
}

interface NaturalLine {
  start: number;
  /** End of the content, before the line break. */
  end: number;
}

function naturalLines(text: string): NaturalLine[] {
  const lines: NaturalLine[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push({ start, end: i });
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  if (start <= text.length) lines.push({ start, end: text.length });
  return lines;
}

const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\f';

/** True when the line's content ends in an odd number of backslashes (a continuation). */
function continues(text: string, line: NaturalLine): boolean {
  let n = 0;
  for (let i = line.end - 1; i >= line.start && text[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Unescape a logical line's pieces as Properties.loadConvert does. `pieces` are [start, end) runs of the file text. */
function unescape(text: string, pieces: Span[]): string {
  return decodeWithMap(text, pieces).value;
}

/**
 * Decode as `unescape` does, recording for every decoded unit the file offset where its source starts (map[i]), and
 * map[value.length] = the end of the last piece.
 */
export function decodeWithMap(text: string, pieces: readonly Span[]): { value: string; map: number[] } {
  // Join the runs first (continuation backslashes already excluded), then decode.
  const raw = pieces.map((p) => text.slice(p.start, p.end)).join('');
  const offsets: number[] = [];
  for (const p of pieces) for (let k = p.start; k < p.end; k++) offsets.push(k);
  offsets.push(pieces.length ? pieces[pieces.length - 1].end : 0);
  let out = '';
  const map: number[] = [];
  const put = (decoded: string, rawIndex: number) => {
    for (let k = 0; k < decoded.length; k++) map.push(offsets[rawIndex]);
    out += decoded;
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c !== '\\') {
      put(c, i);
      continue;
    }
    const at = i;
    const next = raw[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        put(String.fromCharCode(parseInt(hex, 16)), at);
        i += 4;
      } else {
        // Java rejects a malformed \u escape; a half-typed file keeps the text as written.
        put('\\u', at);
      }
    } else if (next === 't') put('\t', at);
    else if (next === 'n') put('\n', at);
    else if (next === 'r') put('\r', at);
    else if (next === 'f') put('\f', at);
    else put(next, at);
  }
  map.push(offsets[raw.length]);
  return { value: out, map };
}

/** How the decoded value units [from, to) of an entry are written in the file (escapes and continuations included). */
export function writtenValueText(text: string, entry: PropertyEntry, from: number, to: number): string {
  const { map } = decodeWithMap(text, entry.valuePieces);
  return text.slice(map[from], map[to]);
}

export function readProperties(text: string): PropertiesFile {
  const lines = naturalLines(text);
  const entries: PropertyEntry[] = [];
  const comments: Span[] = [];
  const docs: Span[] = [];
  let docStart = 0;
  let doc = 0;
  for (let li = 0; li < lines.length; li++) {
    const first = lines[li];
    let p = first.start;
    while (p < first.end && isBlank(text[p])) p++;
    if (p >= first.end) continue; // blank line
    if (text[p] === '#' || text[p] === '!') {
      const body = text.slice(first.start, first.end);
      // Spring Boot: `#---` / `!---` alone on a line starts a new document.
      if ((body === '#---' || body === '!---') && first.start === p) {
        docs.push({ start: docStart, end: first.start });
        docStart = first.end;
        doc++;
      }
      comments.push({ start: p, end: first.end });
      continue;
    }
    // A lone `\` continues an empty logical line: Java then starts over on the next line (which may be a
    // comment). Java's reader quirk: when the file ends right there (no break, or a one-character break) it is an
    // entry with an empty key; after a final CRLF it is nothing.
    if (p === first.end - 1 && text[p] === '\\' && li + 1 < lines.length) {
      const next = lines[li + 1];
      const entryAtEof = next.start === text.length && next.start - first.end === 1;
      if (!entryAtEof) continue;
    }
    // Gather the logical line: runs of text without the continuation backslashes.
    const pieces: Span[] = [];
    let line = first;
    let runStart = p;
    let lastLine = li;
    for (;;) {
      if (continues(text, line) && lastLine + 1 < lines.length) {
        pieces.push({ start: runStart, end: line.end - 1 });
        lastLine++;
        line = lines[lastLine];
        runStart = line.start;
        while (runStart < line.end && isBlank(text[runStart])) runStart++;
        continue;
      }
      // A trailing backslash on the file's last line is dropped, as Java does.
      pieces.push({ start: runStart, end: continues(text, line) ? line.end - 1 : line.end });
      break;
    }
    li = lastLine;
    // Walk the pieces as one stream of (offset, char) to split key / separator / value.
    const stream: number[] = [];
    for (const piece of pieces) for (let i = piece.start; i < piece.end; i++) stream.push(i);
    let k = 0;
    let keyEndIdx = stream.length;
    let hasSep = false;
    while (k < stream.length) {
      const c = text[stream[k]];
      if (c === '\\') {
        k += 2;
        continue;
      }
      if (c === '=' || c === ':') {
        keyEndIdx = k;
        hasSep = true;
        break;
      }
      if (isBlank(c)) {
        keyEndIdx = k;
        break;
      }
      k++;
    }
    keyEndIdx = Math.min(keyEndIdx, stream.length);
    let v = keyEndIdx;
    // Whitespace, then at most one `=` or `:` (when the key ended on whitespace), then whitespace.
    while (v < stream.length && isBlank(text[stream[v]])) v++;
    if (!hasSep && v < stream.length && (text[stream[v]] === '=' || text[stream[v]] === ':')) {
      v++;
    } else if (hasSep) {
      v = keyEndIdx + 1;
    }
    while (v < stream.length && isBlank(text[stream[v]])) v++;
    const keyStart = stream[0];
    const keyEnd = keyEndIdx > 0 ? stream[keyEndIdx - 1] + 1 : keyStart;
    const valueStart = v < stream.length ? stream[v] : stream.length ? stream[stream.length - 1] + 1 : keyEnd;
    const valueEnd = pieces[pieces.length - 1].end;
    const keyPieces = splitRuns(stream.slice(0, keyEndIdx));
    const valuePieces = splitRuns(stream.slice(v));
    entries.push({
      key: unescape(text, keyPieces),
      value: unescape(text, valuePieces),
      valuePieces,
      keySpan: { start: keyStart, end: keyEnd },
      valueSpan: { start: Math.min(valueStart, valueEnd), end: valueEnd },
      separator: text.slice(keyEnd, Math.min(valueStart, valueEnd)),
      lineSpan: { start: first.start, end: line.end },
      doc,
    });
  }
  docs.push({ start: docStart, end: text.length });
  return { entries, comments, docs };
}

/** Consecutive offsets → runs. */
function splitRuns(offsets: number[]): Span[] {
  const runs: Span[] = [];
  for (const o of offsets) {
    const last = runs[runs.length - 1];
    if (last && last.end === o) last.end = o + 1;
    else runs.push({ start: o, end: o + 1 });
  }
  return runs;
}
