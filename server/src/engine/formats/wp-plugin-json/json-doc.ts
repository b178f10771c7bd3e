// A JSON text with exact node ranges (jsonc-parser), and how its ranges and edits map back into the file.
// Two kinds: the file itself, and a JSON document stored as a string value inside the file (the Easy WP SMTP
// export keeps its settings as a JSON string in "data"); there every offset goes through an escape-aware map.
import { createHash } from 'node:crypto';
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import type { Span, TextEdit } from '../../model';
import { applyEdits } from '../../text';

export interface JsonDoc {
  /** The JSON text the nodes point into (the file, or the decoded string). */
  readonly text: string;
  readonly root: Node | undefined;
  /** The text had syntax errors; the tree holds what could be read. */
  readonly hasErrors: boolean;
  /** Where a node of this document is written in the file. */
  span(node: Node): Span;
  /** Turn edits on `text` into edits on the file (escaping, and anything that must change along with them). */
  toFileEdits(edits: TextEdit[]): TextEdit[];
  /** The ways a string value of this document is spelled in the file, for redaction. */
  sourceForms(value: string): string[];
}

const PARSE_OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

function parse(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  return { root, errors };
}

/** Escape text for use inside a JSON string literal (without the quotes). */
export function escapeJsonString(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export function fileDoc(text: string): JsonDoc {
  const { root, errors } = parse(text);
  return {
    text,
    root,
    hasErrors: errors.length > 0,
    span: (node) => ({ start: node.offset, end: node.offset + node.length }),
    toFileEdits: (edits) => edits,
    sourceForms: (value) => unique([value, escapeJsonString(value)]),
  };
}

interface DecodedString {
  value: string;
  /** map[i] = file offset of the source of decoded code unit i; map[value.length] = offset of the closing quote. */
  map: number[];
}

/**
 * Decode a JSON string literal written at [start, end) of `text` (quotes included), recording for every decoded
 * UTF-16 code unit where its source starts. Undefined when the literal is malformed (half-typed file).
 */
export function decodeStringLiteral(text: string, start: number, end: number): DecodedString | undefined {
  if (text[start] !== '"' || end - start < 2 || text[end - 1] !== '"') return undefined;
  let value = '';
  const map: number[] = [];
  let i = start + 1;
  const close = end - 1;
  while (i < close) {
    const ch = text[i];
    if (ch !== '\\') {
      map.push(i);
      value += ch;
      i++;
      continue;
    }
    const esc = text[i + 1];
    map.push(i);
    if (esc === 'u') {
      const hex = text.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex) || i + 6 > close) return undefined;
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (esc === undefined || !(esc in simple) || i + 2 > close) return undefined;
    value += simple[esc];
    i += 2;
  }
  map.push(close);
  return { value, map };
}

export function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * The JSON document held in the string literal `stringNode` of the file. When `checksumNode` is given, every edit set
 * also rewrites it to the md5 of the edited string (the Easy WP SMTP importer rejects a file whose checksum differs).
 */
