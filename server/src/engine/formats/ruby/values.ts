// What a Ruby expression says about a setting's value without running it: literals (strings, symbols, numbers,
// true/false/nil, constants such as OpenSSL::SSL::VERIFY_NONE), ENV lookups with their defaults (`ENV.fetch('X', 587)`,
// `ENV.fetch('X') { 587 }`, `ENV['X'] || 587`), conversions (`.to_i`, `Integer(...)`, `.to_sym`) and comparisons
// (`ENV.fetch('X', 'false') == 'true'`). Known values carry an edit that makes the expression yield another value,
// touching only the literal (for lookups: only the default).
import type { Span, TextEdit } from '../../model';
import type { RNode } from './parser';

export type RbScalar = string | number | boolean | null;
export type RbType = 'str' | 'sym' | 'int' | 'float' | 'bool' | 'nil' | 'const';

export interface RbValue {
  known: boolean;
  type?: RbType;
  value: RbScalar;
  origin: 'literal' | 'fallback';
  reference?: string;
  span: Span;
  /** The literal the value comes from. */
  source?: Span;
  /** Make the expression yield `want`: a number, a boolean, or a word (`'peer'`) written as the literal's kind. */
  write?: (want: RbScalar) => TextEdit | undefined;
}

/** Ruby truthiness: only nil and false are false ('false' and 0 are true). */
export function rbTruthy(v: RbValue): boolean {
  return !(v.value === null || v.value === false);
}

function unknown(node: RNode, reference?: string): RbValue {
  return { known: false, value: null, origin: 'literal', span: node.span, reference };
}

