// A compose service's `environment:` (map or list) as env entries with exact ranges, and an EnvWriter that edits the
// YAML text in place: the value's own quoting style, only the value part of `- KEY=value`, new entries as siblings
// in the same style and indentation.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { EnvEntry, EnvWriter } from '../../env/profiles';
import type { Span, TextEdit } from '../../model';
import { beforeFinalCr, notInsideCrlf, quoteClosed, yamlLineIndex } from '../app-yaml/yaml-doc';

export interface ComposeEntry extends EnvEntry {
  style: 'map' | 'list';
  flow: boolean;
  /** Where the entry's text starts (the key, or the list item) and ends (its value, before any comment). */
  start: number;
  end: number;
  /** The line that holds the entry's last character (for insertions after it). */
  lastOffset: number;
  /** Map: quoting of the value scalar; list: quoting of the item scalar. `none`: a map key without value. */
  quote: '"' | "'" | '' | 'block' | 'none';
  /** List items written `- KEY="value"`: the quote inside the item, kept literally by Compose. */
  innerQuote: '"' | "'" | '';
  /** Map keys: the key's own quote. */
  keyQuote: '"' | "'" | '';
  /** Came from a `<<: *anchor` merge into this block. */
  merged: boolean;
  /** A list item whose text is not its value as written (escapes, a block scalar): edits rewrite the whole item. */
  wholeItem?: boolean;
}

type AnyNode = Node | Pair | null | undefined;

export function resolveNode(doc: Document, node: unknown): unknown {
  let n = node;
  for (let i = 0; i < 8 && isAlias(n); i++) n = n.resolve(doc);
  return n;
}

function quoteOf(s: Scalar): ComposeEntry['quote'] {
  switch (s.type) {
    case Scalar.QUOTE_DOUBLE:
      return '"';
    case Scalar.QUOTE_SINGLE:
      return "'";
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return '';
  }
}

/** How many line-break characters (\r, \n) end `raw`. A scan, not a regex: `(\r?\n|\r)*$` backtracks on CRLF runs. */
function trailingLineBreaks(raw: string): number {
  let i = raw.length;
  while (i > 0 && (raw[i - 1] === '\n' || raw[i - 1] === '\r')) i--;
  return raw.length - i;
}

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/**
 * From `at`, walking in `direction` (1 forward, -1 backward): blanks, a comma, blanks. The offset where that run
 * ends, or undefined when there is no comma. A scan, not a regex: `\s*,\s*$` on the text before an entry is quadratic.
 */
function commaAt(text: string, at: number, direction: 1 | -1): number | undefined {
  const charAt = (i: number) => (direction === 1 ? text[i] : text[i - 1]);
  let i = at;
  while (isSpace(charAt(i))) i += direction;
  if (charAt(i) !== ',') return undefined;
  i += direction;
  while (isSpace(charAt(i))) i += direction;
  return i;
}

/** A map value or a list item may be written plain when it reads back as the same string. */
export function plainSafe(v: string): boolean {
  return /^[A-Za-z0-9_./@%+~^-][A-Za-z0-9_./@%+~^=:,-]*$/.test(v) && !v.endsWith(':') && !/:\s/.test(v);
}

/**
 * Block context also takes `${VAR:-587}` and `{`/`}` plain: only flow collections give those characters a
 * meaning. The first character must not be an indicator, and `: ` / ` #` would split the scalar.
 */