export function embeddedDoc(fileText: string, stringNode: Node, checksumNode: Node | undefined): JsonDoc | undefined {
  if (stringNode.type !== 'string') return undefined;
  const decoded = decodeStringLiteral(fileText, stringNode.offset, stringNode.offset + stringNode.length);
  if (!decoded) return undefined;
  const { root, errors } = parse(decoded.value);
  const at = (offset: number): number => decoded.map[Math.max(0, Math.min(offset, decoded.map.length - 1))];
  return {
    text: decoded.value,
    root,
    hasErrors: errors.length > 0,
    span: (node) => ({ start: at(node.offset), end: at(node.offset + node.length) }),
    toFileEdits(edits) {
      if (edits.length === 0) return [];
      const fileEdits = edits.map((e) => ({ start: at(e.start), end: at(e.end), newText: escapeJsonString(e.newText) }));
      if (checksumNode) {
        const newData = applyEdits(decoded.value, edits);
        fileEdits.push({
          start: checksumNode.offset,
          end: checksumNode.offset + checksumNode.length,
          newText: JSON.stringify(md5Hex(newData)),
        });
      }
      return fileEdits;
    },
    sourceForms: (value) => {
      const once = escapeJsonString(value);
      return unique([value, once, escapeJsonString(once)]);
    },
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

// ---- Object access with JSON.parse semantics (the last of duplicate keys wins) ----

/** Property nodes of an object that have a key. */
export function properties(obj: Node | undefined): Node[] {
  if (!obj || obj.type !== 'object' || !obj.children) return [];
  return obj.children.filter((p) => p.type === 'property' && p.children?.[0]?.type === 'string');
}

export function keyOf(prop: Node): string {
  return String(prop.children?.[0]?.value ?? '');
}

export function keyNode(prop: Node): Node {
  return prop.children![0];
}

/** The property's value node; undefined in a half-typed property (`"port": `). */
export function valueNode(prop: Node | undefined): Node | undefined {
  return prop?.children?.[1];
}

/** The property that takes effect for `key` (JSON.parse keeps the last). */
export function lastProperty(obj: Node | undefined, key: string): Node | undefined {
  const props = properties(obj);
  for (let i = props.length - 1; i >= 0; i--) if (keyOf(props[i]) === key) return props[i];
  return undefined;
}

export function valueAt(obj: Node | undefined, key: string): Node | undefined {
  return valueNode(lastProperty(obj, key));
}

export function objectAt(obj: Node | undefined, key: string): Node | undefined {
  const v = valueAt(obj, key);
  return v?.type === 'object' ? v : undefined;
}

export function hasKey(obj: Node | undefined, key: string): boolean {
  return lastProperty(obj, key) !== undefined;
}

/** Keys written more than once, each with all its properties in file order. */
export function duplicateKeys(obj: Node | undefined): Map<string, Node[]> {
  const byKey = new Map<string, Node[]>();
  for (const p of properties(obj)) {
    const list = byKey.get(keyOf(p)) ?? [];
    list.push(p);
    byKey.set(keyOf(p), list);
  }
  for (const [k, list] of byKey) if (list.length < 2) byKey.delete(k);
  return byKey;
}

// ---- Edits in document coordinates ----

export function replaceNode(node: Node, newText: string): TextEdit {
  return { start: node.offset, end: node.offset + node.length, newText };
}

/** Remove a property with its separating comma, so the object stays valid JSON. */
export function removeProperty(prop: Node): TextEdit {
  const siblings = prop.parent?.children ?? [prop];
  const i = siblings.indexOf(prop);
  const next = siblings[i + 1];
  // Up to the next property: takes the comma and the line break, and leaves the indentation for the next one.
  if (next) return { start: prop.offset, end: next.offset, newText: '' };
  const prev = siblings[i - 1];
  // The last property: from the end of the previous one, which takes the comma before it.
  if (prev) return { start: prev.offset + prev.length, end: prop.offset + prop.length, newText: '' };
  return { start: prop.offset, end: prop.offset + prop.length, newText: '' };
}

/** The whitespace written before `prop` (after the `{` or the comma): the object's own line break and indentation. */
function leadingWhitespace(text: string, prop: Node): string {
  let k = prop.offset;
  while (k > 0 && /[ \t\r\n]/.test(text[k - 1])) k--;
  return text.slice(k, prop.offset);
}

/** How this object writes `"key": value` between the key and the value (": " or ":"). */
function colonStyle(text: string, obj: Node): string {
  for (const p of properties(obj)) {
    const v = valueNode(p);
    if (!v) continue;
    const k = keyNode(p);
    return text.slice(k.offset + k.length, v.offset);
  }
  return ': ';
}

/**
 * Insert properties (key, JSON value text) right after `after` (or after the object's last property), in the
 * object's own style: the same line break, indentation and colon spacing as its existing properties.
 */
export function insertProperties(doc: JsonDoc, obj: Node, after: Node | undefined, entries: [string, string][]): TextEdit | undefined {
  if (entries.length === 0) return undefined;
  const props = obj.children ?? [];
  const anchor = after ?? props[props.length - 1];
  const colon = colonStyle(doc.text, obj);
  const written = (e: [string, string]) => `${JSON.stringify(e[0])}${colon}${e[1]}`;
  if (!anchor) {
    // An empty object: write the properties inside the braces.
    const at = obj.offset + 1;
    return { start: at, end: at, newText: entries.map(written).join(', ') };
  }
  const sep = leadingWhitespace(doc.text, anchor);
  const at = anchor.offset + anchor.length;
  return { start: at, end: at, newText: entries.map((e) => `,${sep}${written(e)}`).join('') };
}
