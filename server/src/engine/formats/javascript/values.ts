// What a JavaScript/TypeScript expression says about a Nodemailer option without running it: literals, `process.env`
// lookups with defaults (`process.env.SMTP_PORT ?? 587`, `|| 587`, `parseInt(process.env.X, 10) || 587`),
// conversions (`Number(...)`, `+x`, `!!x`), comparisons on a defaulted lookup, TS wrappers (`as`, `!`, `satisfies`)
// and `const` names declared once in the file. Known values carry an edit that makes the expression yield another
// value, touching only the literal (for lookups: only the default).
import type { SyntaxNode } from '@lezer/common';
import type { Span, TextEdit } from '../../model';

export type JsScalar = string | number | boolean | null | undefined;

export interface JsValue {
  known: boolean;
  value: JsScalar;
  origin: 'literal' | 'fallback';
  reference?: string;
  span: Span;
  /** The literal the value comes from. */
  source?: Span;
  write?: (want: JsScalar) => TextEdit | undefined;
  /** The string literal (or template without `${}`) the value comes from, for URLs. */
  str?: JsString;
}

export interface JsString {
  value: string;
  inner: Span;
  quote: string;
  /** `${...}` inside a template literal: parts of the value are only known at runtime. */
  interpolated: boolean;
  escaped: boolean;
}

export function kids(node: SyntaxNode | null | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) out.push(c);
  return out;
}

export function src(text: string, node: SyntaxNode | null | undefined): string {
  return node ? text.slice(node.from, node.to) : '';
}

export function spanOf(node: SyntaxNode): Span {
  return { start: node.from, end: node.to };
}

const COMMENT = new Set(['LineComment', 'BlockComment']);