function blockPlainSafe(v: string): boolean {
  return v !== '' && !/^[\s'"&*!|>%@`#,?:\[\]{}-]/.test(v) && !/[\r\n]|:\s|\s#|:$|\s$/.test(v);
}

function escapeDouble(v: string): string {
  return JSON.stringify(v).slice(1, -1);
}

function inStyle(v: string, quote: ComposeEntry['quote'], flow = true): string {
  if (quote === '"') return `"${escapeDouble(v)}"`;
  if (quote === "'") return `'${v.replace(/'/g, "''")}'`;
  return plainSafe(v) || (!flow && blockPlainSafe(v)) ? v : JSON.stringify(v);
}

/**
 * A node's range, its end moved back before a \r whose \n it would split from (the parser ends some broken scalars
 * there) and before a lone \r that ends the file (the file's final line break, which an edit of the value keeps).
 */
function rangeOf(text: string, node: AnyNode): [number, number, number] | undefined {
  const r = (node as { range?: [number, number, number] } | null | undefined)?.range;
  if (!r || !Number.isInteger(r[0]) || !Number.isInteger(r[1])) return undefined;
  const end = beforeFinalCr(text, notInsideCrlf(text, r[1]));
  return [r[0], end, Math.max(end, r[2])];
}

/** The text of a quoted scalar inside its quotes; a half-typed one has no closing quote to leave out. */
function insideQuotes(text: string, r: [number, number, number], quote: '"' | "'"): Span {
  return { start: r[0] + 1, end: Math.max(r[0] + 1, quoteClosed(text, r[0], r[1], quote) ? r[1] - 1 : r[1]) };
}

/** The env entries of one `environment:` node, merged anchors first so the block's own keys win. */
export function environmentEntries(doc: Document, text: string, envNode: unknown): ComposeEntry[] {
  const node = resolveNode(doc, envNode);
  if (isMap(node)) return mapEntries(doc, text, node, false, new Set());
  if (isSeq(node)) return listEntries(text, node);
  return [];
}

function mapEntries(doc: Document, text: string, map: YAMLMap, merged: boolean, seen: Set<unknown>): ComposeEntry[] {
  if (seen.has(map)) return [];
  seen.add(map);
  const own: ComposeEntry[] = [];
  const fromMerge: ComposeEntry[] = [];
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const keyText = String(pair.key.value ?? '');
    if (keyText === '<<' && !(pair.key.type === Scalar.QUOTE_DOUBLE || pair.key.type === Scalar.QUOTE_SINGLE)) {
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const src of sources) {
        const m = resolveNode(doc, src);
        if (isMap(m)) fromMerge.push(...mapEntries(doc, text, m, true, seen));
      }
      continue;
    }
    const entry = mapEntry(text, map, pair as Pair<Scalar, unknown>, keyText, merged);
    if (entry) own.push(entry);
  }
  return [...fromMerge, ...own];
}

function mapEntry(text: string, map: YAMLMap, pair: Pair<Scalar, unknown>, key: string, merged: boolean): ComposeEntry | undefined {
  const kr = rangeOf(text, pair.key);
  if (!kr || !/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) return undefined;
  const keyQuote: ComposeEntry['keyQuote'] = pair.key.type === Scalar.QUOTE_DOUBLE ? '"' : pair.key.type === Scalar.QUOTE_SINGLE ? "'" : '';
  const keySpan = keyQuote ? insideQuotes(text, kr, keyQuote) : { start: kr[0], end: kr[1] };
  const base = { key, keySpan, style: 'map' as const, flow: !!map.flow, start: kr[0], innerQuote: '' as const, keyQuote, merged };
  const value = pair.value;
  const vr = rangeOf(text, value as AnyNode);
  if (value === null || value === undefined || (isScalar(value) && value.value === null)) {
    // `KEY:` passes the variable through from the shell: its value is not in this file.
    const colon = text.indexOf(':', kr[1]);
    const at = colon >= 0 ? colon + 1 : kr[1];
    const valueSpan = vr && isScalar(value) ? { start: vr[0], end: vr[1] } : { start: at, end: at };
    return { ...base, value: `\${${key}}`, valueSpan, end: valueSpan.end, lastOffset: Math.max(kr[1], valueSpan.end - 1), quote: 'none' };
  }
  if (!isScalar(value) || !vr) return undefined;
  const quote = quoteOf(value);
  const raw = text.slice(vr[0], vr[1]);
  let valueSpan: Span;
  let v: string;
  if (quote === '"' || quote === "'") {
    valueSpan = insideQuotes(text, vr, quote);
    v = String(value.value);
  } else if (quote === 'block') {
    // The block scalar's range ends after its last line break; an edit replaces the text before it.
    const trailing = trailingLineBreaks(raw);
    valueSpan = { start: vr[0], end: vr[1] - trailing };
    v = String(value.value);
  } else {
    valueSpan = { start: vr[0], end: vr[1] };
    // Compose passes typed values (587, true) on as the text they were written as.
    v = raw.includes('\n') ? String(value.value) : raw;
  }
  return { ...base, value: v, valueSpan, end: vr[1], lastOffset: Math.max(vr[0], vr[1] - 1), quote };
}

