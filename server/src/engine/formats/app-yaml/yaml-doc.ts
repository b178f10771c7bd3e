// YAML with exact ranges (the `yaml` package), comments from its CST, flattened settings, and edits that keep the
// file's own style: nesting or dotted keys, `"[a.b]"` bracket keys, flow maps, indentation, quoting.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Parser, Scalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Span, TextEdit } from '../../model';
import { detectEol, LineIndex } from '../../text';

export type YMap = YAMLMap<unknown, unknown>;
export type YPair = Pair<unknown, unknown>;

export interface YamlFile {
  readonly text: string;
  readonly docs: Document.Parsed[];
  readonly comments: Span[];
  readonly index: LineIndex;
  readonly eol: string;
  /** Spaces per nesting level, as the file indents (2 when it does not say). */
  readonly indentUnit: number;
}

/** Comment tokens anywhere in the CST (walked with a stack: the CST of deeply nested flow collections is deep). */
function cstComments(tokens: readonly unknown[]): Span[] {
  const out: Span[] = [];
  const stack: unknown[] = [tokens];
  while (stack.length > 0) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (const x of t) stack.push(x);
      continue;
    }
    const tok = t as { type?: string; offset?: number; source?: string };
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      out.push({ start: tok.offset, end: tok.offset + tok.source.length });
    }
    for (const [k, v] of Object.entries(t)) if (k !== 'source' && v && typeof v === 'object') stack.push(v);
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * `text` with each lone CR (an old Mac line break, a stray \r in a comment) turned into a space: the yaml package
 * breaks lines only at \n and \r\n, so there a lone CR is part of its line. Same length, same offsets.
 */
export function asYamlLines(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, ' ') : text;
}

/**
 * The lines of `text` as the yaml package sees them (see asYamlLines), except a lone CR that ends the file: that is
 * the final line break an editor shows, so a line inserted after the last one goes before it and the file keeps its
 * ending.
 */
export function yamlLineIndex(text: string): LineIndex {
  const lines = asYamlLines(text);
  return new LineIndex(text.endsWith('\r') ? `${lines.slice(0, -1)}\r` : lines);
}

/** A range end moved back before a lone CR that ends the file (the parser counts it into the last plain scalar). */
export function beforeFinalCr(text: string, end: number): number {
  return end === text.length && text.endsWith('\r') ? end - 1 : end;
}

export function parseYamlFile(text: string): YamlFile {
  // One pass of the parser feeds both the comments and the documents. Errors (a half-typed line) still leave the
  // nodes that could be read; we work with those. Duplicate keys are ours to report, not errors.
  const tokens = Array.from(new Parser().parse(text));
  const docs = Array.from(new Composer({ uniqueKeys: false, prettyErrors: false }).compose(tokens, true, text.length));
  for (const doc of docs) settleScalarRanges(text, doc);
  // Lines as the yaml package sees them, for indentation and for where inserted lines go.
  const index = yamlLineIndex(text);
  const file = { text, docs, comments: cstComments(tokens), index, eol: detectEol(asYamlLines(text)), indentUnit: 2 };
  file.indentUnit = detectIndentUnit(file);
  return file;
}

/**
 * The column of a node's first character on its line. A byte order mark opens the first line but is no column of it
 * (YAML reads the key after it at indentation 0), so inserted keys must not be indented by it.
 */
export function columnOf(file: YamlFile, offset: number): number {
  const { line, character } = file.index.positionAt(offset);
  return line === 0 && character > 0 && file.text.charCodeAt(0) === 0xfeff ? character - 1 : character;
}

function detectIndentUnit(file: YamlFile): number {
  for (const doc of file.docs) {
    let found = 0;
    const walk = (node: unknown): void => {
      if (found || !isMap(node) || node.flow) return;
      for (const pair of node.items) {
        const child = pair.value;
        if (isMap(child) && !child.flow && child.items[0] && isScalar(pair.key) && isNode(child.items[0].key)) {
          const d = columnOf(file, nodeStart(child.items[0].key as Node)) - columnOf(file, nodeStart(pair.key));
          if (d > 0) {
            found = d;
            return;
          }
        }
        walk(child);
      }
    };
    walk(doc.contents);
    if (found) return found;
  }
  return 2;
}