/** Source text for `want` in place of a literal of type `like` (quote kept for strings, `:` for symbols). */
function rubyLiteral(want: RbScalar, like: RNode | undefined, text: string): string | undefined {
  if (typeof want === 'boolean') return want ? 'true' : 'false';
  if (want === null) return 'nil';
  const quote = like?.t === 'str' ? text[like.span.start] : undefined;
  const q = quote === '"' || quote === "'" ? quote : "'";
  if (typeof want === 'number') return like?.t === 'str' ? `${q}${want}${q}` : String(want);
  if (like?.t === 'sym') return /^[A-Za-z_][A-Za-z0-9_]*$/.test(want) ? `:${want}` : `:"${want}"`;
  if (like?.t === 'const' && /VERIFY_/.test(like.name)) return `${like.name.replace(/VERIFY_[A-Z_]+$/, '')}VERIFY_${want.toUpperCase()}`;
  return `${q}${want.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
}

export function literalValue(node: RNode, text: string): RbValue | undefined {
  const span = node.span;
  const replace = (want: RbScalar): TextEdit | undefined => {
    const newText = rubyLiteral(want, node, text);
    return newText === undefined || newText === text.slice(span.start, span.end) ? undefined : { ...span, newText };
  };
  const base = { known: true, origin: 'literal' as const, span, source: span, write: replace };
  switch (node.t) {
    case 'str':
      return node.interp ? undefined : { ...base, type: 'str', value: node.value };
    case 'sym':
      return node.interp ? undefined : { ...base, type: 'sym', value: node.value };
    case 'num':
      return { ...base, type: Number.isInteger(node.value) ? 'int' : 'float', value: node.value };
    case 'bool':
      return { ...base, type: 'bool', value: node.value };
    case 'nil':
      return { ...base, type: 'nil', value: null };
    case 'const':
      return { ...base, type: 'const', value: node.name };
    default:
      return undefined;
  }
}

function stringArg(node: RNode | undefined): string | undefined {
  return node?.t === 'str' && !node.interp ? node.value : undefined;
}

/** `Rails.application.credentials.smtp[:password]`, `Rails.application.secrets.x`: a reference to a secret store. */
function chainText(node: RNode): string {
  switch (node.t) {
    case 'const':
    case 'var':
      return node.name;
    case 'call':
      return node.recv ? `${chainText(node.recv)}.${node.name}` : node.name;
    case 'index':
      return `${chainText(node.recv)}[]`;
    default:
      return '';
  }
}

const SECRET_STORES = /^(Rails\.application\.(credentials|secrets)|Rails\.configuration|Settings|Figaro\.env|ENV)\b/;

export function evaluate(node: RNode | undefined, text: string): RbValue | undefined {
  if (!node) return undefined;
  const lit = literalValue(node, text);
  if (lit) return lit;
  switch (node.t) {
    case 'index': {
      if (node.recv.t === 'const' && node.recv.name === 'ENV') {
        const name = stringArg(node.args[0]);
        return unknown(node, name !== undefined ? `ENV['${name}']` : 'ENV');
      }
      const chain = chainText(node);
      return unknown(node, SECRET_STORES.test(chain) ? chain.replace(/\[\]$/, '[…]') : undefined);
    }
    case 'call':
      return evaluateCall(node, text);
    case 'binop':
      return evaluateBinop(node, text);
    case 'unary': {
      if (node.op !== '!') return unknown(node);
      const inner = evaluate(node.arg, text);
      if (!inner?.known) return unknown(node, inner?.reference);
      const w = inner.write;
      return { ...inner, type: 'bool', value: !rbTruthy(inner), span: node.span, write: w ? (want) => w(!(want !== null && want !== false)) : undefined };
    }
    default:
      return unknown(node);
  }
}

function evaluateCall(node: Extract<RNode, { t: 'call' }>, text: string): RbValue {
  // ENV.fetch('X', default) / ENV.fetch('X') { default }
  if (node.recv?.t === 'const' && node.recv.name === 'ENV' && node.name === 'fetch') {
    const name = stringArg(node.args[0]);
    const reference = `ENV.fetch('${name ?? '?'}')`;
    const blockValue = node.block && node.block.body.length === 1 ? node.block.body[0].node : undefined;
    const defNode = node.args[1] ?? blockValue;
    const def = defNode ? literalValue(defNode, text) : undefined;
    if (def) return { ...def, origin: 'fallback', reference, span: node.span };
    // ENV.fetch('X') raises when X is unset: a default can be added so a fix has somewhere to write.
    const canAdd = !defNode && node.paren && node.close !== undefined && node.args.length === 1;
    return {
      ...unknown(node, reference),
      write: canAdd ? (want) => ({ start: node.close!, end: node.close!, newText: `, ${rubyLiteral(want, undefined, text)}` }) : undefined,
    };
  }
  // Conversions: x.to_i, x.to_s, x.to_sym, x.downcase, Integer(x), String(x).
  const conversion = !node.recv && node.args.length === 1 && ['Integer', 'Float', 'String'].includes(node.name) ? node.name : node.recv && node.args.length === 0 ? node.name : undefined;
  const subject = !node.recv ? node.args[0] : node.recv;
  if (conversion && ['to_i', 'to_s', 'to_sym', 'downcase', 'upcase', 'strip', 'to_str', 'Integer', 'Float', 'String', 'presence'].includes(conversion)) {
    const inner = evaluate(subject, text);
    if (!inner?.known) return unknown(node, inner?.reference);
    const converted = convert(conversion, inner);
    if (!converted) return unknown(node, inner.reference);
    const w = inner.write;
    const numeric = conversion === 'to_i' || conversion === 'Integer' || conversion === 'Float';
    return {
      ...inner,
      ...converted,
      span: node.span,
      write: w
        ? (want) => {
            if (typeof want === 'boolean') return !numeric && want ? w('true') : undefined; // 'false'.to_sym is truthy
            return w(want);
          }
        : undefined,
    };
  }
  // ActiveModel::Type::Boolean.new.cast(x): false for '0', 'f', 'false', 'off' (any case), nil for ''.
  if (node.name === 'cast' && node.recv && chainText(node.recv) === 'ActiveModel::Type::Boolean.new' && node.args.length === 1) {
    const inner = evaluate(node.args[0], text);
    if (!inner?.known) return unknown(node, inner?.reference);
    const v = inner.value;
    const value = v === null || v === '' ? null : typeof v === 'string' ? !['0', 'f', 'false', 'off'].includes(v.toLowerCase()) : v !== false && v !== 0;
    const w = inner.write;
    return { ...inner, type: value === null ? 'nil' : 'bool', value, span: node.span, write: w ? (want) => w(typeof want === 'boolean' && inner.type === 'str' ? String(want) : want) : undefined };
  }
  const chain = chainText(node);
  return unknown(node, SECRET_STORES.test(chain) ? chain : undefined);
}

function convert(fn: string, v: RbValue): Pick<RbValue, 'type' | 'value'> | undefined {
  const x = v.value;
  switch (fn) {
    case 'to_i':
    case 'Integer': {
      if (typeof x === 'number') return { type: 'int', value: Math.trunc(x) };
      if (typeof x === 'string') {
        const m = /^\s*[-+]?\d+/.exec(x.replace(/_/g, ''));
        if (fn === 'Integer' && !/^\s*[-+]?\d+\s*$/.test(x)) return undefined; // Integer('abc') raises
        return { type: 'int', value: m ? Number(m[0]) : 0 };
      }
      if (x === null && fn === 'to_i') return { type: 'int', value: 0 };
      return undefined;
    }
    case 'Float':
      return typeof x === 'number' ? { type: 'float', value: x } : typeof x === 'string' && /^\s*[-+]?\d+(\.\d+)?\s*$/.test(x) ? { type: 'float', value: Number(x) } : undefined;
    case 'to_s':
    case 'String':
    case 'to_str':
      return { type: 'str', value: x === null ? '' : String(x) };
    case 'to_sym':
      return typeof x === 'string' ? { type: 'sym', value: x } : undefined;
    case 'downcase':
    case 'upcase':
    case 'strip':
      if (typeof x !== 'string') return undefined;
      return { type: v.type, value: fn === 'downcase' ? x.toLowerCase() : fn === 'upcase' ? x.toUpperCase() : x.trim() };
    case 'presence':
      return { type: v.type, value: x === '' ? null : x };
    default:
      return undefined;
  }
}

function evaluateBinop(node: Extract<RNode, { t: 'binop' }>, text: string): RbValue {
  if (node.op === '||' || node.op === 'or') {
    // ENV['X'] || 587, ENV.fetch('X', nil) || 587: the default when the variable is unset.
    const l = evaluate(node.left, text);
    const r = literalValue(node.right, text);
    if (l && r && l.reference && (!l.known || l.value === null)) return { ...r, origin: 'fallback', reference: l.reference, span: node.span };
    return unknown(node, l?.reference);
  }
  if (node.op === '==' || node.op === '!=') {
    const [subject, constant] = literalValue(node.right, text) ? [node.left, node.right] : [node.right, node.left];
    const c = literalValue(constant, text);
    const s = evaluate(subject, text);
    if (!c || !s?.known) return unknown(node, s?.reference);
    const equal = s.value === c.value && (s.type === c.type || (s.type !== 'sym' && c.type !== 'sym'));
    const negate = node.op === '!=';
    const w = s.write;
    return {
      ...s,
      type: 'bool',
      value: negate ? !equal : equal,
      span: node.span,
      write: w
        ? (want) => {
            const wantEqual = (want !== null && want !== false) !== negate;
            if (wantEqual) return w(c.value);
            return typeof c.value === 'string' && /^(true|yes|on|1)$/i.test(c.value) ? w(c.value.replace(/true|yes|on|1/i, (m) => ({ true: 'false', yes: 'no', on: 'off', '1': '0' })[m.toLowerCase()] ?? 'false')) : undefined;
          }
        : undefined,
    };
  }
  return unknown(node);
}
