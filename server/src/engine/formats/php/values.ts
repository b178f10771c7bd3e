// What a PHP expression says about a setting's value: a literal, an environment or constant lookup (possibly with a
// literal fallback), a class constant, or something we cannot know without running the code.
import type { SecretValue, Setting, Span } from '../../model';
import { args, callName, child, type PhpNode, spanOf, str, stringValue } from './ast';

export type Literal =
  | { type: 'string'; value: string; node: PhpNode; span: Span }
  | { type: 'number'; value: number; node: PhpNode; span: Span }
  | { type: 'bool'; value: boolean; node: PhpNode; span: Span }
  | { type: 'null'; value: null; node: PhpNode; span: Span };

export type PhpValue =
  | { kind: 'literal'; literal: Literal }
  /** getenv('X'), env('X'), $_ENV['X'], $_SERVER['X'] or a bare constant X; `fallback` when a literal default is given. */
  | { kind: 'lookup'; reference: string; fallback?: Literal; span: Span }
  /** `PHPMailer::ENCRYPTION_STARTTLS`; nameSpan covers the constant name after `::`. */
  | { kind: 'classConstant'; className: string; name: string; span: Span; nameSpan: Span }
  | { kind: 'unknown'; span?: Span };

/** Functions that read the environment; the value is the variable's name. */
const ENV_FUNCTIONS = new Set(['getenv', 'env']);
/** Functions that only convert their first argument: `intval(getenv('X'))` is still that lookup. */
const CONVERTERS = new Set(['intval', 'boolval', 'strval', 'trim', 'filter_var']);

/** PHP's integer literal syntax: 25, 0x19, 0o31, 031, 0b11001, 1_000; floats as written. */
function parsePhpNumber(raw: string): number {
  const s = raw.replace(/_/g, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0b[01]+$/.test(s)) return parseInt(s.slice(2), 2);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[0-7]+$/.test(s)) return parseInt(s.slice(1), 8);
  return Number(s);
}

function literalOf(node: PhpNode): Literal | undefined {
  const span = spanOf(node);
  if (!span) return undefined;
  switch (node.kind) {
    case 'string':
    case 'nowdoc':
    case 'encapsed': {
      const value = stringValue(node);
      return value === undefined ? undefined : { type: 'string', value, node, span };
    }
    case 'number':
      return { type: 'number', value: parsePhpNumber(str(node, 'value') ?? ''), node, span };
    case 'boolean':
      return { type: 'bool', value: node.value === true, node, span };
    case 'nullkeyword':
      return { type: 'null', value: null, node, span };
    default:
      return undefined;
  }
}

/** A reference text like `getenv('SMTP_PORT')`, or undefined when the node is not a lookup. */
function lookupReference(node: PhpNode): string | undefined {
  const fn = callName(node);
  if (fn && ENV_FUNCTIONS.has(fn)) {
    const name = stringValue(args(node)[0]);
    return name === undefined ? undefined : `${fn}('${name}')`;
  }
  if (fn === 'constant') {
    const name = stringValue(args(node)[0]);
    return name === undefined ? undefined : name;
  }
  if (node.kind === 'offsetlookup') {
    const what = child(node, 'what');
    const varName = what?.kind === 'variable' ? str(what, 'name') : undefined;
    const key = stringValue(child(node, 'offset'));
    if ((varName === '_ENV' || varName === '_SERVER') && key !== undefined) return `$${varName}['${key}']`;
  }
  if (node.kind === 'name' && node.resolution !== 'rn') {
    const name = str(node, 'name') ?? '';
    return name.startsWith('\\') ? name.slice(1) : name;
  }
  return undefined;
}

/** Evaluate what an expression tells about a value, without running anything. */
export function evaluate(node: PhpNode | undefined): PhpValue {
  if (!node) return { kind: 'unknown' };
  const span = spanOf(node);
  const literal = literalOf(node);
  if (literal) return { kind: 'literal', literal };
  if (!span) return { kind: 'unknown' };

  if (node.kind === 'unary' && (node.type === '-' || node.type === '+')) {
    const inner = evaluate(child(node, 'what'));
    if (inner.kind === 'literal' && inner.literal.type === 'number') {
      const value = node.type === '-' ? -inner.literal.value : inner.literal.value;
      return { kind: 'literal', literal: { type: 'number', value, node, span } };
    }
    return { kind: 'unknown', span };
  }
  if (node.kind === 'cast') return castValue(node, span);

  const fn = callName(node);
  if (fn && CONVERTERS.has(fn)) {
    const inner = evaluate(args(node)[0]);
    return inner.kind === 'lookup' ? { ...inner, span } : { kind: 'unknown', span };
  }

  const reference = lookupReference(node);
  if (reference !== undefined) {
    // env('X', 25): Laravel's and Bedrock's env() return the second argument when X is unset.
    if (fn === 'env') {
      const fallback = args(node)[1];
      const fb = fallback ? evaluate(fallback) : undefined;
      if (fb?.kind === 'literal') return { kind: 'lookup', reference, fallback: fb.literal, span };
    }
    return { kind: 'lookup', reference, span };
  }

  if (node.kind === 'staticlookup') {
    const what = child(node, 'what');
    const offset = child(node, 'offset');
    const name = offset?.kind === 'identifier' ? str(offset, 'name') : undefined;
    const nameSpan = offset ? spanOf(offset) : undefined;
    const whatSpan = what ? spanOf(what) : undefined;
    if (name && nameSpan && whatSpan && what) {
      const className = what.kind === 'name' ? (str(what, 'name') ?? '') : what.kind === 'variable' ? `$${str(what, 'name')}` : '';
      return { kind: 'classConstant', className, name, span, nameSpan };
    }
  }

  // `getenv('X') ?: 25`, `getenv('X') ?? 25`, `getenv('X') ? getenv('X') : 25`, `defined('X') ? X : 25`.
  if (node.kind === 'bin' && node.type === '??') {
    return withFallback(evaluate(child(node, 'left')), evaluate(child(node, 'right')), span);
  }
  if (node.kind === 'retif') {
    const whenTrue = child(node, 'trueExpr');
    const whenFalse = evaluate(child(node, 'falseExpr'));
    if (!whenTrue) return withFallback(evaluate(child(node, 'test')), whenFalse, span);
    const t = evaluate(whenTrue);
    if (t.kind === 'lookup' && !t.fallback) return withFallback(t, whenFalse, span);
    if (whenFalse.kind === 'lookup' && !whenFalse.fallback) return withFallback(whenFalse, t, span);
  }
  return { kind: 'unknown', span };
}