export function isScalarNode(x: unknown): x is Scalar {
  return isScalar(x);
}

function isNode(x: unknown): x is Node {
  return isScalar(x) || isMap(x) || isSeq(x) || isAlias(x);
}

export function nodeStart(node: Node): number {
  return node.range?.[0] ?? 0;
}

// ---- Reading ------------------------------------------------------------------------------------------------------

/** A key's text; undefined for complex keys. */
export function keyText(pair: YPair): string | undefined {
  return isScalar(pair.key) && pair.key.value !== null && pair.key.value !== undefined ? String(pair.key.value) : undefined;
}

export function pairOf(map: unknown, key: string): YPair | undefined {
  if (!isMap(map)) return undefined;
  let found: YPair | undefined;
  for (const p of map.items) if (keyText(p) === key) found = p; // the last one, as most loaders keep
  return found;
}

export function mapAt(map: unknown, key: string): YMap | undefined {
  const v = pairOf(map, key)?.value;
  return isMap(v) ? v : undefined;
}

/** YAML 1.1 booleans (SnakeYAML, PyYAML, go-yaml v2 read `yes`/`on` as true). */
const BOOL_TRUE = /^(y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const BOOL_FALSE = /^(n|N|no|No|NO|false|False|FALSE|off|Off|OFF)$/;

/**
 * A scalar as the consuming application reads it: quoted and block scalars as their string, plain scalars as
 * written with YAML 1.1 booleans normalised to true/false and `~`/`null`/empty as undefined.
 */
export function scalarString(file: YamlFile, node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (node.type === Scalar.PLAIN || node.type === undefined) {
    const [s, e] = node.range ?? [0, 0];
    const raw = file.text.slice(s, e);
    if (raw === '' || raw === '~' || /^(null|Null|NULL)$/.test(raw)) return undefined;
    if (BOOL_TRUE.test(raw)) return 'true';
    if (BOOL_FALSE.test(raw)) return 'false';
    return raw;
  }
  return node.value === null || node.value === undefined ? undefined : String(node.value);
}

/** Where a scalar's text is written: inside the quotes for quoted scalars. */
export function scalarInnerSpan(node: Scalar): Span {
  const [s, e] = node.range ?? [0, 0];
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    // A half-typed string has no closing quote to leave out.
    return { start: s + 1, end: Math.max(s + 1, unterminatedQuoted.has(node) ? e : e - 1) };
  }
  return { start: s, end: e };
}

/** Quoted scalars of parsed files that run out before their closing quote. */
const unterminatedQuoted = new WeakSet<Scalar>();

/** Does the quoted scalar written at [start, end) end with its closing quote? */
export function quoteClosed(text: string, start: number, end: number, quote: '"' | "'"): boolean {
  if (end - start < 2 || text[end - 1] !== quote) return false;
  let run = 0;
  if (quote === "'") {
    // '' inside is one quote: the closing one is the last of an odd run.
    for (let i = end - 1; i > start && text[i] === "'"; i--) run++;
    return run % 2 === 1;
  }
  for (let i = end - 2; i > start && text[i] === '\\'; i--) run++;
  return run % 2 === 0;
}

/** `end`, moved back before a \r whose \n it would split from. */
export function notInsideCrlf(text: string, end: number): number {
  return end > 0 && text[end - 1] === '\r' && text[end] === '\n' ? end - 1 : end;
}

/**
 * The parser ends some half-typed scalars between a \r and its \n, and an unterminated quoted string has no closing
 * quote: settle every scalar's range once, so spans never split a line break and never drop a character that is no
 * quote. Walks without recursion.
 */
function settleScalarRanges(text: string, doc: Document.Parsed): void {
  forEachScalar([doc.contents], (node) => {
    if (!node.range) return;
    const [start, end, nodeEnd] = node.range;
    const settled = beforeFinalCr(text, notInsideCrlf(text, end));
    if (settled !== end) node.range = [start, settled, Math.max(settled, nodeEnd)];
    const quote = node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : undefined;
    if (quote && !quoteClosed(text, start, settled, quote)) unterminatedQuoted.add(node);
  });
}

