// What a Python expression says about a setting's value without running it: a literal, an environment lookup with
// a default (os.getenv, os.environ.get, django-environ env(), python-decouple config()), casts such as int(...),
// and comparisons on a lookup (`os.getenv('X', 'False') == 'True'`). Every known value carries an edit that makes
// the expression yield another value, touching only the literal (for lookups: only the default).
import type { SyntaxNode } from '@lezer/common';
import type { Span, TextEdit } from '../../model';
import { boolInStyle, envBool } from '../../env/values';
import { compact, kids, spanOf, src } from './lezer';

export type PyScalar = string | number | boolean | null;

export interface PyValue {
  /** False when only the runtime knows the value (a lookup without default, a call we don't model). */
  known: boolean;
  value: PyScalar;
  origin: 'literal' | 'fallback';
  /** For lookups: `os.getenv('EMAIL_PORT')`. Never a secret. */
  reference?: string;
  /** The whole expression. */
  span: Span;
  /** The literal the value comes from (the default of a lookup). */
  source?: Span;
  /** An edit that makes the expression yield `want` (for lookups: when the variable is unset). */
  write?: (want: PyScalar) => TextEdit | undefined;
  /** The string literal when the value is (or falls back to) one: DSNs are parsed inside it. */
  str?: PyString;
}

export interface PyString {
  value: string;
  /** The text between the quotes. */
  inner: Span;
  quote: string;
  /** True when the literal has escapes, so `inner` offsets do not map one to one onto `value`. */
  escaped: boolean;
}

export interface Arg {
  name?: string;
  nameNode?: SyntaxNode;
  value: SyntaxNode;
  /** From the name (or value) to the end of the value. */
  span: Span;
}

