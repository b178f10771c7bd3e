// What every plugin reader shares: settings with their file spans, hover symbols, duplicate keys, secrets.
import type { Node } from 'jsonc-parser';
import type { DuplicateSetting, EcosystemId, Setting, SettingSymbol, Span, SymbolRole, TextEdit } from '../../model';
import { duplicateKeys, keyNode, keyOf, lastProperty, removeProperty, valueNode, type JsonDoc } from './json-doc';

/** Keys whose string values are credentials in these plugins' options (passwords, API keys, tokens, crypto keys). */
const SECRET_KEY = /(^|_)(pass|password|secret|secret_key|api_key|apikey|token|enc_key|client_secret|access_key|key)$/i;
/** Values of secret-named keys that are switches, not secrets. */
const NOT_A_SECRET = /^(yes|no|true|false|none|on|off|db|wp_config|[01])$/i;

export class Collector {
  readonly symbols: SettingSymbol[] = [];
  readonly duplicates: DuplicateSetting[] = [];
  private readonly secretSet = new Set<string>();
  private readonly scanned = new Set<Node>();
  /** The documents secrets were found in: where to look up how the file spells them. */
  private readonly secretDocs = new Set<JsonDoc>();

  /** Every secret in its decoded form, its plain escaped forms, and each spelling the file actually uses for it. */
  get secrets(): string[] {
    const all = new Set(this.secretSet);
    for (const doc of this.secretDocs) for (const written of doc.writtenSpellings([...this.secretSet])) all.add(written);
    return [...all];
  }

  /** Record a literal secret in every spelling the file may hold it in. */
  secret(doc: JsonDoc, text: string): void {
    if (text.length === 0) return;
    this.secretDocs.add(doc);
    for (const form of doc.sourceForms(text)) this.secretSet.add(form);
  }

  /**
   * Note an object whose keys are settings: report its duplicate keys (JSON.parse keeps the last).
   * Each object is scanned once, however many profiles read it.
   */
  scanObject(doc: JsonDoc, obj: Node | undefined, prefix: string): void {
    if (!obj || this.scanned.has(obj)) return;
    this.scanned.add(obj);
    for (const [key, props] of duplicateKeys(obj)) {
      const winner = props[props.length - 1];
      for (const loser of props.slice(0, -1)) {
        this.duplicates.push({
          key: prefix + key,
          winner: doc.span(keyNode(winner)),
          // Key through value: the removal takes the whole property (a value on the next line, a whole object).
          loser: doc.span(loser),
          rule: 'the last value wins (JSON.parse)',
          removal: doc.toFileEdits([removeProperty(loser)]),
        });
      }
    }
  }

  /** Keep every credential-named string under `node` (SMTP passwords, other mailers' API keys) as a secret. */
  secretsIn(doc: JsonDoc, node: Node | undefined): void {
    if (!node) return;
    if (node.type === 'property') {
      const v = valueNode(node);
      if (v?.type === 'string' && SECRET_KEY.test(keyOf(node)) && !NOT_A_SECRET.test(String(v.value))) this.secret(doc, String(v.value));
    }
    for (const child of node.children ?? []) this.secretsIn(doc, child);
  }

  symbol(doc: JsonDoc, prop: Node, key: string, role: SymbolRole, ecosystem: EcosystemId): void {
    const v = valueNode(prop);
    this.symbols.push({ key, role, ecosystem, keySpan: doc.span(keyNode(prop)), valueSpan: v ? doc.span(v) : undefined });
  }
}

/** Reads the settings of one object of one plugin: each read records a hover symbol. */
export class ObjectReader {
  constructor(
    readonly doc: JsonDoc,
    readonly obj: Node | undefined,
    /** Prefix for setting names in messages: "smtp.", "provider_settings.", "". */
    readonly prefix: string,
    readonly ecosystem: EcosystemId,
    private readonly collector: Collector,
  ) {
    collector.scanObject(doc, obj, prefix);
  }

  /** The property that takes effect for `key`, recording its symbol. */
  prop(key: string, role: SymbolRole): Node | undefined {
    const p = lastProperty(this.obj, key);
    if (p) this.collector.symbol(this.doc, p, this.prefix + key, role, this.ecosystem);
    return p;
  }

  value(key: string, role: SymbolRole): Node | undefined {
    return valueNode(this.prop(key, role));
  }

  /** A setting written in this object, or undefined when the key (or its value) is absent. */
  literal<T>(key: string, role: SymbolRole, convert: (value: Node) => T): Setting<T> | undefined {
    const p = this.prop(key, role);
    const v = valueNode(p);
    if (!p || !v) return undefined;
    return { value: convert(v), origin: 'literal', key: this.prefix + key, span: this.doc.span(v), keySpan: this.doc.span(keyNode(p)) };
  }

  /** A setting derived from a written value: the value's spans, a stated origin. */
  from<T>(node: Node | undefined, key: string, value: T, origin: Setting<T>['origin'] = 'literal'): Setting<T> {
    const prop = node?.parent?.type === 'property' ? node.parent : undefined;
    return {
      value,
      origin,
      key,
      span: node ? this.doc.span(node) : undefined,
      keySpan: prop ? this.doc.span(keyNode(prop)) : undefined,
    };
  }

  /** Keep a secret derived from a value of this object (a decoded password). */
  secret(text: string): void {
    this.collector.secret(this.doc, text);
  }

  fileEdits(edits: (TextEdit | undefined)[]): TextEdit[] {
    return this.doc.toFileEdits(edits.filter((e): e is TextEdit => e !== undefined));
  }
}

export function defaulted<T>(key: string, value: T): Setting<T> {
  return { value, origin: 'default', key };
}

/** Where to report about an object as a whole: the key it is stored under, or its opening brace. */
export function objectAnchor(doc: JsonDoc, obj: Node): Span {
  if (obj.parent?.type === 'property') return doc.span(keyNode(obj.parent));
  const s = doc.span(obj);
  return { start: s.start, end: Math.min(s.end, s.start + 1) };
}