/** Every scalar (keys included) under `roots`, walked with a stack: deeply nested flow collections are deep. */
function forEachScalar(roots: unknown[], visit: (node: Scalar) => void): void {
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isScalar(node)) {
      visit(node);
    }
  }
}

/** Can a scalar's text be edited in place (plain or quoted, on one line)? */
export function scalarEditable(file: YamlFile, node: Scalar): boolean {
  if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) return false;
  const span = scalarInnerSpan(node);
  const raw = file.text.slice(span.start, span.end);
  if (/[\r\n]/.test(raw)) return false;
  // Escapes in a double-quoted scalar would make the written text differ from the value.
  return node.type !== Scalar.QUOTE_DOUBLE || !raw.includes('\\');
}

// ---- How secrets are written ---------------------------------------------------------------------------------

const DOUBLE_QUOTED_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/',
  '\\': '\\', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};
const HEX_ESCAPE_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/**
 * A one-line quoted scalar decoded, with map[i] = file offset where the source of decoded unit i starts
 * (map[value.length] = the closing quote). Undefined for other scalars, multi-line ones (line folding) and escapes
 * this reader does not know.
 */
function decodeQuotedScalar(file: YamlFile, node: Scalar): { value: string; map: number[] } | undefined {
  const [start, end] = node.range ?? [0, 0];
  const close = end - 1;
  if (end - start < 2 || /[\r\n]/.test(file.text.slice(start, end))) return undefined;
  const text = file.text;
  let value = '';
  const map: number[] = [];
  const put = (decoded: string, at: number) => {
    for (let k = 0; k < decoded.length; k++) map.push(at);
    value += decoded;
  };
  if (node.type === Scalar.QUOTE_SINGLE) {
    for (let i = start + 1; i < close; i++) {
      put(text[i], i);
      if (text[i] === "'") i++; // '' is one quote
    }
  } else if (node.type === Scalar.QUOTE_DOUBLE) {
    for (let i = start + 1; i < close; i++) {
      if (text[i] !== '\\') {
        put(text[i], i);
        continue;
      }
      const esc = text[i + 1];
      const hexLength = HEX_ESCAPE_LENGTH[esc];
      if (hexLength !== undefined) {
        const hex = text.slice(i + 2, i + 2 + hexLength);
        if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex) || i + 2 + hexLength > close) return undefined;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) return undefined;
        put(String.fromCodePoint(code), i);
        i += 1 + hexLength;
        continue;
      }
      if (!(esc in DOUBLE_QUOTED_ESCAPES) || i + 1 >= close) return undefined;
      put(DOUBLE_QUOTED_ESCAPES[esc], i);
      i++;
    }
  } else return undefined;
  map.push(close);
  return { value, map };
}

/**
 * How each of `secrets` is written wherever a quoted scalar holds it, when that differs from its value
 * (`"p\x40ss"`, `'it''s'`): output that quotes file text (a diff) must mask that spelling too. Walks every document
 * without recursion.
 */
export function writtenSpellings(file: YamlFile, secrets: readonly string[]): string[] {
  const wanted = secrets.filter((x) => x.length > 0);
  const out = new Set<string>();
  if (wanted.length === 0) return [];
  forEachScalar(
    file.docs.map((d) => d.contents),
    (node) => {
      if (typeof node.value !== 'string' || (node.type !== Scalar.QUOTE_DOUBLE && node.type !== Scalar.QUOTE_SINGLE)) return;
      const value = node.value;
      const holds = wanted.filter((x) => value.includes(x));
      if (holds.length === 0) return;
      const decoded = decodeQuotedScalar(file, node);
      if (!decoded || decoded.value !== value) return;
      for (const secret of holds) {
        for (let at = value.indexOf(secret); at >= 0; at = value.indexOf(secret, at + 1)) {
          const written = file.text.slice(decoded.map[at], decoded.map[at + secret.length]);
          if (written !== secret) out.add(written);
        }
      }
    },
  );
  return [...out];
}