/** Arguments of an ArgList: positional and keyword, in order. `*x` / `**x` are skipped. */
export function argsOf(text: string, argList: SyntaxNode | null | undefined): Arg[] {
  const out: Arg[] = [];
  let group: SyntaxNode[] = [];
  const flush = () => {
    const parts = group.filter((n) => n.name !== 'Comment');
    group = [];
    if (parts.length === 0 || parts[0].name === '*' || parts[0].name === '**') return;
    if (parts.length >= 3 && parts[0].name === 'VariableName' && parts[1].name === 'AssignOp' && src(text, parts[1]) === '=') {
      out.push({ name: src(text, parts[0]), nameNode: parts[0], value: parts[2], span: { start: parts[0].from, end: parts[2].to } });
    } else if (parts.length === 1) {
      out.push({ value: parts[0], span: spanOf(parts[0]) });
    }
  };
  for (const k of kids(argList)) {
    if (k.name === '(' || k.name === ')') continue;
    if (k.name === ',') flush();
    else group.push(k);
  }
  flush();
  return out;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** A plain string literal (not an f-string, not implicitly concatenated); undefined when unterminated. */
export function parseString(text: string, node: SyntaxNode): PyString | undefined {
  if (node.name !== 'String') return undefined;
  const raw = src(text, node);
  const m = /^([rRuUbB]{0,2})('''|"""|'|")/.exec(raw);
  if (!m) return undefined;
  const [, prefix, quote] = m;
  if (raw.length < prefix.length + 2 * quote.length || !raw.endsWith(quote)) return undefined;
  const inner = { start: node.from + prefix.length + quote.length, end: node.to - quote.length };
  const body = text.slice(inner.start, inner.end);
  if (/r/i.test(prefix) || !body.includes('\\')) return { value: body, inner, quote, escaped: false };
  const value = body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|\r?\n|.)/g, (all, e: string) => {
    if (e[0] === 'x' || e[0] === 'u') return e.length > 1 ? String.fromCharCode(parseInt(e.slice(1), 16)) : all;
    if (e === '\n' || e === '\r\n') return '';
    return ESCAPES[e] ?? all;
  });
  return { value, inner, quote, escaped: true };
}

/** Python's int literal syntax: 25, 0x19, 0o31, 0b11001, 1_000; floats as written. */
function parseNumber(raw: string): number {
  const s = raw.replace(/_/g, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0b[01]+$/.test(s)) return parseInt(s.slice(2), 2);
  return Number(s);
}

export function pyTruthy(v: PyScalar): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  return true;
}

/** Python source for a value, in the style of the literal it replaces (quotes kept for strings). */
function pyLiteral(want: PyScalar, like: SyntaxNode | undefined, text: string): string {
  const likeString = like?.name === 'String' ? parseString(text, like) : undefined;
  if (typeof want === 'boolean') return want ? 'True' : 'False';
  if (want === null) return 'None';
  if (typeof want === 'number') return likeString ? `${likeString.quote}${want}${likeString.quote}` : String(want);
  const q = likeString?.quote ?? "'";
  return `${q}${want.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
}

function unknown(node: SyntaxNode, reference?: string): PyValue {
  return { known: false, value: null, origin: 'literal', span: spanOf(node), reference };
}

/** A literal node's value, with an edit that replaces it. */
function literal(text: string, node: SyntaxNode, stringBools = false): PyValue | undefined {
  const span = spanOf(node);
  const replace = (want: PyScalar): TextEdit | undefined => {
    if (stringBools && typeof want === 'boolean' && node.name === 'String') {
      // A cast that parses words (decouple cast=bool): keep the word style inside the quotes.
      const s = parseString(text, node);
      if (s) return { ...s.inner, newText: boolInStyle(want, s.value) };
    }
    const newText = pyLiteral(want, node, text);
    return newText === src(text, node) ? undefined : { ...span, newText };
  };
  switch (node.name) {
    case 'Number':
      return { known: true, value: parseNumber(src(text, node)), origin: 'literal', span, source: span, write: replace };
    case 'Boolean':
      return { known: true, value: src(text, node) === 'True', origin: 'literal', span, source: span, write: replace };
    case 'None':
      return { known: true, value: null, origin: 'literal', span, source: span, write: replace };
    case 'String': {
      const s = parseString(text, node);
      return s ? { known: true, value: s.value, origin: 'literal', span, source: span, write: replace, str: s } : undefined;
    }
    case 'UnaryExpression': {
      const [op, operand] = kids(node);
      if (op && operand?.name === 'Number' && (src(text, op) === '-' || src(text, op) === '+')) {
        const n = parseNumber(src(text, operand));
        return { known: true, value: src(text, op) === '-' ? -n : n, origin: 'literal', span, source: span, write: replace };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** How a lookup library treats its default. */
type Library = 'os' | 'environ' | 'decouple';

/** The names django-environ's Env instances are bound to in this file (`env = environ.Env(...)`), with schema defaults. */
export interface EnvContext {
  envNames: Set<string>;
  /** `environ.Env(EMAIL_PORT=(int, 587))`: the default node per variable. */
  schema: Map<string, SyntaxNode>;
}

export function envContext(text: string, root: SyntaxNode): EnvContext {
  const ctx: EnvContext = { envNames: new Set(['env']), schema: new Map() };
  for (const stmt of kids(root)) {
    if (stmt.name !== 'AssignStatement') continue;
    const parts = kids(stmt);
    const value = parts[parts.length - 1];
    if (parts[0]?.name !== 'VariableName' || value?.name !== 'CallExpression') continue;
    const callee = compact(text, value.firstChild);
    if (callee !== 'environ.Env' && callee !== 'Env') continue;
    ctx.envNames.add(src(text, parts[0]));
    for (const arg of argsOf(text, value.getChild('ArgList'))) {
      if (!arg.name || arg.value.name !== 'TupleExpression') continue;
      const elems = kids(arg.value).filter((k) => !['(', ')', ','].includes(k.name));
      if (elems.length >= 2) ctx.schema.set(arg.name, elems[1]);
    }
  }
  return ctx;
}

const CASTS = new Set(['int', 'float', 'str', 'bool']);
const ENV_METHODS = new Set(['str', 'int', 'bool', 'float', 'list', 'tuple', 'dict', 'json', 'url', 'path', 'email', 'email_url', 'db', 'db_url', 'cache', 'cache_url', 'search_url']);

/** `os.getenv('X')` and friends: the variable name and library, or undefined. */
function lookupCall(text: string, call: SyntaxNode, ctx: EnvContext): { library: Library; method?: string; args: Arg[]; name: string } | undefined {
  const callee = compact(text, call.firstChild);
  const args = argsOf(text, call.getChild('ArgList'));
  const nameArg = args.find((a) => !a.name) ?? args.find((a) => a.name === 'var' || a.name === 'option' || a.name === 'key');
  const name = nameArg?.value.name === 'String' ? parseString(text, nameArg.value)?.value : undefined;
  if (name === undefined) return undefined;
  if (['os.getenv', 'getenv', 'os.environ.get', 'environ.get'].includes(callee)) return { library: 'os', args, name };
  if (callee === 'config' || callee === 'decouple.config') return { library: 'decouple', args, name };
  const dot = callee.lastIndexOf('.');
  if (ctx.envNames.has(callee)) return { library: 'environ', args, name };
  if (dot > 0 && ctx.envNames.has(callee.slice(0, dot)) && ENV_METHODS.has(callee.slice(dot + 1))) {
    return { library: 'environ', method: callee.slice(dot + 1), args, name };
  }
  return undefined;
}

/** Evaluate an expression node. */
export function evaluate(text: string, node: SyntaxNode | null | undefined, ctx: EnvContext): PyValue | undefined {
  if (!node) return undefined;
  const lit = literal(text, node);
  if (lit) return lit;
  switch (node.name) {
    case 'ParenthesizedExpression': {
      const inner = kids(node).find((k) => k.name !== '(' && k.name !== ')');
      const v = evaluate(text, inner, ctx);
      return v ? { ...v, span: spanOf(node) } : unknown(node);
    }
    case 'CallExpression':
      return evaluateCall(text, node, ctx);
    case 'MemberExpression': {
      // os.environ['X']: the variable or a KeyError.
      const obj = compact(text, node.firstChild);
      const key = kids(node).find((k) => k.name === 'String');
      if ((obj === 'os.environ' || obj === 'environ') && key) {
        const name = parseString(text, key)?.value;
        return unknown(node, name !== undefined ? `os.environ['${name}']` : undefined);
      }
      return unknown(node);
    }
    case 'BinaryExpression':
      return evaluateBinary(text, node, ctx);
    case 'UnaryExpression': {
      const [op, operand] = kids(node);
      if (src(text, op) !== 'not') return unknown(node);
      const inner = evaluate(text, operand, ctx);
      if (!inner?.known) return { ...unknown(node), reference: inner?.reference };
      const innerWrite = inner.write;
      return { ...inner, value: !pyTruthy(inner.value), span: spanOf(node), write: innerWrite ? (want) => innerWrite(!pyTruthy(want)) : undefined };
    }
    default:
      return unknown(node);
  }
}

function evaluateCall(text: string, node: SyntaxNode, ctx: EnvContext): PyValue {
  const span = spanOf(node);
  const calleeNode = node.firstChild;
  const callee = compact(text, calleeNode);
  const args = argsOf(text, node.getChild('ArgList'));

  // int(x), bool(x), str(x), float(x): convert what x is known to be.
  if (CASTS.has(callee) && args.length === 1 && !args[0].name) {
    const inner = evaluate(text, args[0].value, ctx);
    if (!inner?.known) return { ...unknown(node), reference: inner?.reference };
    const value = cast(callee, inner.value);
    if (value === undefined) return { ...unknown(node), reference: inner.reference };
    return { ...inner, value, span };
  }

  // x.lower() / x.upper() / x.strip() on a known string.
  if (calleeNode?.name === 'MemberExpression' && args.length === 0) {
    const method = src(text, calleeNode.lastChild);
    if (method === 'lower' || method === 'upper' || method === 'strip') {
      const inner = evaluate(text, calleeNode.firstChild, ctx);
      if (!inner?.known || typeof inner.value !== 'string') return { ...unknown(node), reference: inner?.reference };
      const value = method === 'lower' ? inner.value.toLowerCase() : method === 'upper' ? inner.value.toUpperCase() : inner.value.trim();
      return { ...inner, value, span };
    }
  }

  const lookup = lookupCall(text, node, ctx);
  if (!lookup) return unknown(node);
  const reference = `${callee}('${lookup.name}')`;
  // Where the default is written: os.getenv(name, default); env.int(name, default); env(name, cast, default);
  // config(name, default, cast); or default=... everywhere. django-environ schema defaults count too.
  const positional = args.filter((a) => !a.name);
  const defaultArg =
    args.find((a) => a.name === 'default') ??
    (lookup.library === 'environ' && !lookup.method ? positional[2] : positional[1]);
  const castArg = args.find((a) => a.name === 'cast') ?? (lookup.library === 'environ' && !lookup.method ? positional[1] : lookup.library === 'decouple' ? positional[2] : undefined);
  const castName = castArg ? compact(text, castArg.value) : lookup.library === 'environ' && lookup.method && CASTS.has(lookup.method) ? lookup.method : undefined;
  const defaultNode = defaultArg?.value ?? (lookup.library === 'environ' ? ctx.schema.get(lookup.name) : undefined);
  // decouple applies the cast to the default too (cast=bool parses words); django-environ and os return it as is.
  const castsDefault = lookup.library === 'decouple';
  const stringBools = castsDefault && castName === 'bool';
  const def = defaultNode ? literal(text, defaultNode, stringBools) : undefined;
  if (!def) {
    const closeParen = node.getChild('ArgList')?.lastChild;
    const canAdd = !defaultNode && closeParen?.name === ')' && positional.length >= 1 && !args.some((a) => a.name === 'default');
    const keyword = lookup.library !== 'os';
    return {
      ...unknown(node, reference),
      // A lookup without default: a default can be added, so a fix still has somewhere to write.
      write: canAdd
        ? (want) => ({ start: closeParen!.from, end: closeParen!.from, newText: `, ${keyword ? 'default=' : ''}${pyLiteral(want, undefined, text)}` })
        : undefined,
    };
  }
  let value: PyScalar | undefined = def.value;
  if (castsDefault && castName && CASTS.has(castName)) value = cast(castName, value, true);
  if (value === undefined) return unknown(node, reference);
  return { ...def, known: true, value, origin: 'fallback', reference, span };
}

/** int(), float(), str(), bool() on a known value; decouple's bool cast reads words. */
function cast(fn: string, v: PyScalar, words = false): PyScalar | undefined {
  switch (fn) {
    case 'int':
    case 'float':
      if (typeof v === 'number') return fn === 'int' ? Math.trunc(v) : v;
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) return Number(v);
      return undefined;
    case 'str':
      return v === null ? 'None' : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v);
    case 'bool':
      if (words && typeof v === 'string') return envBool(v);
      return pyTruthy(v);
    default:
      return undefined;
  }
}

/** `lookup or 587`, `x == 'True'`, `x != 'False'`, `x in ('true', '1')`. */
function evaluateBinary(text: string, node: SyntaxNode, ctx: EnvContext): PyValue {
  const parts = kids(node).filter((k) => k.name !== 'Comment');
  if (parts.length < 3) return unknown(node);
  const left = parts[0];
  const right = parts[parts.length - 1];
  const op = parts
    .slice(1, -1)
    .map((p) => src(text, p))
    .join(' ');
  const span = spanOf(node);
  if (op === 'or') {
    // os.getenv('X') or 587: the default when the variable is unset or empty.
    const l = evaluate(text, left, ctx);
    const r = literal(text, right);
    if (l && !l.known && l.reference && r) return { ...r, origin: 'fallback', reference: l.reference, span };
    return unknown(node, l?.reference);
  }
  if (op === '==' || op === '!=') {
    const [subject, constant] = literal(text, right) ? [left, right] : [right, left];
    const c = literal(text, constant);
    const s = evaluate(text, subject, ctx);
    if (!c || !s?.known) return unknown(node, s?.reference);
    const equal = s.value === c.value;
    const sWrite = s.write;
    const negate = op === '!=';
    return {
      ...s,
      value: negate ? !equal : equal,
      span,
      write: sWrite
        ? (want) => {
            const wantEqual = pyTruthy(want) !== negate;
            if (wantEqual) return sWrite(c.value);
            return sWrite(opposite(c.value));
          }
        : undefined,
    };
  }
  if (op === 'in' || op === 'not in') {
    const s = evaluate(text, left, ctx);
    const members = kids(right)
      .map((k) => literal(text, k))
      .filter((v): v is PyValue => !!v);
    if (!s?.known || members.length === 0 || !['TupleExpression', 'ArrayExpression', 'SetExpression'].includes(right.name)) return unknown(node, s?.reference);
    const isIn = members.some((m) => m.value === s.value);
    const negate = op === 'not in';
    const sWrite = s.write;
    return {
      ...s,
      value: negate ? !isIn : isIn,
      span,
      write: sWrite ? (want) => sWrite(pyTruthy(want) !== negate ? members[0].value : opposite(members[0].value)) : undefined,
    };
  }
  return unknown(node);
}

/** A value that differs from `v` in the same vocabulary: 'true' → 'false', 'True' → 'False', 1 → 0. */
function opposite(v: PyScalar): PyScalar {
  if (typeof v === 'string') {
    const b = envBool(v);
    return b === undefined ? '' : boolInStyle(!b, v);
  }
  if (typeof v === 'boolean') return !v;
  if (typeof v === 'number') return v === 0 ? 1 : 0;
  return '';
}
