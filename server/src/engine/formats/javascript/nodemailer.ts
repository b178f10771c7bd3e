// Nodemailer's createTransport() → mail profiles. Options as an object literal (inline, in a `const` of the same file,
// with spreads of such consts) or as a connection URL ('smtps://user:pass@host:465?tls.rejectUnauthorized=false').
// Semantics (nodemailer lib/smtp-connection, lib/shared parseConnectionUrl):
// - host defaults to localhost; port to 465 when `secure`, else 587;
// - `secure: true` is implicit TLS; `secure` not written + port 465 → implicit TLS by itself; `secure: false` is
//   plaintext first (a URL's smtp: scheme writes secure: false);
// - then `ignoreTLS` → never STARTTLS, `requireTLS` → STARTTLS required, else STARTTLS only when offered;
// - `tls.rejectUnauthorized: false` (or `?tls.rejectUnauthorized=false`) and a `tls.checkServerIdentity` that accepts
//   anything disable certificate checks; so does `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'` in the file;
// - `service: 'gmail'`: host, port and secure come from Nodemailer's well-known list (port and TLS rules don't apply);
// - no `auth`: Nodemailer sends without logging in.
import type { SyntaxNode } from '@lezer/common';
import { dsnRemoveParamEdits, dsnTransportEdits, parseDsn, type DsnEndpoint } from '../../dsn';
import type { DuplicateSetting, MailProfile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { indentAt, type LineIndex } from '../../text';
import { evaluate, jsTruthy, parseString, parts, spanOf, src, unwrap, type Declarations, type JsValue } from './values';

export interface NodemailerResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  duplicates: DuplicateSetting[];
}

interface Env {
  text: string;
  index: LineIndex;
  eol: string;
  decls: Declarations;
}

/** One property of an options object (after spreads are resolved), with the object it is written in. */
interface Prop {
  key: string;
  keyNode: SyntaxNode;
  /** The value node; for shorthand `{ host }` the key itself. */
  value: SyntaxNode;
  node: SyntaxNode;
  object: SyntaxNode;
  quote?: string;
}

interface Options {
  props: Map<string, Prop>;
  all: Prop[];
  /** A spread we could not resolve: keys not written here may be set there. */
  open: boolean;
}

const ROLE: Record<string, SymbolRole> = {
  host: 'host', port: 'port', secure: 'tls', requireTLS: 'tls', ignoreTLS: 'tls', opportunisticTLS: 'tls', service: 'other',
  auth: 'auth', 'auth.user': 'user', 'auth.pass': 'password', 'tls.rejectUnauthorized': 'verify', 'tls.checkServerIdentity': 'verify',
};

const NON_SMTP = ['sendmail', 'streamTransport', 'jsonTransport', 'SES', 'transport', 'direct'];

const SECRET_KEY = /^(pass|password|passwd|secret|clientSecret|accessToken|refreshToken|apiKey|api_key|token|privateKey)$/;

export function nodemailerProfiles(env: Env, root: SyntaxNode): NodemailerResult {
  const out: NodemailerResult = { profiles: [], symbols: [], secrets: [], duplicates: [] };
  const { text } = env;
  const nodeTlsOff = nodeTlsSwitches(env, root);
  for (const source of optionSources(env, root)) {
    const arg = resolve(env, source.node);
    if (!arg) continue;
    if (arg.name === 'ObjectExpression') {
      const opts = readObject(env, arg, new Set<number>());
      const p = objectProfile(env, opts, source.anchor, nodeTlsOff);
      out.profiles.push(source.via ? { ...p, label: `${p.label} (${source.via})` } : p);
      collectSymbols(env, opts, out);
    } else if (arg.name === 'String' || arg.name === 'TemplateString') {
      const p = urlProfile(env, arg, source.anchor, nodeTlsOff, out.secrets);
      if (p) out.profiles.push(source.via ? { ...p, label: `${p.label} (${source.via})` } : p);
    }
  }

  // Literal secrets anywhere in the file's objects (auth.pass, OAuth2 client secrets, API keys).
  const c2 = root.cursor();
  do {
    if (c2.name !== 'Property') continue;
    const ps = parts(c2.node);
    const key = propKey(text, ps[0]);
    const value = ps.length >= 3 ? unwrap(text, ps[2]) : undefined;
    if (key && SECRET_KEY.test(key) && value && (value.name === 'String' || value.name === 'TemplateString')) {
      const s = parseString(text, value);
      if (s && !s.interpolated && s.value.length >= 3) out.secrets.push(s.value);
    }
  } while (c2.next());
  return out;
}