// ---- Flattening ---------------------------------------------------------------------------------------------------

/** One setting of a flattened document, with the nodes it came from. */
export interface YamlEntry {
  /** Dotted path as written, bracket keys unwrapped: `spring.mail.properties.mail.smtp.auth`. */
  path: string;
  pair: YPair;
  /** The map holding the pair. */
  map: YMap;
  value: string | undefined;
  keySpan: Span;
  valueSpan: Span;
  span: Span;
}

/** A `[a.b.c]` key (Spring's way to keep dots inside a map key) → `a.b.c`. */
function unbracket(key: string): string {
  return key.startsWith('[') && key.endsWith(']') ? key.slice(1, -1) : key;
}

export interface MapInfo {
  map: YMap;
  /** Dotted path as written ('' for the document root). */
  path: string;
  /** The pair whose value this map is (undefined for the root or a map inside a sequence). */
  parentPair?: YPair;
  parentMap?: YMap;
}

export interface FlatDoc {
  entries: YamlEntry[];
  maps: MapInfo[];
  /** Pairs whose value is empty (`key:`), by path: a place to add children. */
  emptyPairs: { pair: YPair; map: YMap; path: string }[];
  root?: YMap;
  /** The map info holding each pair, and the info of each map: lookups without scanning. */
  mapOfPair: Map<YPair, MapInfo>;
  infoOfMap: Map<YMap, MapInfo>;
}

/** Flatten one document's maps into dotted paths (sequences are not descended). */
export function flattenDoc(file: YamlFile, doc: Document.Parsed): FlatDoc {
  const out: FlatDoc = { entries: [], maps: [], emptyPairs: [], mapOfPair: new Map(), infoOfMap: new Map() };
  const root = doc.contents;
  if (!isMap(root)) return out;
  out.root = root;
  const walk = (map: YMap, path: string, parentPair?: YPair, parentMap?: YMap): void => {
    const info: MapInfo = { map, path, parentPair, parentMap };
    out.maps.push(info);
    out.infoOfMap.set(map, info);
    for (const pair of map.items) {
      out.mapOfPair.set(pair, info);
      const k = keyText(pair);
      if (k === undefined || !isScalar(pair.key)) continue;
      const full = path ? `${path}.${unbracket(k)}` : unbracket(k);
      const v = pair.value;
      if (isMap(v)) {
        walk(v, full, pair, map);
        continue;
      }
      const keySpan = { start: nodeStart(pair.key), end: pair.key.range?.[1] ?? nodeStart(pair.key) };
      if (v === null || v === undefined || (isScalar(v) && v.value === null && (v.range?.[0] ?? 0) === (v.range?.[1] ?? 0))) {
        out.emptyPairs.push({ pair, map, path: full });
        out.entries.push({ path: full, pair, map, value: undefined, keySpan, valueSpan: { start: keySpan.end, end: keySpan.end }, span: keySpan });
        continue;
      }
      if (!isScalar(v)) continue;
      const valueSpan = scalarInnerSpan(v);
      out.entries.push({
        path: full,
        pair,
        map,
        value: scalarString(file, v),
        keySpan,
        valueSpan,
        span: { start: keySpan.start, end: v.range?.[1] ?? valueSpan.end },
      });
    }
  };
  walk(root, '');
  return out;
}

// ---- Edits --------------------------------------------------------------------------------------------------------

/** Offset where the last line a node occupies ends (before its line break; a trailing comment included). */
export function nodeLastLineEnd(file: YamlFile, node: unknown, fallback: number): number {
  const leafEnd = lastLeafEnd(node) ?? fallback;
  const line = file.index.positionAt(Math.max(0, leafEnd - 1)).line;
  return file.index.lineEnd(line);
}

