// Reading one value of an array-based PHP config (Laravel, Nextcloud): what it is when the file alone decides, where
// it is written, and which literal a fix may edit. Shared by the Laravel and Nextcloud readers.
import type { SecretValue, Setting, Span, TextEdit } from '../../model';
import { args, callName, type PhpNode } from './ast';
import { arrayEntries, type ArrayEntry } from './arrays';
import { booleanText, replaceLiteral } from './edits';
import { evaluate, portValue, valueSpan, type Literal } from './values';

export type Plain = string | number | boolean | null;

export interface ConfigValue {
  entry?: ArrayEntry;
  /** False when only the runtime knows the value (a lookup without a default, a computed expression). */
  known: boolean;
  value?: Plain;
  /** The literal that holds the value (itself or a lookup's default): what a fix edits. */
  literal?: Literal;
  origin: 'literal' | 'fallback';
  /** The lookup, for fallbacks: `env('MAIL_PORT')`. */
  reference?: string;
  /** Where the value is: its literal, else the whole expression. */
  span?: Span;
  /** `env('X')` without a default (Laravel's env() then returns null): a default can be added to this call. */
  envCall?: PhpNode;
}

export interface ReadOptions {
  /** Laravel's env('X') returns null when X is unset: read it as a null fallback instead of an unknown. */
  envWithoutDefaultIsNull?: boolean;
}

export const ABSENT: ConfigValue = { known: true, value: null, origin: 'literal' };

/** What a config entry's value is, as far as the file tells. An absent entry reads as a known null. */
export function readValue(entry: ArrayEntry | undefined, options: ReadOptions = {}): ConfigValue {
  if (!entry) return ABSENT;
  return readNode(entry.value, entry, options);
}

export function readNode(node: PhpNode, entry: ArrayEntry | undefined, options: ReadOptions = {}): ConfigValue {
  const v = evaluate(node);
  if (v.kind === 'literal') return { entry, known: true, value: v.literal.value, literal: v.literal, origin: 'literal', span: v.literal.span };
  if (v.kind === 'lookup' && v.fallback) {
    return { entry, known: true, value: v.fallback.value, literal: v.fallback, origin: 'fallback', reference: v.reference, span: v.fallback.span };
  }
  if (v.kind === 'lookup' && options.envWithoutDefaultIsNull && callName(node) === 'env' && args(node).length === 1) {
    return { entry, known: true, value: null, origin: 'fallback', reference: v.reference, span: v.span, envCall: node };
  }
  return { entry, known: false, origin: 'literal', reference: v.kind === 'lookup' ? v.reference : undefined, span: valueSpan(v) };
}

/** A value is set when it is known and neither null nor the empty string. */
export function isSet(v: ConfigValue): boolean {
  return v.known && v.value !== null && v.value !== '';
}

export function stringOf(v: ConfigValue): string | undefined {
  return v.known && typeof v.value === 'string' ? v.value : v.known && typeof v.value === 'number' ? String(v.value) : undefined;
}

/** PHP's filter_var(..., FILTER_VALIDATE_BOOL) as Symfony reads DSN options: undefined when it is neither. */
export function filterBool(value: Plain | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== 'string') return undefined;
  const t = value.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(t)) return true;
  if (['0', 'false', 'off', 'no', ''].includes(t)) return false;
  return undefined;
}

/** PHP's (bool) conversion: '' and '0' and 0 and null are false; 'false' is true. */
export function phpBool(value: Plain | undefined): boolean {
  if (typeof value === 'string') return value !== '' && value !== '0';
  return !!value;
}

/** A Setting for a known, non-null value; `convert` turns it into the rule's type. */
export function settingOf<T>(v: ConfigValue, key: string, convert: (value: Plain, lit?: Literal) => T | undefined): Setting<T> | undefined {
  if (!v.known || v.value === null || v.value === undefined) return undefined;
  const value = convert(v.value, v.literal);
  if (value === undefined) return undefined;
  const s: Setting<T> = { value, origin: v.origin, key, span: v.span, keySpan: v.entry?.keySpan };
  if (v.reference) s.reference = v.reference;
  return s;
}