interface OptionSource {
  /** The options: an object, a URL string, or a name of a same-file const holding one. */
  node: SyntaxNode | undefined;
  /** Where findings without a better place go: the createTransport name or the framework's option key. */
  anchor: Span;
  /** The framework that hands the options to Nodemailer, for the label. */
  via?: string;
}

/**
 * Everywhere options reach Nodemailer's createTransport(): direct calls (also through the old smtpTransport(...)
 * wrapper), NestJS `MailerModule.forRoot({ transport })` / `forRootAsync`, Strapi's email provider
 * (`provider: 'nodemailer', providerOptions`) and Payload's `nodemailerAdapter({ transportOptions })`.
 */
function optionSources(env: Env, root: SyntaxNode): OptionSource[] {
  const { text } = env;
  const out: OptionSource[] = [];
  const firstArg = (call: SyntaxNode) => parts(call.getChild('ArgList')).find((k) => k.name !== '(' && k.name !== ')' && k.name !== ',');
  const cursor = root.cursor();
  do {
    if (cursor.name === 'CallExpression') {
      const call = cursor.node;
      const callee = calleeName(text, call);
      let calleeNode = call.firstChild!;
      if (calleeNode.name === 'InstantiationExpression') calleeNode = calleeNode.firstChild!;
      const nameSpan = calleeNode.name === 'MemberExpression' ? spanOf(calleeNode.lastChild!) : spanOf(calleeNode);
      if (callee === 'createTransport') {
        let arg = unwrap(text, firstArg(call));
        // createTransport(smtpTransport({...})): the nodemailer-smtp-transport wrapper returns its options.
        if (arg?.name === 'CallExpression' && /^(smtpTransport|smtp_transport)$/.test(calleeName(text, arg) ?? '')) arg = unwrap(text, firstArg(arg));
        out.push({ node: arg, anchor: nameSpan });
      } else if (callee === 'nodemailerAdapter') {
        const opts = resolve(env, firstArg(call));
        const prop = opts?.name === 'ObjectExpression' ? readObject(env, opts, new Set<number>()).props.get('transportOptions') : undefined;
        if (prop) out.push({ node: prop.value, anchor: spanOf(prop.keyNode), via: 'Payload nodemailerAdapter' });
      } else if ((callee === 'forRoot' || callee === 'forRootAsync') && /^MailerModule\b/.test(src(text, calleeNode))) {
        // The transport may sit in the options or in the object a useFactory returns.
        const inner = call.cursor();
        do {
          if (inner.name !== 'Property') continue;
          const ps = parts(inner.node);
          if (propKey(text, ps[0]) === 'transport' && ps[1]?.name === ':' && ps[2]) out.push({ node: ps[2], anchor: spanOf(ps[0]), via: 'NestJS MailerModule' });
        } while (inner.next() && inner.from < call.to);
      }
    } else if (cursor.name === 'ObjectExpression' && hasProviderKey(text, cursor.node)) {
      // Strapi: email: { config: { provider: 'nodemailer', providerOptions: {...} } }
      const opts = readObject(env, cursor.node, new Set<number>());
      const provider = valueOf(env, opts.props.get('provider'));
      const providerOptions = opts.props.get('providerOptions');
      if (provider?.known && provider.value === 'nodemailer' && providerOptions) {
        out.push({ node: providerOptions.value, anchor: spanOf(providerOptions.keyNode), via: 'Strapi email provider' });
      }
    }
  } while (cursor.next());
  return out;
}

/** Cheap test before reading an object: does it have a `provider` key of its own? */
function hasProviderKey(text: string, obj: SyntaxNode): boolean {
  return parts(obj).some((prop) => prop.name === 'Property' && propKey(text, prop.firstChild ?? undefined) === 'provider');
}