/** Children without comments. */
export function parts(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return kids(node).filter((k) => !COMMENT.has(k.name));
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

export function parseString(text: string, node: SyntaxNode): JsString | undefined {
  const raw = src(text, node);
  const quote = raw[0];
  if (node.name === 'String') {
    if (raw.length < 2 || raw[raw.length - 1] !== quote) return undefined;
  } else if (node.name === 'TemplateString') {
    if (raw.length < 2 || !raw.endsWith('`')) return undefined;
  } else return undefined;
  const inner = { start: node.from + 1, end: node.to - 1 };
  const body = text.slice(inner.start, inner.end);
  const interpolated = node.name === 'TemplateString' && kids(node).some((k) => k.name === 'Interpolation');
  if (!body.includes('\\')) return { value: body, inner, quote, interpolated, escaped: false };
  const value = body.replace(/\\(x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|\r?\n|.)/g, (_all, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (e[0] === 'u' && e.length > 1) return String.fromCodePoint(parseInt(e.replace(/[u{}]/g, ''), 16));
    if (e === '\n' || e === '\r\n') return '';
    return ESCAPES[e] ?? e;
  });
  return { value, inner, quote, interpolated, escaped: true };
}

function parseNumber(raw: string): number {
  const s = raw.replace(/_/g, '').replace(/n$/, '').toLowerCase();
  if (/^0x[0-9a-f]+$/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0b[01]+$/.test(s)) return parseInt(s.slice(2), 2);
  return Number(s);
}

export function jsTruthy(v: JsScalar): boolean {
  return !(v === undefined || v === null || v === false || v === 0 || v === '' || (typeof v === 'number' && Number.isNaN(v)));
}

/** JS source for a value in the style of the literal it replaces. */
function jsLiteral(want: JsScalar, like: SyntaxNode | undefined, text: string): string {
  const likeStr = like && (like.name === 'String' || like.name === 'TemplateString') ? parseString(text, like) : undefined;
  if (want === undefined) return 'undefined';
  if (want === null) return 'null';
  if (typeof want === 'boolean') return want ? 'true' : 'false';
  const q = likeStr?.quote ?? "'";
  if (typeof want === 'number') return likeStr ? `${q}${want}${q}` : String(want);
  return `${q}${want.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
}

/** Names declared once in the file with an initializer (`const SMTP_PORT = 587`, `const options = {...}`). */
export type Declarations = Map<string, SyntaxNode | null>;

export function declarations(text: string, root: SyntaxNode): Declarations {
  const decls: Declarations = new Map();
  const cursor = root.cursor();
  do {
    if (cursor.name !== 'VariableDeclaration') continue;
    const ps = parts(cursor.node);
    for (let i = 0; i < ps.length; i++) {
      if (ps[i].name !== 'VariableDefinition') continue;
      const name = src(text, ps[i]);
      let j = i + 1;
      if (ps[j]?.name === 'TypeAnnotation') j++;
      const init = ps[j]?.name === 'Equals' ? ps[j + 1] : undefined;
      // Declared twice (shadowing, branches): we cannot tell which one a use means.
      decls.set(name, decls.has(name) || !init ? null : init);
    }
  } while (cursor.next());
  return decls;
}

/** Strip TS and grouping wrappers: `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`. */
export function unwrap(text: string, node: SyntaxNode | null | undefined): SyntaxNode | undefined {
  let n = node ?? undefined;
  for (let guard = 0; n && guard < 20; guard++) {
    if (n.name === 'ParenthesizedExpression') {
      n = parts(n).find((k) => k.name !== '(' && k.name !== ')');
    } else if (n.name === 'BinaryExpression') {
      const ps = parts(n);
      if (ps.length === 3 && (src(text, ps[1]) === 'as' || src(text, ps[1]) === 'satisfies')) n = ps[0];
      else return n;
    } else if (n.name === 'PostfixExpression' && src(text, n.lastChild) === '!') {
      n = n.firstChild ?? undefined;
    } else if (n.name === 'TypeCastExpression' || n.name === 'NonNullExpression') {
      n = n.lastChild ?? undefined;
    } else return n;
  }
  return n;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the reference text, else undefined. */
export function envReference(text: string, node: SyntaxNode): string | undefined {
  if (node.name !== 'MemberExpression') return undefined;
  const ps = parts(node);
  const obj = src(text, ps[0]).replace(/\s+/g, '');
  if (obj !== 'process.env' && obj !== 'import.meta.env' && obj !== 'env') return undefined;
  if (ps[1]?.name === '.' && ps[2]) return `${obj}.${src(text, ps[2])}`;
  if (ps[1]?.name === '[' && ps[2]?.name === 'String') {
    const s = parseString(text, ps[2]);
    return s ? `${obj}['${s.value}']` : undefined;
  }
  return undefined;
}

function unknown(node: SyntaxNode, reference?: string): JsValue {
  return { known: false, value: undefined, origin: 'literal', span: spanOf(node), reference };
}

function literal(text: string, node: SyntaxNode): JsValue | undefined {
  const span = spanOf(node);
  const write = (want: JsScalar): TextEdit | undefined => {
    const newText = jsLiteral(want, node, text);
    return newText === src(text, node) ? undefined : { ...span, newText };
  };
  const base = { known: true, origin: 'literal' as const, span, source: span, write };
  switch (node.name) {
    case 'Number':
      return { ...base, value: parseNumber(src(text, node)) };
    case 'BooleanLiteral':
      return { ...base, value: src(text, node) === 'true' };
    case 'null':
      return { ...base, value: null };
    case 'VariableName':
      return src(text, node) === 'undefined' ? { ...base, value: undefined } : undefined;
    case 'String':
    case 'TemplateString': {
      const s = parseString(text, node);
      if (!s || s.interpolated) return undefined;
      return { ...base, value: s.value, str: s };
    }
    case 'UnaryExpression': {
      const [op, operand] = parts(node);
      if (operand?.name === 'Number' && (src(text, op) === '-' || src(text, op) === '+')) {
        const n = parseNumber(src(text, operand));
        return { ...base, value: src(text, op) === '-' ? -n : n };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Is the node where `?? default` can be appended without changing what else the expression means? */
function canAppendDefault(node: SyntaxNode): boolean {
  const parent = node.parent;
  return !!parent && (parent.name === 'Property' || parent.name === 'ArgList');
}

export function evaluate(text: string, node: SyntaxNode | null | undefined, decls: Declarations, depth = 0): JsValue | undefined {
  const n = unwrap(text, node);
  if (!n || depth > 8) return undefined;
  const lit = literal(text, n);
  if (lit) return lit;
  switch (n.name) {
    case 'VariableName': {
      const init = decls.get(src(text, n));
      if (!init) return unknown(n);
      const v = evaluate(text, init, decls, depth + 1);
      return v ?? unknown(n);
    }
    case 'MemberExpression': {
      const reference = envReference(text, n);
      if (!reference) return unknown(n);
      return {
        ...unknown(n, reference),
        write: canAppendDefault(n) ? (want) => ({ start: n.to, end: n.to, newText: ` ?? ${jsLiteral(want, undefined, text)}` }) : undefined,
      };
    }
    case 'BinaryExpression':
      return evaluateBinary(text, n, decls, depth);
    case 'UnaryExpression': {
      const [op, operand] = parts(n);
      const o = src(text, op);
      const inner = evaluate(text, operand, decls, depth + 1);
      if (!inner?.known) return unknown(n, inner?.reference);
      const w = inner.write;
      if (o === '!') return { ...inner, value: !jsTruthy(inner.value), span: spanOf(n), write: w ? (want) => w(!jsTruthy(want)) : undefined };
      if (o === '+') return { ...inner, value: Number(inner.value), span: spanOf(n) };
      return unknown(n, inner.reference);
    }
    case 'CallExpression': {
      // `config.get<number>(...)`: the type arguments are not part of the name.
      const calleeNode = n.firstChild?.name === 'InstantiationExpression' ? n.firstChild.firstChild : n.firstChild;
      const callee = src(text, calleeNode).replace(/\s+/g, '');
      const args = parts(n.getChild('ArgList')).filter((k) => k.name !== '(' && k.name !== ')' && k.name !== ',');
      if (['Number', 'parseInt', 'Number.parseInt', 'parseFloat', 'String', 'Boolean'].includes(callee) && args.length >= 1) {
        const inner = evaluate(text, args[0], decls, depth + 1);
        if (!inner?.known) return { ...unknown(n, inner?.reference), write: inner?.write };
        const v = inner.value;
        const value =
          callee === 'String' ? String(v) : callee === 'Boolean' ? jsTruthy(v) : callee.endsWith('parseInt') ? parseInt(String(v), 10) : callee === 'parseFloat' ? parseFloat(String(v)) : Number(v);
        return { ...inner, value, span: spanOf(n) };
      }
      const lookup = lookupCall(text, callee, args);
      if (lookup) {
        const def = lookup.defaultNode ? literal(text, unwrap(text, lookup.defaultNode) ?? lookup.defaultNode) : undefined;
        if (!def) return unknown(n, lookup.reference);
        const value = lookup.cast === 'int' ? parseInt(String(def.value), 10) : lookup.cast === 'float' ? parseFloat(String(def.value)) : lookup.cast === 'bool' ? (typeof def.value === 'string' ? def.value === 'true' : jsTruthy(def.value)) : def.value;
        return { ...def, value, origin: 'fallback', reference: lookup.reference, span: spanOf(n) };
      }
      return unknown(n);
    }
    default:
      return unknown(n);
  }
}

/**
 * Environment helpers with a default: Strapi's `env('X', d)` / `env.int('X', d)` / `env.bool('X', d)`, and NestJS
 * `configService.get('X', d)` (any `*config*.get`).
 */
function lookupCall(text: string, callee: string, args: SyntaxNode[]): { reference: string; defaultNode?: SyntaxNode; cast?: 'int' | 'float' | 'bool' } | undefined {
  const name = args[0]?.name === 'String' ? parseString(text, args[0])?.value : undefined;
  if (name === undefined) return undefined;
  const strapi = /^env(\.(int|float|bool|str|json|array|date))?$/.exec(callee);
  if (strapi) {
    const cast = strapi[2] === 'int' || strapi[2] === 'float' || strapi[2] === 'bool' ? strapi[2] : undefined;
    return { reference: `${callee}('${name}')`, defaultNode: args[1], cast };
  }
  // `configService.get`, `this.config.get`: the last name before `.get` mentions config (string checks, no regex).
  const dot = callee.lastIndexOf('.');
  const method = callee.slice(dot + 1);
  const receiver = callee.slice(callee.lastIndexOf('.', dot - 1) + 1, dot);
  if (dot > 0 && (method === 'get' || method === 'getOrThrow') && receiver.toLowerCase().includes('config')) {
    return { reference: `${callee}('${name}')`, defaultNode: method === 'getOrThrow' ? undefined : args[1] };
  }
  return undefined;
}

function evaluateBinary(text: string, n: SyntaxNode, decls: Declarations, depth: number): JsValue {
  const ps = parts(n);
  if (ps.length !== 3) return unknown(n);
  const op = src(text, ps[1]);
  if (op === '??' || op === '||') {
    // process.env.X ?? 587, Number(process.env.X) || 587: the default when the variable is unset.
    const l = evaluate(text, ps[0], decls, depth + 1);
    const r = literal(text, unwrap(text, ps[2]) ?? ps[2]);
    if (l && r && !l.known && l.reference) return { ...r, origin: 'fallback', reference: l.reference, span: spanOf(n) };
    if (l?.known && r) return jsTruthy(l.value) || (op === '??' && l.value !== null && l.value !== undefined) ? { ...l, span: spanOf(n) } : { ...r, span: spanOf(n) };
    return unknown(n, l?.reference);
  }
  if (['===', '==', '!==', '!='].includes(op)) {
    const [subject, constant] = literal(text, ps[2]) ? [ps[0], ps[2]] : [ps[2], ps[0]];
    const c = literal(text, constant);
    const s = evaluate(text, subject, decls, depth + 1);
    if (!c || !s?.known) return unknown(n, s?.reference);
    const equal = op.length === 3 ? s.value === c.value : s.value == c.value; // eslint-disable-line eqeqeq
    const negate = op.startsWith('!');
    const w = s.write;
    return {
      ...s,
      value: negate ? !equal : equal,
      span: spanOf(n),
      write: w
        ? (want) => {
            if (jsTruthy(want) !== negate) return w(c.value);
            return typeof c.value === 'string' && /^(true|1|yes|on)$/i.test(c.value) ? w(/^true$/i.test(c.value) ? 'false' : /^yes$/i.test(c.value) ? 'no' : /^on$/i.test(c.value) ? 'off' : '0') : undefined;
          }
        : undefined,
    };
  }
  return unknown(n);
}