function lastLeafEnd(node: unknown): number | undefined {
  if (isMap(node) || isSeq(node)) {
    if (node.flow) return node.range?.[1];
    for (let i = node.items.length - 1; i >= 0; i--) {
      const item = node.items[i];
      const end = isPair(item) ? lastLeafEnd(item.value) ?? (isScalar(item.key) ? item.key.range?.[1] : undefined) : lastLeafEnd(item);
      if (end !== undefined) return end;
    }
    return node.range?.[1];
  }
  if (isScalar(node) || isAlias(node)) {
    const r = node.range;
    if (!r) return undefined;
    return r[1] > r[0] ? r[1] : undefined;
  }
  return undefined;
}

function pairEnd(file: YamlFile, pair: YPair): number {
  const keyEnd = isScalar(pair.key) ? pair.key.range?.[1] ?? 0 : 0;
  return nodeLastLineEnd(file, pair.value, keyEnd);
}

/** The text from the start of a node's line to the node: blank when the node starts its line. */
function linePrefix(file: YamlFile, offset: number): string {
  const line = file.index.positionAt(offset).line;
  return file.text.slice(file.index.lineStart(line), offset);
}

/** Replace a scalar's text, keeping its quotes. */
export function replaceScalar(node: Scalar, raw: string): TextEdit {
  const span = scalarInnerSpan(node);
  return { ...span, newText: raw };
}

/**
 * The pairs to delete when `pairs` go: a map whose pairs all go takes its own key with it (so removing
 * `ssl: {trust: '*'}`'s only entry does not leave `ssl:` behind), up to the document root.
 */
export function removalSet(flat: FlatDoc, pairs: readonly YPair[]): Set<YPair> {
  const set = new Set(pairs);
  if (set.size === 0) return set;
  for (let changed = true; changed; ) {
    changed = false;
    for (const info of flat.maps) {
      if (!info.parentPair || set.has(info.parentPair) || info.map.items.length === 0) continue;
      if (info.map.items.every((p) => set.has(p))) {
        set.add(info.parentPair);
        changed = true;
      }
    }
  }
  return set;
}

/** Is `pair` inside (the value of) one of `set`'s pairs? */
function insideRemoved(flat: FlatDoc, pair: YPair, set: Set<YPair>): boolean {
  if (set.size === 0) return false;
  let map = flat.mapOfPair.get(pair);
  while (map?.parentPair) {
    if (set.has(map.parentPair)) return true;
    map = map.parentMap ? flat.infoOfMap.get(map.parentMap) : undefined;
  }
  return false;
}

/**
 * Remove pairs (whole lines; in flow maps the pair and its comma). [] when one cannot be removed cleanly (a pair
 * sharing its line with `- `).
 */
export function removePairs(file: YamlFile, flat: FlatDoc, pairs: readonly YPair[]): TextEdit[] {
  const set = removalSet(flat, pairs);
  const top = [...set].filter((p) => !insideRemoved(flat, p, set));
  const lineRanges: [number, number][] = [];
  const edits: TextEdit[] = [];
  for (const pair of top) {
    if (!isScalar(pair.key)) return [];
    const map = flat.mapOfPair.get(pair)?.map;
    if (!map) return [];
    const start = nodeStart(pair.key);
    if (map.flow) {
      const i = map.items.indexOf(pair);
      const next = map.items[i + 1];
      const prev = map.items[i - 1];
      const end = lastLeafEnd(pair.value) ?? pair.key.range?.[1] ?? start;
      if (next && isScalar(next.key)) edits.push({ start, end: nodeStart(next.key), newText: '' });
      else if (prev) edits.push({ start: lastLeafEnd(prev.value) ?? (isScalar(prev.key) ? prev.key.range?.[1] ?? start : start), end, newText: '' });
      else edits.push({ start, end, newText: '' });
      continue;
    }
    if (linePrefix(file, start).trim() !== '') return [];
    lineRanges.push([file.index.positionAt(start).line, file.index.positionAt(pairEnd(file, pair)).line]);
  }
  // Whole lines, merged into blocks so neighbouring removals never overlap.
  lineRanges.sort((a, b) => a[0] - b[0]);
  const blocks: [number, number][] = [];
  for (const r of lineRanges) {
    const last = blocks[blocks.length - 1];
    if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
    else blocks.push([...r]);
  }
  for (const [first, last] of blocks) {
    const from = file.index.lineStart(first);
    const to = file.index.lineEndWithBreak(last);
    // The file's last line has no break of its own: take the one before it, so the file keeps its ending.
    if (to === file.index.lineEnd(last) && first > 0) edits.push({ start: file.index.lineEnd(first - 1), end: to, newText: '' });
    else edits.push({ start: from, end: to, newText: '' });
  }
  return edits;
}