function calleeName(text: string, call: SyntaxNode): string | undefined {
  let callee = call.firstChild;
  if (callee?.name === 'InstantiationExpression') callee = callee.firstChild;
  if (!callee) return undefined;
  if (callee.name === 'VariableName') return src(text, callee);
  if (callee.name === 'MemberExpression') return src(text, callee.lastChild);
  return undefined;
}

/** An options argument: the node itself, or the object/string a same-file `const` holds. */
function resolve(env: Env, node: SyntaxNode | undefined, depth = 0): SyntaxNode | undefined {
  const n = unwrap(env.text, node);
  if (!n || depth > 5) return undefined;
  if (n.name === 'VariableName') return resolve(env, env.decls.get(src(env.text, n)) ?? undefined, depth + 1);
  return n;
}

function propKey(text: string, keyNode: SyntaxNode | undefined): string | undefined {
  if (!keyNode) return undefined;
  if (keyNode.name === 'PropertyDefinition') return src(text, keyNode);
  if (keyNode.name === 'String') return parseString(text, keyNode)?.value;
  if (keyNode.name === 'Number') return src(text, keyNode);
  return undefined;
}

/** Objects already read, by offset (Lezer hands out new node objects on every visit). */
const objectCache = new WeakMap<Env, Map<number, Options>>();

/** Spreads followed into other consts; deeper chains are treated as unknown. */
const MAX_SPREAD_DEPTH = 8;

function readObject(env: Env, obj: SyntaxNode, seen: Set<number>, depth = 0): Options {
  let cache = objectCache.get(env);
  if (!cache) objectCache.set(env, (cache = new Map()));
  const cached = cache.get(obj.from);
  if (cached) return cached;
  const { text } = env;
  const opts: Options = { props: new Map(), all: [], open: false };
  seen.add(obj.from);
  for (const prop of parts(obj).filter((k) => k.name === 'Property')) {
    const ps = parts(prop);
    if (ps[0]?.name === 'Spread') {
      const target = resolve(env, ps[1]);
      if (target?.name === 'ObjectExpression' && !seen.has(target.from) && depth < MAX_SPREAD_DEPTH) {
        const inner = readObject(env, target, seen, depth + 1);
        for (const p of inner.all) {
          opts.all.push(p);
          opts.props.set(p.key, p);
        }
        opts.open ||= inner.open;
      } else opts.open = true;
      continue;
    }
    const key = propKey(text, ps[0]);
    if (key === undefined) continue;
    // `{ host }` shorthand: the value is the variable of that name. Methods (`m() {}`) are not options.
    if (ps.some((k) => k.name === 'ParamList')) continue;
    const value = ps[1]?.name === ':' && ps[2] ? ps[2] : ps.length === 1 ? ps[0] : undefined;
    if (!value) continue;
    const p: Prop = { key, keyNode: ps[0], value, node: prop, object: obj, quote: ps[0].name === 'String' ? text[ps[0].from] : undefined };
    opts.all.push(p);
    opts.props.set(key, p);
  }
  cache.set(obj.from, opts);
  return opts;
}

/** The nested options object of a property (`auth: {...}`, `tls: {...}`), resolved through consts. */
function nested(env: Env, prop: Prop | undefined): Options | undefined {
  if (!prop) return undefined;
  const n = resolve(env, prop.value.name === 'PropertyDefinition' ? undefined : prop.value);
  return n?.name === 'ObjectExpression' ? readObject(env, n, new Set<number>()) : undefined;
}

function valueOf(env: Env, prop: Prop | undefined): JsValue | undefined {
  if (!prop) return undefined;
  if (prop.value.name === 'PropertyDefinition') {
    // Shorthand: a variable of the same name declared in this file.
    const init = env.decls.get(prop.key);
    return init ? evaluate(env.text, init, env.decls) : { known: false, value: undefined, origin: 'literal', span: spanOf(prop.value) };
  }
  return evaluate(env.text, prop.value, env.decls);
}

function setting<T>(prop: Prop, v: JsValue, value: T, key = prop.key): Setting<T> {
  const s: Setting<T> = { value, origin: v.origin, key, span: v.source ?? v.span, keySpan: spanOf(prop.keyNode) };
  if (v.reference) s.reference = v.reference;
  return s;
}