function withFallback(lookup: PhpValue, fallback: PhpValue, span: Span): PhpValue {
  if (lookup.kind === 'lookup' && !lookup.fallback && fallback.kind === 'literal') {
    return { kind: 'lookup', reference: lookup.reference, fallback: fallback.literal, span };
  }
  return { kind: 'unknown', span };
}

function castValue(node: PhpNode, span: Span): PhpValue {
  const inner = evaluate(child(node, 'expr'));
  if (inner.kind === 'lookup') return { ...inner, span };
  if (inner.kind !== 'literal') return { kind: 'unknown', span };
  const type = String(node.type ?? '');
  const lit = inner.literal;
  if (type === 'int' || type === 'integer') {
    const n = lit.type === 'number' ? Math.trunc(lit.value) : lit.type === 'string' ? parseInt(lit.value, 10) || 0 : Number(lit.value ?? 0);
    return { kind: 'literal', literal: { type: 'number', value: n, node: lit.node, span: lit.span } };
  }
  if (type === 'bool' || type === 'boolean') {
    return { kind: 'literal', literal: { type: 'bool', value: truthy(lit), node: lit.node, span: lit.span } };
  }
  return inner;
}

/** Where the whole value expression is written. */
export function valueSpan(val: PhpValue): Span | undefined {
  return val.kind === 'literal' ? val.literal.span : val.span;
}

/** PHP's (bool) conversion of a literal: '' and '0' and 0 and null are false; 'false' is true. */
export function truthy(lit: Literal): boolean {
  switch (lit.type) {
    case 'bool':
      return lit.value;
    case 'number':
      return lit.value !== 0;
    case 'string':
      return lit.value !== '' && lit.value !== '0';
    default:
      return false;
  }
}

/** A port as the rules want it: the integer when the literal is an integer or a numeric string. */
export function portValue(lit: Literal): number | string {
  if (lit.type === 'number') return lit.value;
  if (lit.type === 'string' && /^\s*\d+\s*$/.test(lit.value)) return Number(lit.value);
  return lit.type === 'string' ? lit.value : String(lit.value);
}

export function textValue(lit: Literal): string | undefined {
  if (lit.type === 'string') return lit.value;
  if (lit.type === 'number') return String(lit.value);
  return undefined;
}

/** The literal a setting's value comes from (itself or a lookup's fallback), with its origin. */
export function literalSource(val: PhpValue): { literal: Literal; origin: 'literal' | 'fallback'; reference?: string } | undefined {
  if (val.kind === 'literal') return { literal: val.literal, origin: 'literal' };
  if (val.kind === 'lookup' && val.fallback) return { literal: val.fallback, origin: 'fallback', reference: val.reference };
  return undefined;
}

/** A Setting for a value that is known (literal or fallback); undefined when only the runtime knows it. */
export function settingFrom<T>(
  val: PhpValue,
  key: string,
  keySpan: Span | undefined,
  convert: (lit: Literal) => T | undefined,
): Setting<T> | undefined {
  const src = literalSource(val);
  if (!src) return undefined;
  const value = convert(src.literal);
  if (value === undefined) return undefined;
  const s: Setting<T> = { value, origin: src.origin, key, span: src.literal.span, keySpan };
  if (src.reference) s.reference = src.reference;
  return s;
}

/** A password setting: literal text, empty, or a reference to something the file does not hold. */
export function passwordSetting(val: PhpValue, key: string, keySpan: Span | undefined): Setting<SecretValue> {
  const src = literalSource(val);
  if (src && src.literal.type === 'string') {
    const text = src.literal.value;
    const s: Setting<SecretValue> = {
      value: { kind: text === '' ? 'empty' : 'literal', text },
      origin: src.origin,
      key,
      span: src.literal.span,
      keySpan,
    };
    if (src.reference) s.reference = src.reference;
    return s;
  }
  const reference = val.kind === 'lookup' ? val.reference : undefined;
  const s: Setting<SecretValue> = { value: { kind: 'reference', text: '' }, origin: 'literal', key, span: valueSpan(val), keySpan };
  if (reference) s.reference = reference;
  return s;
}

/** Every literal secret text a value holds (itself or its fallback). */
export function secretTexts(val: PhpValue): string[] {
  const src = literalSource(val);
  return src && src.literal.type === 'string' && src.literal.value !== '' ? [src.literal.value] : [];
}