function listEntries(text: string, seq: YAMLSeq): ComposeEntry[] {
  const out: ComposeEntry[] = [];
  for (const item of seq.items) {
    if (!isScalar(item) || typeof item.value !== 'string') continue;
    const r = rangeOf(text, item);
    if (!r) continue;
    const quote = quoteOf(item);
    const s = item.value;
    const inner = quote === '"' || quote === "'" ? insideQuotes(text, r, quote) : { start: r[0], end: r[1] };
    const raw = text.slice(inner.start, inner.end);
    const eq = s.indexOf('=');
    const key = (eq >= 0 ? s.slice(0, eq) : s).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key)) continue;
    const base = { key, style: 'list' as const, flow: !!seq.flow, start: r[0], end: r[1], lastOffset: Math.max(r[0], r[1] - 1), quote, keyQuote: '' as const, merged: false };
    const rawEq = raw.indexOf('=');
    const verbatim = quote !== 'block' && (raw === s || rawEq >= 0);
    if (eq < 0) {
      // `- KEY` passes the variable through from the shell.
      const keyStart = inner.start + raw.indexOf(key);
      const keySpan = verbatim && keyStart >= inner.start ? { start: keyStart, end: keyStart + key.length } : inner;
      out.push({ ...base, value: `\${${key}}`, keySpan, valueSpan: { start: keySpan.end, end: keySpan.end }, innerQuote: '' });
      continue;
    }
    let value = s.slice(eq + 1);
    let keySpan: Span = inner;
    let valueSpan: Span = inner;
    if (verbatim) {
      const keyStart = inner.start + raw.indexOf(key);
      keySpan = { start: keyStart, end: keyStart + key.length };
      valueSpan = { start: inner.start + rawEq + 1, end: inner.end };
    }
    // `- KEY="value"`: Compose keeps these quotes in the value; read the value inside them and edit only that.
    let innerQuote: ComposeEntry['innerQuote'] = '';
    const q = /^(["'])([\s\S]*)\1$/.exec(value);
    if (q && quote !== 'block') {
      innerQuote = q[1] as '"' | "'";
      value = q[2];
      if (verbatim && valueSpan.end - valueSpan.start >= 2) valueSpan = { start: valueSpan.start + 1, end: valueSpan.end - 1 };
    }
    out.push({ ...base, value, keySpan, valueSpan, innerQuote, wholeItem: !verbatim });
  }
  return out;
}