// ---- object options --------------------------------------------------------------------------------------------

function objectProfile(env: Env, opts: Options, anchor: Span, nodeTlsOff: Setting<string>[]): MailProfile {
  const { text } = env;
  const get = (k: string) => opts.props.get(k);
  const val = (k: string) => valueOf(env, get(k));

  // Not SMTP at all: sendmail, stream, JSON, SES or a custom transport object.
  const nonSmtp = NON_SMTP.find((k) => {
    const v = val(k);
    return get(k) && (!v?.known || jsTruthy(v.value));
  });

  const serviceProp = get('service');
  const serviceV = val('service');
  const service = serviceProp && !(serviceV?.known && !jsTruthy(serviceV.value));

  const hostProp = get('host');
  const hostV = val('host');
  let host: Setting<string> | undefined;
  if (hostProp && hostV?.known) host = setting(hostProp, hostV, typeof hostV.value === 'string' && hostV.value.trim() ? hostV.value.trim() : 'localhost');
  else if (!hostProp && !opts.open && !service) host = { value: 'localhost', origin: 'default', key: 'host' };

  const secureProp = get('secure');
  const secureV = val('secure');
  const secureKnown = secureProp ? (secureV?.known ? jsTruthy(secureV.value) : undefined) : undefined;

  const portProp = get('port');
  const portV = val('port');
  let port: Setting<number | string> | undefined;
  if (portProp && portV?.known && portV.value !== undefined && portV.value !== null && portV.value !== '') {
    const raw = portV.value;
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : String(raw);
    port = setting(portProp, portV, value);
  } else if (!portProp && !opts.open && !service && (secureKnown !== undefined || !secureProp)) {
    port = { value: secureKnown ? 465 : 587, origin: 'default', key: 'port' };
  }
  const portNum = typeof port?.value === 'number' ? port.value : undefined;

  let tls: Setting<TlsMode>;
  let tlsGuessed = false;
  const tlsFromPort = !secureProp;
  if (service) {
    // Host, port and secure come from Nodemailer's well-known services list.
    tls = setting(serviceProp!, serviceV ?? { known: false, value: undefined, origin: 'literal', span: spanOf(serviceProp!.value) }, 'starttls', 'service');
    tlsGuessed = true;
  } else if (secureProp && secureKnown === undefined) {
    tls = setting(secureProp, secureV!, 'opportunistic');
    tlsGuessed = true;
  } else if (secureKnown === true) {
    tls = setting(secureProp!, secureV!, 'implicit');
  } else if (!secureProp && portNum === 465) {
    tls = { value: 'implicit', origin: 'implied', key: 'port 465 without secure', span: port?.span, keySpan: port?.keySpan };
  } else {
    if (!secureProp && !port) tlsGuessed = true; // the port decides, and only the runtime knows it
    const ignore = get('ignoreTLS');
    const ignoreV = val('ignoreTLS');
    const require = get('requireTLS');
    const requireV = val('requireTLS');
    if (ignore && ignoreV?.known && jsTruthy(ignoreV.value)) tls = setting(ignore, ignoreV, 'none');
    else if (require && requireV?.known && jsTruthy(requireV.value)) tls = setting(require, requireV, 'starttls');
    else {
      if ((ignore && !ignoreV?.known) || (require && !requireV?.known) || (opts.open && !require)) tlsGuessed = true;
      // The written switch that leaves STARTTLS optional: requireTLS: false, else secure: false, else nothing.
      tls =
        require && requireV
          ? setting(require, requireV, 'opportunistic')
          : secureProp && secureV
            ? setting(secureProp, secureV, 'opportunistic')
            : { value: 'opportunistic', origin: 'default', key: 'requireTLS' };
    }
  }

  // Certificate checks.
  const verifyDisabled: Setting<string>[] = [...nodeTlsOff];
  const tlsOpts = nested(env, get('tls'));
  const reject = tlsOpts?.props.get('rejectUnauthorized');
  const rejectV = valueOf(env, reject);
  if (reject && rejectV?.known && rejectV.value === false) {
    verifyDisabled.push({ ...setting(reject, rejectV, 'tls.rejectUnauthorized: false', 'tls.rejectUnauthorized'), reference: 'rejectUnauthorized' });
  }
  const identity = tlsOpts?.props.get('checkServerIdentity');
  if (identity && acceptsAnyIdentity(text, identity.value)) {
    verifyDisabled.push({ value: 'tls.checkServerIdentity accepts any certificate', origin: 'literal', key: 'tls.checkServerIdentity', span: spanOf(identity.node), keySpan: spanOf(identity.keyNode), reference: 'checkServerIdentity' });
  }

  // Authentication.
  const authProp = get('auth');
  const authV = authProp ? resolve(env, authProp.value.name === 'PropertyDefinition' ? undefined : authProp.value) : undefined;
  const authOpts = nested(env, authProp);
  let auth: Setting<boolean> | undefined;
  let user: Setting<string> | undefined;
  let password: Setting<SecretValue> | undefined;
  if (!authProp) {
    if (!opts.open && !service) auth = { value: false, origin: 'default', key: 'auth' };
  } else if (authOpts) {
    const u = authOpts.props.get('user');
    const p = authOpts.props.get('pass');
    const uv = valueOf(env, u);
    const pv = valueOf(env, p);
    if (u && uv?.known && typeof uv.value === 'string' && uv.value) user = setting(u, uv, uv.value, 'auth.user');
    if (p && pv) {
      const kind: SecretValue['kind'] = !pv.known ? 'reference' : pv.value === '' || pv.value == null ? 'empty' : 'literal';
      password = { ...setting(p, pv, { kind, text: kind === 'literal' ? String(pv.value) : '' }, 'auth.pass'), span: kind === 'reference' ? pv.span : (pv.source ?? pv.span) };
    }
    auth = { value: true, origin: 'literal', key: 'auth', keySpan: spanOf(authProp.keyNode) };
  } else if (authV && (authV.name === 'null' || (authV.name === 'VariableName' && src(text, authV) === 'undefined') || (authV.name === 'BooleanLiteral' && src(text, authV) === 'false'))) {
    auth = { value: false, origin: 'literal', key: 'auth', span: spanOf(authV), keySpan: spanOf(authProp.keyNode) };
  }

  const label = service && serviceV?.known ? `Nodemailer transport (service ${String(serviceV.value)})` : 'Nodemailer transport';
  return {
    label,
    ecosystem: 'nodemailer',
    active: !nonSmtp,
    inactiveReason: nonSmtp ? `the transport uses \`${nonSmtp}\`, not SMTP` : undefined,
    host,
    port,
    tls,
    tlsFromPort,
    tlsGuessed,
    verifyDisabled,
    auth,
    user,
    password,
    anchor,
    edit: {
      setTransport: (p, mode) => (service ? undefined : objectTransportEdits(env, opts, p, mode)),
      enableVerification: (sw) => enableVerification(env, sw, rejectV, identity),
    },
  };
}

