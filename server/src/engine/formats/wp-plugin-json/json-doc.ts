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
  /**
   * How each of `secrets` is actually written wherever a string of this document holds it, when that differs from
   * the decoded text (`p\u0040ss`, `w\/rd`): output that quotes file text (a diff) must mask that spelling too.
   */
  writtenSpellings(secrets: readonly string[]): string[];
}

const PARSE_OPTIONS = { disallowComments: false, allowTrailingComma: true, allowEmptyContent: true };

/**
 * Deepest nesting read. jsonc-parser recurses once per level and overflows the stack on thousands of nested `[`; no
 * settings object nests anywhere near this deep.
 */
export const MAX_JSON_DEPTH = 128;

function parse(text: string): { root: Node | undefined; errors: ParseError[] } {
  const errors: ParseError[] = [];
  const root = parseTree(withDeepContainersEmptied(text, MAX_JSON_DEPTH), errors, PARSE_OPTIONS);
  return { root, errors };
}

/**
 * `text` with the contents of every container nested deeper than `maxDepth` blanked out (line breaks kept), so such
 * a container reads as empty. Every offset stays where it was: nodes and edits still point into the original text.
 * One linear pass; strings and comments are skipped so their brackets do not count. Returns `text` itself when
 * nothing is that deep.
 */
export function withDeepContainersEmptied(text: string, maxDepth: number): string {
  let depth = 0;
  /** Start of the current blanked run (after the bracket that opened level maxDepth + 1), or -1. */
  let blankFrom = -1;
  const runs: [number, number][] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // To the closing quote; an unterminated string runs to the end of its line, as jsonc-parser reads it.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a || d === 0x0d) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth++;
      if (depth === maxDepth + 1 && blankFrom < 0) blankFrom = i + 1;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      if (depth === maxDepth + 1 && blankFrom >= 0) {
        runs.push([blankFrom, i]);
        blankFrom = -1;
      }
      if (depth > 0) depth--;
    }
  }
  if (blankFrom >= 0) runs.push([blankFrom, text.length]);
  if (runs.length === 0) return text;
  let out = '';
  let from = 0;
  for (const [s, e] of runs) {
    out += text.slice(from, s) + text.slice(s, e).replace(/[^\r\n]/g, ' ');
    from = e;
  }
  return out + text.slice(from);
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
    writtenSpellings: (secrets) =>
      spellingsIn(root, secrets, (node) => {
        const d = decodeStringLiteral(text, node.offset, node.offset + node.length);
        return d && { value: d.value, source: (from, to) => text.slice(d.map[from], d.map[to]) };
      }),
  };
}

/** A string node's decoded value and the file text that spells its units [from, to). */
type StringSource = (node: Node) => { value: string; source(from: number, to: number): string } | undefined;

/** Every string under `root` (walked without recursion) that holds a secret: the secret as the file spells it there. */
function spellingsIn(root: Node | undefined, secrets: readonly string[], read: StringSource): string[] {
  const wanted = secrets.filter((s) => s.length > 0);
  const out = new Set<string>();
  if (!root || wanted.length === 0) return [];
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const child of node.children ?? []) stack.push(child);
    if (node.type !== 'string' || typeof node.value !== 'string') continue;
    const holds = wanted.filter((s) => (node.value as string).includes(s));
    if (holds.length === 0) continue;
    const literal = read(node);
    if (!literal) continue;
    for (const secret of holds) {
      for (let at = literal.value.indexOf(secret); at >= 0; at = literal.value.indexOf(secret, at + 1)) {
        const written = literal.source(at, at + secret.length);
        if (written !== secret) out.add(written);
      }
    }
  }
  return [...out];
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
    writtenSpellings: (secrets) =>
      spellingsIn(root, secrets, (node) => {
        // A string of the inner document: decoded once more, then mapped through the outer literal's escapes.
        const d = decodeStringLiteral(decoded.value, node.offset, node.offset + node.length);
        return d && { value: d.value, source: (from, to) => fileText.slice(at(d.map[from]), at(d.map[to])) };
      }),
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