export interface NewKey {
  /** Path below the map, dotted: `mail.smtp.starttls.required`, or a single key. */
  rest: string;
  value: string;
}

/** How a block map writes its keys. */
function mapStyle(file: YamlFile, map: YMap): { bracketQuote?: string; dotted: boolean } {
  for (const p of map.items) {
    if (!isScalar(p.key)) continue;
    const src = file.text.slice(nodeStart(p.key), p.key.range?.[1] ?? 0);
    const m = /^(["']?)\[/.exec(src);
    if (m && m[1]) return { bracketQuote: m[1], dotted: true };
  }
  return { dotted: map.items.some((p) => (keyText(p) ?? '').includes('.')) };
}

interface Trie {
  value?: string;
  children: Map<string, Trie>;
}

function renderNested(trie: Trie, indent: string, unit: string, eol: string): string {
  let out = '';
  for (const [seg, child] of trie.children) {
    if (child.value !== undefined && child.children.size === 0) out += `${eol}${indent}${seg}: ${child.value}`;
    else out += `${eol}${indent}${seg}:${renderNested(child, indent + unit, unit, eol)}`;
  }
  return out;
}

/**
 * Insert keys into a block or flow map after `after` (default: its last pair), in the map's own style. Keys that
 * share a new parent are written under one parent.
 */
export function insertIntoMap(file: YamlFile, map: YMap, keys: NewKey[], after?: YPair): TextEdit[] {
  if (keys.length === 0) return [];
  const style = mapStyle(file, map);
  const keyOf = (rest: string) => (style.bracketQuote && rest.includes('.') ? `${style.bracketQuote}[${rest}]${style.bracketQuote}` : rest);
  if (map.flow) {
    const last = map.items[map.items.length - 1];
    const body = keys.map((k) => `${keyOf(k.rest)}: ${k.value}`).join(', ');
    if (!last) {
      const open = nodeStart(map as unknown as Node);
      return [{ start: open + 1, end: open + 1, newText: body }];
    }
    const at = lastLeafEnd(last.value) ?? (isScalar(last.key) ? last.key.range?.[1] ?? 0 : 0);
    return [{ start: at, end: at, newText: `, ${body}` }];
  }
  const anchor = after ?? map.items[map.items.length - 1];
  const first = map.items.find((p) => isScalar(p.key));
  if (!anchor || !first || !isScalar(first.key)) return [];
  const indent = ' '.repeat(columnOf(file, nodeStart(first.key)));
  const at = pairEnd(file, anchor);
  return [{ start: at, end: at, newText: renderKeys(file, keys, indent, style.dotted, keyOf) }];
}

function renderKeys(file: YamlFile, keys: NewKey[], indent: string, dotted: boolean, keyOf: (rest: string) => string): string {
  if (dotted) return keys.map((k) => `${file.eol}${indent}${keyOf(k.rest)}: ${k.value}`).join('');
  const trie: Trie = { children: new Map() };
  for (const k of keys) {
    let node = trie;
    for (const seg of k.rest.split('.')) {
      let child = node.children.get(seg);
      if (!child) {
        child = { children: new Map() };
        node.children.set(seg, child);
      }
      node = child;
    }
    node.value = k.value;
  }
  return renderNested(trie, indent, ' '.repeat(file.indentUnit), file.eol);
}

/** Insert keys under an empty pair (`key:` with no value), making it a block map. */
export function insertUnderEmptyPair(file: YamlFile, pair: YPair, keys: NewKey[]): TextEdit[] {
  if (!isScalar(pair.key)) return [];
  const keyStart = nodeStart(pair.key);
  const line = file.index.positionAt(keyStart).line;
  const at = file.index.lineEnd(line);
  const indent = ' '.repeat(columnOf(file, keyStart) + file.indentUnit);
  const rendered = renderKeys(file, keys, indent, false, (r) => r);
  // A value (an explicit `~` or `null`, a scalar being replaced) must go, with the blanks that separated it: up to
  // the colon at the end of the line, up to the comment before one. A value on a line of its own below the key
  // (`properties:` then `  mail.smtp.auth`) goes with that line's break: the new keys bring their own line breaks,
  // and the file keeps its ending.
  const v = pair.value;
  if (isScalar(v) && v.range && v.range[1] > v.range[0]) {
    let [start, end] = v.range;
    const valueLine = file.index.positionAt(start).line;
    const valueLineEnd = file.index.lineEnd(valueLine);
    const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
    let after = end;
    while (after < valueLineEnd && isBlank(file.text[after])) after++;
    end = after;
    if (after >= valueLineEnd) {
      if (valueLine > line) start = file.index.lineEnd(valueLine - 1);
      else while (start > keyStart && isBlank(file.text[start - 1])) start--;
    }
    // Removal and insertion meet at the key's line end: one edit.
    if (start === at) return [{ start: at, end, newText: rendered }];
    return [
      { start, end, newText: '' },
      { start: at, end: at, newText: rendered },
    ];
  }
  return [{ start: at, end: at, newText: rendered }];
}

/** Segments two dotted paths share. */
export function sharedSegments(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

const segCount = (path: string) => (path ? path.split('.').length : 0);

/** A one-line plain or quoted scalar (not a block scalar, not an alias): text an edit may drop. */
function oneLineScalar(file: YamlFile, v: unknown): boolean {
  if (!isScalar(v) || v.type === Scalar.BLOCK_LITERAL || v.type === Scalar.BLOCK_FOLDED || !v.range) return false;
  return !/[\r\n]/.test(file.text.slice(v.range[0], v.range[1]));
}

/**
 * Insert flattened keys (written form `a.b.c`) into a document: each goes into the deepest map whose path leads to it,
 * next to the pair it shares most with (or after one of `after`), written in that map's style. `canon` maps written
 * paths to the form lookups compare (case, `-`).
 *
 * Undefined when a key has no clean place: no map leads to it, or a pair on its path already holds a value that is
 * not a map (`properties: todo`), where a new `properties:` would be a duplicate key. `replaceableScalar` names the
 * paths where such a one-line scalar may be replaced by the new keys instead (the application cannot read a scalar
 * there anyway).
 */
export function insertFlat(
  file: YamlFile,
  flat: FlatDoc,
  items: { key: string; value: string; after?: string[] }[],
  canon: (path: string) => string,
  /** Pairs the same fix removes: never a place to insert next to. */
  removed: readonly YPair[] = [],
  replaceableScalar: (path: string) => boolean = () => false,
): TextEdit[] | undefined {
  if (!flat.root) return undefined;
  const gone = removalSet(flat, removed);
  const usable = (p: YPair) => !gone.has(p) && !insideRemoved(flat, p, gone);
  interface Group {
    map?: YMap;
    empty?: YPair;
    after?: YPair;
    keys: NewKey[];
  }
  const groups: Group[] = [];
  const groupFor = (g: Omit<Group, 'keys'>): Group => {
    let found = groups.find((x) => x.map === g.map && x.empty === g.empty && x.after === g.after);
    if (!found) {
      found = { ...g, keys: [] };
      groups.push(found);
    }
    return found;
  };
  for (const item of items) {
    const target = canon(item.key);
    const isPrefix = (path: string) => path === '' || target.startsWith(`${canon(path)}.`);
    let best: MapInfo | undefined;
    for (const m of flat.maps) {
      if (m.parentPair && !usable(m.parentPair)) continue;
      if (isPrefix(m.path) && (!best || segCount(m.path) > segCount(best.path))) best = m;
    }
    const empty = flat.emptyPairs
      .filter((e) => isPrefix(e.path) && (!best || segCount(e.path) > segCount(best.path)))
      .sort((a, b) => segCount(b.path) - segCount(a.path))[0];
    const segs = item.key.split('.');
    if (empty) {
      groupFor({ empty: empty.pair }).keys.push({ rest: segs.slice(segCount(empty.path)).join('.'), value: item.value });
      continue;
    }
    if (!best) return undefined;
    const rest = segs.slice(segCount(best.path)).join('.');
    const pathOf = (p: YPair) => (best!.path ? `${best!.path}.` : '') + unbracket(keyText(p) ?? '');
    // A pair of this map that is the key itself but holds no scalar, or lies on the key's path and holds something
    // other than a map (`properties: todo`): writing the key nested would repeat that pair's key.
    // The key itself, written with a value that is no scalar (`mail.use-tls: {x}`, a list): a second one would be a
    // duplicate key, which YAML rejects.
    if (best.map.items.some((p) => usable(p) && keyText(p) !== undefined && canon(pathOf(p)) === target)) return undefined;
    const inTheWay = best.map.items.filter((p) => usable(p) && !isMap(p.value) && keyText(p) !== undefined);
    const blocking = inTheWay.find((p) => isPrefix(pathOf(p)));
    if (blocking) {
      const blockingPath = pathOf(blocking);
      if (replaceableScalar(blockingPath) && oneLineScalar(file, blocking.value)) {
        groupFor({ empty: blocking }).keys.push({ rest: segs.slice(segCount(blockingPath)).join('.'), value: item.value });
        continue;
      }
      // A map that writes dotted keys writes this one whole (`mail.use-tls:` next to `mail: x`): no repeated key.
      if (!mapStyle(file, best.map).dotted) return undefined;
    }
    // Where in the map: after a preferred key, else next to the pair sharing the most of the path.
    let anchor: YPair | undefined;
    for (const a of item.after ?? []) {
      anchor = best.map.items.find((p) => usable(p) && canon(pathOf(p)) === canon(a));
      if (anchor) break;
    }
    if (!anchor) {
      let most = segCount(best.path);
      for (const p of best.map.items) {
        if (!usable(p)) continue;
        const n = sharedSegments(canon(pathOf(p)), target);
        if (n > most || (n === most && n > segCount(best.path))) {
          most = n;
          anchor = p;
        }
      }
    }
    // Keys that will share a new parent must be written in one piece, under one copy of that parent.
    const head = rest.split('.')[0];
    const sibling = groups.find((g) => g.map === best!.map && g.keys.some((k) => k.rest.split('.')[0] === head && k.rest.includes('.')));
    (rest.includes('.') && sibling ? sibling : groupFor({ map: best.map, after: anchor })).keys.push({ rest, value: item.value });
  }
  const edits: TextEdit[] = [];
  for (const g of groups) {
    // Without a usable neighbour: after the map's last pair that stays.
    const placed = g.empty ? insertUnderEmptyPair(file, g.empty, g.keys) : insertIntoMap(file, g.map!, g.keys, g.after ?? [...g.map!.items].reverse().find(usable));
    if (placed.length === 0) return undefined;
    edits.push(...placed);
  }
  return linesDeeperFirst(edits);
}

/**
 * Inserted lines that land at one offset (the end of a nested map is also the end of the pair holding it) as one
 * edit, the more indented lines first: after `port: 587` at the outer level, keys meant for the nested map would
 * read as nested under `port` (a YAML error), and an edit's order among others at its offset is not its own to decide.
 */
function linesDeeperFirst(edits: TextEdit[]): TextEdit[] {
  const depth = (e: TextEdit) => /^(?:\r\n|\r|\n)( *)/.exec(e.newText)?.[1].length ?? -1;
  const atOffset = new Map<number, TextEdit[]>();
  const out: TextEdit[] = [];
  for (const e of edits) {
    if (e.start !== e.end) {
      out.push(e);
      continue;
    }
    const list = atOffset.get(e.start);
    if (list) list.push(e);
    else atOffset.set(e.start, [e]);
  }
  for (const [at, list] of atOffset) {
    const ordered = [...list].sort((a, b) => depth(b) - depth(a)); // stable: equal depths keep their order
    out.push({ start: at, end: at, newText: ordered.map((e) => e.newText).join('') });
  }
  return out;
}
