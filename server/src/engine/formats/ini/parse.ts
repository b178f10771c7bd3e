// An INI reader with exact ranges, in two dialects:
// - php: PHP's own INI syntax (`;` comments, also after a value; "double" and 'single' quoted values; `${VAR}`).
// - go-ini: the gopkg.in/ini.v1 rules Gitea, Forgejo and Grafana load their config with: `=` or `:` between key and
//   value, `#` and `;` start a comment anywhere in an unquoted value, `"""…"""` (may span lines) and `…` backtick
//   quotes keep those characters, and a value wrapped in one pair of '…' or "…" loses the quotes.
import type { Span } from '../../model';
import { physicalLines, skipBlanks, trimEnd, type PhysicalLine } from '../lines';

export type IniDialect = 'php' | 'go-ini';

export interface IniEntry {
  /** Section name as written between the brackets, trimmed; '' before the first section. */
  section: string;
  key: string;
  keySpan: Span;
  /** The value as the program reads it. */
  value: string;
  /** The value's text without its quotes: what an edit replaces (zero-width after the delimiter when empty). */
  valueSpan: Span;
  /** The quotes around the value, '' when none. */
  quote: string;
  /** From the key to the end of the value (quotes included, comment excluded). */
  span: Span;
  /** First and last physical line of the entry (a `"""` value may span several). */
  firstLine: number;
  lastLine: number;
  /** What separates key and value as written: ' = ', '=', ': '. */
  delimiter: string;
}

export interface IniSection {
  name: string;
  /** The `[name]` header; absent for the implicit section before the first header. */
  headerSpan?: Span;
  line: number;
}

export interface IniDocument {
  lines: PhysicalLine[];
  sections: IniSection[];
  entries: IniEntry[];
  comments: Span[];
}

const COMMENT_START: Record<IniDialect, string> = { php: ';#', 'go-ini': ';#' };

export function parseIni(text: string, dialect: IniDialect): IniDocument {
  const lines = physicalLines(text);
  const doc: IniDocument = { lines, sections: [{ name: '', line: 0 }], entries: [], comments: [] };
  let section = '';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const s = skipBlanks(text, line.start, line.end);
    if (s >= line.end) continue;
    const c = text[s];
    if (COMMENT_START[dialect].includes(c)) {
      doc.comments.push({ start: s, end: line.end });
      continue;
    }
    if (c === '[') {
      const close = text.indexOf(']', s);
      if (close < 0 || close > line.end) continue; // a half-typed header: ignore the line
      section = text.slice(s + 1, close).trim();
      doc.sections.push({ name: section, headerSpan: { start: s, end: close + 1 }, line: n });
      const rest = skipBlanks(text, close + 1, line.end);
      if (rest < line.end && ';#'.includes(text[rest])) doc.comments.push({ start: rest, end: line.end });
      continue;
    }
    const delimAt = findDelimiter(text, s, line.end, dialect === 'php' ? '=' : '=:');
    if (delimAt < 0) continue; // not a key/value line (PHP and go-ini both reject or ignore it)
    const keyEnd = trimEnd(text, s, delimAt);
    const key = text.slice(s, keyEnd);
    if (!key) continue;
    const valueStart = skipBlanks(text, delimAt + 1, line.end);
    const read = dialect === 'php' ? readPhpValue(text, valueStart, line) : readGoIniValue(text, valueStart, lines, n);
    doc.entries.push({
      section,
      key,
      keySpan: { start: s, end: keyEnd },
      value: read.value,
      valueSpan: read.valueSpan,
      quote: read.quote,
      span: { start: s, end: read.rawEnd },
      firstLine: n,
      lastLine: read.lastLine,
      delimiter: text.slice(keyEnd, valueStart),
    });
    if (read.comment) doc.comments.push(read.comment);
    n = read.lastLine;
  }
  return doc;
}

function findDelimiter(text: string, from: number, end: number, delimiters: string): number {
  for (let i = from; i < end; i++) if (delimiters.includes(text[i])) return i;
  return -1;
}