/** Edits in a compose file, in the style of the entry next to them. */
export function composeWriter(text: string, eol: string): EnvWriter {
  // Lines as the yaml package sees them (a lone CR is no line break there, except one that ends the file).
  const index = yamlLineIndex(text);
  const lineOf = (offset: number) => index.positionAt(offset).line;

  /** The whitespace before `at` on its line (or spaces up to its column), to indent a sibling. */
  const leadFor = (at: number): string => {
    const lineStart = index.lineStart(lineOf(at));
    const before = text.slice(lineStart, at);
    return /^[ \t]*$/.test(before) ? before : ' '.repeat(at - lineStart);
  };

  const dashOf = (e: ComposeEntry): number => {
    let i = e.start - 1;
    while (i > 0 && (text[i] === ' ' || text[i] === '\t')) i--;
    return text[i] === '-' ? i : e.start;
  };

  return {
    replaceValue(entry, newValue): TextEdit {
      const e = entry as ComposeEntry;
      if (e.style === 'map') {
        if (e.quote === 'none') {
          const empty = e.valueSpan.start === e.valueSpan.end;
          return { ...e.valueSpan, newText: `${empty ? ' ' : ''}${inStyle(newValue, '', e.flow)}` };
        }
        if (e.quote === 'block') return { ...e.valueSpan, newText: JSON.stringify(newValue) };
        if (e.quote === '"') return { ...e.valueSpan, newText: escapeDouble(newValue) };
        if (e.quote === "'") return { ...e.valueSpan, newText: newValue.replace(/'/g, "''") };
        return { ...e.valueSpan, newText: inStyle(newValue, '', e.flow) };
      }
      // List item: `KEY=value` inside one scalar. Not written as read (escapes): the whole item, in its quoting.
      // A block scalar's range takes its line break(s): they stay.
      const itemEnd = e.quote === 'block' ? e.end - trailingLineBreaks(text.slice(e.start, e.end)) : e.end;
      if (e.wholeItem) {
        const item = `${e.key}=${newValue}`;
        return { start: e.start, end: itemEnd, newText: e.quote === '"' || e.quote === "'" ? inStyle(item, e.quote) : JSON.stringify(item) };
      }
      const passThrough = e.valueSpan.start === e.keySpan.end && !text.slice(e.keySpan.end, e.end).includes('=');
      const part = passThrough ? `=${newValue}` : newValue;
      if (e.innerQuote) return { ...e.valueSpan, newText: newValue.replace(new RegExp(e.innerQuote, 'g'), '') };
      if (e.quote === '"') return { ...e.valueSpan, newText: escapeDouble(part) };
      if (e.quote === "'") return { ...e.valueSpan, newText: part.replace(/'/g, "''") };
      const item = `${e.key}=${newValue}`;
      if (e.quote === '' && (plainSafe(item) || (!e.flow && blockPlainSafe(item)))) return { ...e.valueSpan, newText: part };
      return { start: e.start, end: itemEnd, newText: JSON.stringify(`${e.key}=${newValue}`) };
    },

    insertAfter(after, key, value): TextEdit {
      const e = after as ComposeEntry;
      const valueStyle: ComposeEntry['quote'] = e.quote === 'block' || e.quote === 'none' ? '' : e.quote;
      if (e.style === 'map') {
        const k = e.keyQuote ? inStyle(key, e.keyQuote) : key;
        const pair = `${k}: ${inStyle(value, valueStyle, e.flow)}`;
        if (e.flow) return { start: e.end, end: e.end, newText: `, ${pair}` };
        const at = index.lineEnd(lineOf(e.lastOffset));
        return { start: at, end: at, newText: `${eol}${leadFor(e.start)}${pair}` };
      }
      const body = e.innerQuote ? `${key}=${e.innerQuote}${value}${e.innerQuote}` : `${key}=${value}`;
      const itemText = valueStyle !== '' ? inStyle(body, valueStyle) : e.innerQuote ? body : inStyle(body, '', e.flow);
      if (e.flow) return { start: e.end, end: e.end, newText: `, ${itemText}` };
      const dash = dashOf(e);
      const at = index.lineEnd(lineOf(e.lastOffset));
      return { start: at, end: at, newText: `${eol}${leadFor(dash)}- ${itemText}` };
    },

    removeEntry(entry): TextEdit {
      const e = entry as ComposeEntry;
      if (e.flow) {
        // The comma after the entry with the blanks around it, else the one before it.
        const after = commaAt(text, e.end, 1);
        if (after !== undefined) return { start: e.start, end: after, newText: '' };
        return { start: commaAt(text, e.start, -1) ?? e.start, end: e.end, newText: '' };
      }
      const first = lineOf(e.style === 'list' ? dashOf(e) : e.start);
      const last = lineOf(e.lastOffset);
      const start = index.lineStart(first);
      const end = index.lineEndWithBreak(last);
      if (end === index.lineEnd(last) && first > 0) return { start: index.lineEnd(first - 1), end, newText: '' };
      return { start, end, newText: '' };
    },
  };
}