/** `checkServerIdentity: () => undefined`, `() => {}`, `function () { return null }`: accepts any certificate. */
function acceptsAnyIdentity(text: string, value: SyntaxNode): boolean {
  const fn = unwrap(text, value);
  if (!fn || (fn.name !== 'ArrowFunction' && fn.name !== 'FunctionExpression')) return false;
  const body = fn.lastChild;
  if (!body) return false;
  if (body.name !== 'Block') return body.name === 'null' || (body.name === 'VariableName' && src(text, body) === 'undefined');
  const statements = parts(body).filter((k) => k.name !== '{' && k.name !== '}');
  return statements.every((s) => {
    if (s.name !== 'ReturnStatement') return false;
    // `return`, `return;`, `return undefined;`, `return null` (plain string checks: no backtracking on long blanks).
    let rest = src(text, s).trim().slice('return'.length).trim();
    if (rest.endsWith(';')) rest = rest.slice(0, -1).trim();
    return rest === '' || rest === 'undefined' || rest === 'null';
  });
}

function enableVerification(env: Env, sw: Setting<string>, rejectV: JsValue | undefined, identity: Prop | undefined): TextEdit[] | undefined {
  if (sw.reference === 'rejectUnauthorized') {
    const e = rejectV?.write?.(true);
    return e ? [e] : undefined;
  }
  if (sw.reference === 'checkServerIdentity' && identity) {
    const e = removeProperty(env, identity);
    return e ? [e] : undefined;
  }
  if (sw.reference === 'NODE_TLS_REJECT_UNAUTHORIZED' && sw.span) {
    const q = env.text[sw.span.start];
    return [{ ...sw.span, newText: q === "'" || q === '"' || q === '`' ? `${q}1${q}` : '1' }];
  }
  return undefined;
}