interface ValueRead {
  value: string;
  valueSpan: Span;
  quote: string;
  /** End of the value as written, quotes included. */
  rawEnd: number;
  lastLine: number;
  comment?: Span;
}

function readPhpValue(text: string, start: number, line: PhysicalLine): ValueRead {
  const end = line.end;
  const q = text[start];
  if (q === '"' || q === "'") {
    const close = text.indexOf(q, start + 1);
    if (close >= 0 && close < end) {
      const after = skipBlanks(text, close + 1, end);
      const comment = after < end && text[after] === ';' ? { start: after, end } : undefined;
      return { value: text.slice(start + 1, close), valueSpan: { start: start + 1, end: close }, quote: q, rawEnd: close + 1, lastLine: line.index, comment };
    }
  }
  // Unquoted: up to a `;` comment, trailing blanks trimmed.
  let stop = end;
  for (let i = start; i < end; i++) {
    if (text[i] === ';') {
      stop = i;
      break;
    }
  }
  const valueEnd = trimEnd(text, start, stop);
  return {
    value: text.slice(start, valueEnd),
    valueSpan: { start, end: valueEnd },
    quote: '',
    rawEnd: valueEnd,
    lastLine: line.index,
    comment: stop < end ? { start: stop, end } : undefined,
  };
}

function readGoIniValue(text: string, start: number, lines: readonly PhysicalLine[], n: number): ValueRead {
  const line = lines[n];
  const end = line.end;
  const triple = text.startsWith('"""', start) && end - start > 3;
  const quote = triple ? '"""' : text[start] === '`' ? '`' : '';
  if (quote) {
    const open = start + quote.length;
    // The closing quote is the last one on the line; without one, the value continues on the next lines.
    const close = text.lastIndexOf(quote, end - quote.length);
    if (close >= open) {
      return { value: text.slice(open, close), valueSpan: { start: open, end: close }, quote, rawEnd: close + quote.length, lastLine: n };
    }
    for (let m = n + 1; m < lines.length; m++) {
      const at = text.indexOf(quote, lines[m].start);
      if (at >= 0 && at + quote.length <= lines[m].end) {
        return { value: text.slice(open, at), valueSpan: { start: open, end: at }, quote, rawEnd: at + quote.length, lastLine: m };
      }
    }
    // Never closed: go-ini fails to load such a file; read the rest of the line as the value.
  }
  let stop = end;
  for (let i = start; i < end; i++) {
    if (text[i] === '#' || text[i] === ';') {
      stop = i;
      break;
    }
  }
  const valueEnd = trimEnd(text, start, stop);
  const comment = stop < end ? { start: stop, end } : undefined;
  const raw = text.slice(start, valueEnd);
  if (raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw[raw.length - 1] === raw[0]) {
    return { value: raw.slice(1, -1), valueSpan: { start: start + 1, end: valueEnd - 1 }, quote: raw[0], rawEnd: valueEnd, lastLine: n, comment };
  }
  return { value: raw, valueSpan: { start, end: valueEnd }, quote: '', rawEnd: valueEnd, lastLine: n, comment };
}

/** go-ini's boolean words (strconv-like plus yes/no/on/off); undefined for anything else. */
export function goIniBool(value: string): boolean | undefined {
  const v = value.trim();
  if (['1', 't', 'T', 'TRUE', 'true', 'True', 'YES', 'yes', 'Yes', 'y', 'ON', 'on', 'On'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', 'NO', 'no', 'No', 'n', 'OFF', 'off', 'Off'].includes(v)) return false;
  return undefined;
}

/** Entries of one section, in file order (a section may be written in several places). */
export function sectionEntries(doc: IniDocument, section: string): IniEntry[] {
  return doc.entries.filter((e) => e.section === section);
}

/** The entry that takes effect for `key` in a section (go-ini and PHP: the last one wins), with the losers. */
export function lastEntry(entries: readonly IniEntry[], key: string): { winner?: IniEntry; losers: IniEntry[] } {
  const all = entries.filter((e) => e.key === key);
  return { winner: all[all.length - 1], losers: all.slice(0, -1) };
}