export function portSettingOf(v: ConfigValue, key: string): Setting<number | string> | undefined {
  return settingOf(v, key, (value, lit) => (lit ? portValue(lit) : typeof value === 'number' ? value : String(value)));
}

export function hostSettingOf(v: ConfigValue, key: string): Setting<string> | undefined {
  return settingOf(v, key, (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined));
}

/** A password: literal text (or a literal default), empty, or a reference to something the file does not hold. */
export function passwordSettingOf(v: ConfigValue, key: string): Setting<SecretValue> | undefined {
  if (!v.entry) return undefined;
  if (v.known && typeof v.value === 'string') {
    const s: Setting<SecretValue> = {
      value: { kind: v.value === '' ? 'empty' : 'literal', text: v.value },
      origin: v.origin,
      key,
      span: v.span,
      keySpan: v.entry.keySpan,
    };
    if (v.reference) s.reference = v.reference;
    return s;
  }
  if (v.known && (v.value === null || v.value === false)) return { value: { kind: 'empty', text: '' }, origin: v.origin, key, span: v.span, keySpan: v.entry.keySpan };
  const s: Setting<SecretValue> = { value: { kind: 'reference', text: '' }, origin: 'literal', key, span: v.span, keySpan: v.entry.keySpan };
  if (v.reference) s.reference = v.reference;
  return s;
}

/** The literal secret text a value holds (itself or its default), for redaction. */
export function secretOf(v: ConfigValue): string[] {
  return v.known && typeof v.value === 'string' && v.value !== '' ? [v.value] : [];
}

/**
 * Edits that make a value `newValue` (a PHP expression text): the literal (or the lookup's default) is replaced, an
 * `env('X')` without a default gets one. Undefined when the value is computed and cannot be edited safely.
 */
export function setValueEdits(text: string, v: ConfigValue, newValue: string | number): TextEdit[] | undefined {
  if (v.literal) {
    const lit = v.literal;
    if (typeof newValue === 'number' || lit.type === 'string') return [replaceLiteral(text, lit, newValue)];
    return [{ start: lit.span.start, end: lit.span.end, newText: `'${newValue}'` }];
  }
  if (v.envCall && v.span) {
    const close = text.lastIndexOf(')', v.span.end);
    if (close < v.span.start) return undefined;
    const arg = typeof newValue === 'number' ? String(newValue) : `'${newValue}'`;
    return [{ start: close, end: close, newText: `, ${arg}` }];
  }
  return undefined;
}

/** Edits that make a boolean switch `want`, in the literal's own style (`FALSE` -> `TRUE`; '0' -> '1'). */
export function setBoolEdits(text: string, v: ConfigValue, want: boolean): TextEdit[] | undefined {
  const lit = v.literal;
  if (lit) {
    const raw = text.slice(lit.span.start, lit.span.end);
    const newText = lit.type === 'bool' ? booleanText(raw, want) : lit.type === 'number' ? (want ? '1' : '0') : want ? 'true' : 'false';
    return [{ start: lit.span.start, end: lit.span.end, newText }];
  }
  if (v.envCall && v.span) {
    const close = text.lastIndexOf(')', v.span.end);
    if (close < v.span.start) return undefined;
    return [{ start: close, end: close, newText: `, ${want ? 'true' : 'false'}` }];
  }
  return undefined;
}

/** The source text of a value, for messages (never used for secrets). */
export function rawOf(text: string, v: ConfigValue): string {
  return v.span ? text.slice(v.span.start, v.span.end) : '';
}

/** Keys whose values are credentials, in any config array (dbpassword, secret, passwordsalt, api_key, ...). */
const SECRET_KEY = /(pass|password|passwd|secret|salt|token|api_?key|private_?key)$/i;

/** Literal credentials anywhere in a config array (nested arrays included), for redaction; never judged. */
export function literalSecrets(node: PhpNode | undefined, depth = 0): string[] {
  if (node?.kind !== 'array' || depth > 6) return [];
  const out: string[] = [];
  for (const e of arrayEntries(node)) {
    if (e.value.kind === 'array') out.push(...literalSecrets(e.value, depth + 1));
    else if (SECRET_KEY.test(e.key)) out.push(...secretOf(readNode(e.value, e)));
  }
  return out;
}