/** `process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'`: Node stops checking every TLS certificate of the process. */
function nodeTlsSwitches(env: Env, root: SyntaxNode): Setting<string>[] {
  const out: Setting<string>[] = [];
  const cursor = root.cursor();
  do {
    if (cursor.name !== 'AssignmentExpression') continue;
    const [target, eq, value] = parts(cursor.node);
    if (!target || eq?.name !== 'Equals' || !value) continue;
    const t = src(env.text, target).replace(/\s+/g, '');
    if (!/^process\.env(\.NODE_TLS_REJECT_UNAUTHORIZED|\[['"]NODE_TLS_REJECT_UNAUTHORIZED['"]\])$/.test(t)) continue;
    const v = evaluate(env.text, value, env.decls);
    if (v?.known && String(v.value) === '0') {
      out.push({ value: `NODE_TLS_REJECT_UNAUTHORIZED=${String(v.value)}`, origin: 'literal', key: 'NODE_TLS_REJECT_UNAUTHORIZED', span: v.source ?? v.span, keySpan: spanOf(target), reference: 'NODE_TLS_REJECT_UNAUTHORIZED' });
    }
  } while (cursor.next());
  return out;
}

function collectSymbols(env: Env, opts: Options, out: NodemailerResult): void {
  const add = (key: string, p: Prop | undefined) => {
    if (p && ROLE[key]) out.symbols.push({ key, role: ROLE[key], ecosystem: 'nodemailer', keySpan: spanOf(p.keyNode), valueSpan: spanOf(p.value) });
  };
  for (const p of opts.all) add(p.key, p);
  const auth = nested(env, opts.props.get('auth'));
  add('auth.user', auth?.props.get('user'));
  add('auth.pass', auth?.props.get('pass'));
  const tls = nested(env, opts.props.get('tls'));
  add('tls.rejectUnauthorized', tls?.props.get('rejectUnauthorized'));
  add('tls.checkServerIdentity', tls?.props.get('checkServerIdentity'));
  // The same option twice in one object literal: the last one wins.
  for (const p of opts.all) {
    const dupes = opts.all.filter((q) => q.key === p.key && q.object === p.object);
    if (dupes.length < 2 || dupes[dupes.length - 1] === p || !ROLE[p.key]) continue;
    const winner = dupes[dupes.length - 1];
    const removal = removeProperty(env, p);
    out.duplicates.push({ key: p.key, winner: spanOf(winner.node), loser: spanOf(p.node), rule: 'the last value wins (JavaScript object)', removal: removal ? [removal] : [] });
  }
}

function objectTransportEdits(env: Env, opts: Options, port: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const inserts: { key: string; value: string }[] = [];
  const set = (key: string, want: number | boolean): boolean => {
    const prop = opts.props.get(key);
    if (!prop) {
      inserts.push({ key, value: String(want) });
      return true;
    }
    const v = valueOf(env, prop);
    const current = v?.known ? (typeof want === 'number' ? Number(v.value) : jsTruthy(v.value)) : undefined;
    if (current === want && (typeof want === 'number' || typeof v?.value === 'boolean')) return true;
    const e = v?.write?.(want);
    if (e) {
      edits.push(e);
      return true;
    }
    // A value only the runtime knows and that we cannot give a default: leave it (ports) or give up (switches).
    return typeof want === 'number' && !v?.known;
  };
  if (!set('port', port)) return undefined;
  if (mode === 'starttls') {
    if (!set('secure', false) || !set('requireTLS', true)) return undefined;
    const ignore = opts.props.get('ignoreTLS');
    const iv = valueOf(env, ignore);
    if (ignore && !(iv?.known && !jsTruthy(iv.value))) {
      const e = iv?.write?.(false);
      if (!e) return undefined;
      edits.push(e);
    }
  } else if (!set('secure', true)) return undefined;
  if (inserts.length) {
    const anchor = opts.props.get('port') ?? opts.props.get('host') ?? opts.all[opts.all.length - 1];
    if (!anchor) return undefined;
    edits.push(insertProps(env, anchor, inserts));
  }
  return edits.length ? edits : undefined;
}

function startsLine(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r';
}

function restBlank(text: string, from: number, to: number): boolean {
  const rest = text.slice(from, to).trim();
  return rest === '' || rest.startsWith('//') || (rest.startsWith('/*') && rest.endsWith('*/'));
}

/** Add properties after `anchor` in its object's style: key quotes, one per line or inline, trailing commas. */
function insertProps(env: Env, anchor: Prop, items: { key: string; value: string }[]): TextEdit {
  const { text, index, eol } = env;
  const q = anchor.quote;
  const texts = items.map((it) => `${q ? `${q}${it.key}${q}` : it.key}: ${it.value}`);
  const node = anchor.node;
  if (!startsLine(text, node.from)) return { start: node.to, end: node.to, newText: texts.map((t) => `, ${t}`).join('') };
  let after = node.to;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  const indent = indentAt(text, node.from);
  if (text[after] === ',') {
    const lineEnd = index.lineEnd(index.positionAt(after).line);
    const at = restBlank(text, after + 1, lineEnd) ? lineEnd : after + 1;
    return { start: at, end: at, newText: texts.map((t) => `${eol}${indent}${t},`).join('') };
  }
  return { start: node.to, end: node.to, newText: texts.map((t) => `,${eol}${indent}${t}`).join('') };
}

/** Remove a property with its comma (and its line when it is alone there). */
function removeProperty(env: Env, prop: Prop): TextEdit | undefined {
  const { text, index } = env;
  const node = prop.node;
  let end = node.to;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const hasComma = text[end] === ',';
  if (hasComma) end++;
  let before = node.from - 1;
  while (before >= 0 && /\s/.test(text[before])) before--;
  const commaBefore = text[before] === ',';
  const endLine = index.positionAt(end).line;
  if (startsLine(text, node.from) && restBlank(text, end, index.lineEnd(endLine))) {
    // The last property without a trailing comma: take the comma before it along.
    if (!hasComma && commaBefore) return { start: before, end: node.to, newText: '' };
    return { start: index.lineStart(index.positionAt(node.from).line), end: index.lineEndWithBreak(endLine), newText: '' };
  }
  if (hasComma) {
    while (end < text.length && text[end] === ' ') end++;
    return { start: node.from, end, newText: '' };
  }
  return commaBefore ? { start: before, end: node.to, newText: '' } : undefined;
}

// ---- connection URLs -------------------------------------------------------------------------------------------

function urlProfile(env: Env, node: SyntaxNode, anchor: Span, nodeTlsOff: Setting<string>[], secrets: string[]): MailProfile | undefined {
  const { text } = env;
  const s = parseString(text, node);
  if (!s || s.escaped) return undefined;
  const [ep] = parseDsn(text, s.inner.start, s.inner.end);
  if (!ep) return undefined;
  const dynamic = (part: { value: string } | undefined) => !!part && part.value.includes('${');
  if (ep.password?.value && !dynamic(ep.password)) secrets.push(ep.password.value, text.slice(ep.password.span.start, ep.password.span.end));
  const scheme = ep.scheme.value;
  const smtp = scheme === 'smtp' || scheme === 'smtps';
  const key = 'connection URL';
  // Query options: "true"/"false" become booleans, `tls.` keys go to the tls options.
  const param = (name: string) => ep.params.find((p) => p.name.value === name);
  const bool = (name: string) => {
    const p = param(name);
    return p ? p.value.value === 'true' || (p.value.value !== 'false' && p.value.value !== '' && p.value.value !== '0') : undefined;
  };
  const secure = scheme === 'smtps';
  let port: Setting<number | string> | undefined;
  if (ep.port && !dynamic(ep.port)) {
    const t = ep.port.value;
    port = { value: /^\d{1,9}$/.test(t) ? Number(t) : t, origin: 'literal', key, span: ep.port.span };
  } else if (!ep.port) port = { value: secure ? 465 : 587, origin: 'implied', key: `${key} (${scheme}: without a port)`, span: ep.host?.span ?? ep.scheme.span };
  let tls: Setting<TlsMode>;
  if (secure) tls = { value: 'implicit', origin: 'literal', key, span: ep.scheme.span };
  else if (bool('ignoreTLS')) tls = { value: 'none', origin: 'literal', key: 'ignoreTLS', span: param('ignoreTLS')!.span };
  else if (bool('requireTLS')) tls = { value: 'starttls', origin: 'literal', key: 'requireTLS', span: param('requireTLS')!.span };
  else tls = { value: 'opportunistic', origin: 'literal', key, span: ep.scheme.span };
  const verifyDisabled: Setting<string>[] = [...nodeTlsOff];
  ep.params.forEach((p, i) => {
    if (p.name.value === 'tls.rejectUnauthorized' && p.value.value === 'false') {
      verifyDisabled.push({ value: 'tls.rejectUnauthorized=false', origin: 'literal', key: `${key} tls.rejectUnauthorized`, span: p.span, reference: `param:${i}` });
    }
  });
  const pw = ep.password;
  return {
    label: `Nodemailer ${scheme}:// URL`,
    ecosystem: 'nodemailer',
    active: smtp,
    inactiveReason: smtp ? undefined : `the URL uses "${scheme}:", not SMTP`,
    host: ep.host && !dynamic(ep.host) ? { value: ep.host.value, origin: 'literal', key, span: ep.host.span } : undefined,
    port,
    tls,
    tlsFromPort: false, // the scheme always writes `secure`
    verifyDisabled,
    auth: ep.user ? { value: true, origin: 'literal', key, span: ep.user.span } : { value: false, origin: 'literal', key: `${key} (no user)`, span: ep.host?.span ?? ep.scheme.span },
    user: ep.user && !dynamic(ep.user) ? { value: ep.user.value, origin: 'literal', key: `${key} user`, span: ep.user.span } : undefined,
    password: pw ? { value: { kind: dynamic(pw) ? 'reference' : pw.value ? 'literal' : 'empty', text: dynamic(pw) ? '' : pw.value }, origin: 'literal', key: `${key} password`, span: pw.span } : undefined,
    anchor,
    edit: {
      setTransport: (p, mode) => (ep.port && dynamic(ep.port) ? undefined : urlTransportEdits(ep, p, mode)),
      enableVerification: (sw) => {
        if (sw.reference?.startsWith('param:')) return dsnRemoveParamEdits(ep, Number(sw.reference.slice(6)));
        if (sw.reference === 'NODE_TLS_REJECT_UNAUTHORIZED' && sw.span) {
          const q = env.text[sw.span.start];
          return [{ ...sw.span, newText: q === "'" || q === '"' || q === '`' ? `${q}1${q}` : '1' }];
        }
        return undefined;
      },
    },
  };
}

function urlTransportEdits(ep: DsnEndpoint, port: number, mode: 'starttls' | 'implicit'): TextEdit[] {
  // No port can be written after a host without an end: then no half fix (TLS options without the port).
  if (ep.hostUndelimited) return [];
  const edits = dsnTransportEdits(ep, mode === 'implicit' ? 'smtps' : 'smtp', port);
  if (mode === 'starttls') {
    const ignore = ep.params.findIndex((p) => p.name.value === 'ignoreTLS');
    const require = ep.params.find((p) => p.name.value === 'requireTLS');
    if (ignore >= 0 && ep.params[ignore].value.value !== 'false') {
      // Replace ignoreTLS=… by requireTLS=true when there is no requireTLS yet; else drop it.
      if (!require) edits.push({ ...ep.params[ignore].span, newText: 'requireTLS=true' });
      else edits.push(...dsnRemoveParamEdits(ep, ignore));
    }
    if (require && require.value.value !== 'true') edits.push({ ...require.value.span, newText: 'true' });
    if (!require && !(ignore >= 0 && ep.params[ignore].value.value !== 'false')) {
      edits.push({ start: ep.span.end, end: ep.span.end, newText: `${ep.queryStart !== undefined ? '&' : '?'}requireTLS=true` });
    }
  }
  return edits;
}
