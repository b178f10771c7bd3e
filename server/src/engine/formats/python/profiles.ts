// Python settings → mail profiles. Django (EMAIL_*), Flask-Mail / Flask-Mailman (MAIL_*), fastapi-mail
// (ConnectionConfig / MAIL_STARTTLS + MAIL_SSL_TLS), django-environ / dj-email-url email URLs, and custom Django
// email backends that switch certificate checks off. Each scope (module, config class, app.config object,
// ConnectionConfig call) is judged once per combination of if/else (and try/except) branches it contains.
import type { SyntaxNode } from '@lezer/common';
import { dsnTransportEdits, parseDsn, type DsnEndpoint } from '../../dsn';
import type { DuplicateSetting, MailProfile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import type { LineIndex } from '../../text';
import { MAIL_KEY, type Collected, type Cond, type Op, type Scope } from './collect';
import { insertAfter, removeStatement, type NewEntry } from './edits';
import { compact, kids, spanOf, src } from './lezer';
import { argsOf, evaluate, parseString, pyTruthy, type EnvContext, type PyValue } from './values';
import { keyTable } from '../../key-table';

export interface PythonResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  duplicates: DuplicateSetting[];
}

interface Env {
  text: string;
  index: LineIndex;
  eol: string;
  envCtx: EnvContext;
  collected: Collected;
  /** The file loads app.config from elsewhere too (from_object, from_pyfile, ...). */
  configLoadedElsewhere: boolean;
}

/** The settings one scope has under one choice of branches. */
interface View {
  scope: Scope;
  label: string;
  /** Every op that runs, inherited ones first, in source order. */
  ops: Op[];
  /** This scope's own ops that run (where new settings are inserted). */
  own: Op[];
  /** The winning op per key. */
  get(key: string): Op | undefined;
  /** Keys not written here may be set elsewhere (star import, unknown base class, config loaded elsewhere). */
  noDefaults: boolean;
  /** pydantic BaseSettings: every class value is only a default; the environment variable of the same name wins. */
  envBacked: boolean;
}

const ROLE: Record<string, SymbolRole> = keyTable({
  EMAIL_BACKEND: 'mailer', MAIL_BACKEND: 'mailer', MAIL_SUPPRESS_SEND: 'mailer',
  EMAIL_HOST: 'host', MAIL_SERVER: 'host',
  EMAIL_PORT: 'port', MAIL_PORT: 'port',
  EMAIL_USE_TLS: 'tls', EMAIL_USE_SSL: 'tls', MAIL_USE_TLS: 'tls', MAIL_USE_SSL: 'tls', MAIL_STARTTLS: 'tls', MAIL_SSL_TLS: 'tls',
  EMAIL_HOST_USER: 'user', MAIL_USERNAME: 'user',
  EMAIL_HOST_PASSWORD: 'password', MAIL_PASSWORD: 'password',
  EMAIL_URL: 'dsn',
  VALIDATE_CERTS: 'verify', USE_CREDENTIALS: 'auth',
});

/** Django backends (and Flask-Mailman's) that never talk SMTP. Third-party API backends are not SMTP either. */
const NON_SMTP_BACKEND = /(console|filebased|locmem|dummy|anymail|django_ses|sendgrid_backend|postmark|mailgun|sparkpost|mailjet|brevo|sendinblue|resend|mailersend|amazon_ses)/i;
const FLASK_MAILMAN_NON_SMTP = /^(console|file|locmem|dummy)$/i;

interface FlagSpec {
  ecosystem: string;
  label: string;
  host: string;
  port: string;
  tls: string;
  ssl: string;
  user: string;
  pass: string;
  /** Defaults when a key is not written (Django, Flask-Mail); fastapi-mail has required fields instead. */
  defaults?: { host: string; port: number };
}

const DJANGO: FlagSpec = {
  ecosystem: 'django', label: 'Django EMAIL_* settings',
  host: 'EMAIL_HOST', port: 'EMAIL_PORT', tls: 'EMAIL_USE_TLS', ssl: 'EMAIL_USE_SSL', user: 'EMAIL_HOST_USER', pass: 'EMAIL_HOST_PASSWORD',
  defaults: { host: 'localhost', port: 25 },
};
const FLASK: FlagSpec = {
  ecosystem: 'flask-mail', label: 'Flask-Mail MAIL_* settings',
  host: 'MAIL_SERVER', port: 'MAIL_PORT', tls: 'MAIL_USE_TLS', ssl: 'MAIL_USE_SSL', user: 'MAIL_USERNAME', pass: 'MAIL_PASSWORD',
  defaults: { host: 'localhost', port: 25 },
};
const FASTAPI: FlagSpec = {
  ecosystem: 'fastapi-mail', label: 'fastapi-mail ConnectionConfig',
  host: 'MAIL_SERVER', port: 'MAIL_PORT', tls: 'MAIL_STARTTLS', ssl: 'MAIL_SSL_TLS', user: 'MAIL_USERNAME', pass: 'MAIL_PASSWORD',
};

export function pythonProfiles(text: string, index: LineIndex, eol: string, envCtx: EnvContext, collected: Collected): PythonResult {
  const env: Env = {
    text,
    index,
    eol,
    envCtx,
    collected,
    configLoadedElsewhere: /\.config\.from_(object|pyfile|envvar|prefixed_env|file)\s*\(/.test(text),
  };
  const out: PythonResult = { profiles: [], symbols: [], secrets: [], duplicates: [] };
  const values = new Map<Op, PyValue | undefined>();
  const valueOf = (op: Op): PyValue | undefined => {
    if (!values.has(op)) values.set(op, evaluate(text, op.valueNode, envCtx));
    return values.get(op);
  };

  for (const view of views(env)) {
    const get = (key: string) => view.get(key);
    const val = (op: Op | undefined): PyValue | undefined => {
      if (!op) return undefined;
      const v = valueOf(op);
      // pydantic BaseSettings: the class value is the default of the environment variable of the same name.
      if (v && view.envBacked && v.origin === 'literal') return { ...v, origin: 'fallback', reference: `the ${op.key} environment variable (pydantic BaseSettings)` };
      return v;
    };
    const isFastapi = view.scope.kind === 'call' || !!get('MAIL_STARTTLS') || !!get('MAIL_SSL_TLS');
    if (view.ops.some((op) => op.key.startsWith('EMAIL_') && op.key !== 'EMAIL_URL')) out.profiles.push(flagProfile(env, view, DJANGO, val));
    if (isFastapi) out.profiles.push(flagProfile(env, view, FASTAPI, val));
    else if (view.ops.some((op) => /^MAIL_(SERVER|PORT|USE_TLS|USE_SSL|USERNAME|PASSWORD)$/.test(op.key))) out.profiles.push(flagProfile(env, view, FLASK, val));
  }
  for (const call of collected.emailUrls) {
    const p = emailUrlProfile(env, call.call, call.kind, out.secrets);
    if (p) out.profiles.push(p);
  }
  for (const cls of collected.backendClasses) {
    const p = backendProfile(env, cls);
    if (p) out.profiles.push(p);
  }

  // Hover symbols and secrets: every op we read, once.
  const fastapiScopes = new Set(collected.ops.filter((o) => o.key === 'MAIL_STARTTLS' || o.key === 'MAIL_SSL_TLS').map((o) => o.scope));
  for (const op of collected.ops) {
    const role = ROLE[op.key];
    const scope = collected.scopes.get(op.scope);
    const fastapi = scope?.kind === 'call' || fastapiScopes.has(op.scope);
    const ecosystem = op.key.startsWith('EMAIL_') ? 'django' : fastapi ? 'fastapi-mail' : 'flask-mail';
    if (role) out.symbols.push({ key: op.key, role, ecosystem, keySpan: op.keySpan, valueSpan: spanOf(op.valueNode) });
    if (role === 'password') {
      const v = valueOf(op);
      if (v?.known && typeof v.value === 'string' && v.value) out.secrets.push(v.value);
    }
  }
  out.secrets.push(...otherSecrets(env));
  out.duplicates = duplicates(env);
  return out;
}

// ---- Scopes, inheritance and branches --------------------------------------------------------------------------

function views(env: Env): View[] {
  const { collected, index } = env;
  const byScope = new Map<string, Op[]>();
  for (const op of collected.ops) {
    const list = byScope.get(op.scope) ?? [];
    list.push(op);
    byScope.set(op.scope, list);
  }
  const classes = [...collected.scopes.values()].filter((s) => s.kind === 'class');
  /** Ops a class inherits from its bases defined in this file (base first), and whether all bases are known. */
  const inherited = (scope: Scope, seen: Set<string>): { ops: Op[]; known: boolean; pydantic: boolean } => {
    let ops: Op[] = [];
    let known = true;
    let pydantic = false;
    for (const base of scope.bases ?? []) {
      if (/(^|\.)BaseSettings$/.test(base)) {
        pydantic = true;
        continue;
      }
      if (base === 'object' || /(^|\.)Configuration$/.test(base)) continue;
      const parent = classes.filter((c) => c.name === base && c.span.start < scope.span.start).pop();
      if (!parent || seen.has(parent.id)) {
        known = false;
        continue;
      }
      seen.add(parent.id);
      const up = inherited(parent, seen);
      // Python's MRO for the usual single-inheritance chains: the nearest definition wins, so base ops come first.
      ops = [...up.ops, ...(byScope.get(parent.id) ?? []), ...ops];
      known &&= up.known;
      pydantic ||= up.pydantic;
    }
    return { ops, known, pydantic };
  };

  const out: View[] = [];
  for (const scope of collected.scopes.values()) {
    const own = byScope.get(scope.id) ?? [];
    if (own.length === 0 || scope.id.startsWith('function@')) continue;
    const ownSet = new Set(own);
    const base = scope.kind === 'class' ? inherited(scope, new Set([scope.id])) : { ops: [], known: true, pydantic: false };
    const all = [...base.ops, ...own];
    const noDefaults =
      (scope.kind === 'module' && !!scope.starImport) || (scope.kind === 'class' && !base.known) || (scope.kind === 'config' && env.configLoadedElsewhere);
    const baseLabel = scope.kind === 'class' ? ` (class ${scope.name})` : scope.kind === 'config' ? ` (${scope.name})` : '';
    const choices = branchChoices(all.map((op) => op.path), collected.branches);
    const seen = new Set<string>();
    const built: { ops: Op[]; own: Op[] }[] = [];
    for (const choice of choices) {
      const ops = all.filter((op) => runsIn(op.path, choice));
      const signature = ops.map((op) => op.keySpan.start).join(',');
      if (ops.length === 0 || seen.has(signature) || !ops.some((op) => ownSet.has(op))) continue;
      seen.add(signature);
      built.push({ ops, own: ops.filter((op) => ownSet.has(op)) });
    }
    for (const b of built) {
      let label = baseLabel;
      if (built.length > 1) {
        const first = b.ops.filter((op) => op.path.length > 0).sort((x, y) => x.keySpan.start - y.keySpan.start)[0];
        label += first ? ` (branch at line ${index.positionAt(first.keySpan.start).line + 1})` : ' (outside the if/else branches)';
      }
      const winners = new Map<string, Op>();
      for (const op of b.ops) winners.set(op.key, op);
      out.push({ scope, label, ops: b.ops, own: b.own, get: (k) => winners.get(k), noDefaults, envBacked: base.pydantic });
    }
  }
  return out;
}

/** Every combination of branches of the conditionals the ops sit in (bounded). */
function branchChoices(paths: Cond[][], branches: Map<number, number>): Map<number, number>[] {
  const ids = [...new Set(paths.flat().map((c) => c.id))];
  let choices: Map<number, number>[] = [new Map()];
  for (const id of ids) {
    const n = branches.get(id) ?? 1;
    const next: Map<number, number>[] = [];
    for (const c of choices) for (let b = 0; b < n; b++) next.push(new Map(c).set(id, b));
    if (next.length > 64) break; // too many combinations: judge the ones we have
    choices = next;
  }
  return choices;
}

function runsIn(path: Cond[], choice: Map<number, number>): boolean {
  return path.every((c) => !choice.has(c.id) || choice.get(c.id) === c.branch);
}

// ---- Flag-style profiles (Django, Flask-Mail, fastapi-mail) -----------------------------------------------------

type ValueFn = (op: Op | undefined) => PyValue | undefined;

function setting<T>(op: Op, v: PyValue, value: T): Setting<T> {
  const s: Setting<T> = { value, origin: v.origin, key: op.key, span: v.source ?? v.span, keySpan: op.keySpan };
  if (v.reference) s.reference = v.reference;
  return s;
}

function portValue(v: PyValue): number | string | undefined {
  if (!v.known || v.value === null || typeof v.value === 'boolean') return undefined;
  if (typeof v.value === 'number') return v.value;
  const t = v.value.trim();
  if (t === '') return undefined;
  return /^\d{1,9}$/.test(t) ? Number(t) : t;
}

function flagProfile(env: Env, view: View, spec: FlagSpec, val: ValueFn): MailProfile {
  const { text } = env;
  const get = (k: string) => view.get(k);
  const defaults = view.noDefaults ? undefined : spec.defaults;

  // Is the mailer sending over SMTP at all?
  let active = true;
  let inactiveReason: string | undefined;
  const backendOp = get(spec.ecosystem === 'django' ? 'EMAIL_BACKEND' : 'MAIL_BACKEND');
  const backend = val(backendOp);
  if (backendOp && backend?.known && typeof backend.value === 'string') {
    const nonSmtp = spec.ecosystem === 'django' ? NON_SMTP_BACKEND.test(backend.value) : FLASK_MAILMAN_NON_SMTP.test(backend.value) || NON_SMTP_BACKEND.test(backend.value);
    if (nonSmtp) {
      active = false;
      inactiveReason = `${backendOp.key} is ${backend.value}${backend.origin === 'fallback' ? ` (the default of ${backend.reference})` : ''}, which does not send over SMTP`;
    }
  }
  const suppress = spec.ecosystem === 'flask-mail' ? val(get('MAIL_SUPPRESS_SEND')) : undefined;
  if (active && suppress?.known && pyTruthy(suppress.value)) {
    active = false;
    inactiveReason = 'MAIL_SUPPRESS_SEND is on: Flask-Mail sends nothing';
  }

  const hostOp = get(spec.host);
  const hostV = val(hostOp);
  let host: Setting<string> | undefined;
  if (hostOp && hostV?.known && typeof hostV.value === 'string' && hostV.value.trim()) host = setting(hostOp, hostV, hostV.value.trim());
  else if (!hostOp && defaults) host = { value: defaults.host, origin: 'default', key: spec.host };

  const portOp = get(spec.port);
  const portV = val(portOp);
  let port: Setting<number | string> | undefined;
  const pv = portV ? portValue(portV) : undefined;
  if (portOp && portV && pv !== undefined) port = setting(portOp, portV, pv);
  else if (!portOp && defaults) port = { value: defaults.port, origin: 'default', key: spec.port };

  // Django / Flask: EMAIL_USE_TLS is STARTTLS (required: an error when the server lacks it), EMAIL_USE_SSL implicit
  // TLS, neither means plaintext: these stacks never upgrade on their own. Python truthiness: 'False' is true.
  const tlsOp = get(spec.tls);
  const sslOp = get(spec.ssl);
  const tlsV = val(tlsOp);
  const sslV = val(sslOp);
  const on = (v: PyValue | undefined) => (v?.known ? pyTruthy(v.value) : undefined);
  let tls: Setting<TlsMode>;
  let tlsGuessed = false;
  if (sslOp && sslV && on(sslV) === true) tls = setting(sslOp, sslV, 'implicit');
  else if (tlsOp && tlsV && on(tlsV) === true) tls = setting(tlsOp, tlsV, 'starttls');
  else {
    const unknownFlag = (tlsOp && on(tlsV) === undefined) || (sslOp && on(sslV) === undefined);
    const missing = (!tlsOp || !sslOp) && !spec.defaults;
    tlsGuessed = !!unknownFlag || missing || (view.noDefaults && !tlsOp && !sslOp);
    tls =
      tlsOp && tlsV
        ? setting(tlsOp, tlsV, 'none')
        : sslOp && sslV
          ? setting(sslOp, sslV, 'none')
          : { value: 'none', origin: 'default', key: spec.tls };
  }

  const userOp = get(spec.user);
  const passOp = get(spec.pass);
  const userV = val(userOp);
  const passV = val(passOp);
  const user = userOp && userV?.known && typeof userV.value === 'string' && userV.value ? setting(userOp, userV, userV.value) : undefined;
  let password: Setting<SecretValue> | undefined;
  if (passOp && passV) {
    const kind: SecretValue['kind'] = !passV.known ? 'reference' : passV.value === '' || passV.value === null ? 'empty' : 'literal';
    password = { ...setting(passOp, passV, { kind, text: kind === 'literal' ? String(passV.value) : '' }), span: kind === 'reference' ? passV.span : (passV.source ?? passV.span) };
  }
  const auth = authSetting(spec, view, userOp, userV, passOp, passV, defaults !== undefined, val);

  const verifyDisabled: Setting<string>[] = [];
  const verifyOp = spec.ecosystem === 'fastapi-mail' ? get('VALIDATE_CERTS') : undefined;
  const verifyV = val(verifyOp);
  if (verifyOp && verifyV?.known && !pyTruthy(verifyV.value)) verifyDisabled.push({ ...setting(verifyOp, verifyV, `VALIDATE_CERTS=${src(text, verifyOp.valueNode)}`) });

  const anchorOp = [spec.host, spec.port, spec.tls, spec.ssl, 'EMAIL_BACKEND', spec.user, spec.pass].map(get).find((o) => o && view.own.includes(o)) ?? view.own[0];
  const anchor: Span = { start: anchorOp.keySpan.start, end: anchorOp.valueNode.to };

  return {
    label: `${spec.label}${view.label}`,
    ecosystem: spec.ecosystem,
    active,
    inactiveReason,
    host,
    port,
    tls,
    tlsGuessed,
    verifyDisabled,
    auth,
    user,
    password,
    anchor,
    edit: {
      setTransport: (p, mode) => flagTransportEdits(env, view, spec, val, p, mode),
      enableVerification: () => {
        const e = verifyV?.write?.(true);
        return e ? [e] : undefined;
      },
    },
  };
}

/**
 * Django and Flask-Mail log in only when both the user and the password are non-empty; fastapi-mail when
 * USE_CREDENTIALS is on. An empty value written in the file (or a missing key with defaults) means no AUTH;
 * an empty environment default does not count (the environment is expected to fill it).
 */
function authSetting(spec: FlagSpec, view: View, userOp: Op | undefined, userV: PyValue | undefined, passOp: Op | undefined, passV: PyValue | undefined, defaults: boolean, val: ValueFn): Setting<boolean> | undefined {
  if (spec.ecosystem === 'fastapi-mail') {
    const credOp = view.get('USE_CREDENTIALS');
    const cred = val(credOp);
    if (credOp && cred?.known) return setting(credOp, cred, pyTruthy(cred.value));
    return undefined;
  }
  const emptyLiteral = (op: Op | undefined, v: PyValue | undefined) => !!op && !!v?.known && v.origin === 'literal' && !pyTruthy(v.value);
  if (emptyLiteral(userOp, userV)) return setting(userOp!, userV!, false);
  if (emptyLiteral(passOp, passV) && userOp) return setting(passOp!, passV!, false);
  if (!defaults) return undefined;
  if (!userOp && !passOp) return { value: false, origin: 'default', key: spec.user };
  if (userOp && !passOp && userV?.known && pyTruthy(userV.value)) return { value: false, origin: 'default', key: spec.pass };
  if (userV?.known && passV?.known && pyTruthy(userV.value) && pyTruthy(passV.value)) return { ...setting(userOp!, userV, true) };
  return undefined;
}

function flagTransportEdits(env: Env, view: View, spec: FlagSpec, val: ValueFn, port: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const inserts = new Map<Op, NewEntry[]>();
  const insert = (anchor: Op, entry: NewEntry) => inserts.set(anchor, [...(inserts.get(anchor) ?? []), entry]);
  const lastOwn = view.own[view.own.length - 1];
  const ownOr = (op: Op | undefined) => (op && view.own.includes(op) ? op : undefined);

  const portOp = view.get(spec.port);
  const portV = val(portOp);
  let portAnchor: Op | undefined = ownOr(portOp);
  if (portOp && portV) {
    if (!(portV.known && portValue(portV) === port)) {
      const e = portV.write?.(port);
      if (e) edits.push(e);
      else if (portV.known) return undefined; // a known port we cannot rewrite: no half fix
    }
  } else {
    portAnchor = ownOr(view.get(spec.host)) ?? lastOwn;
    insert(portAnchor, { key: spec.port, value: String(port) });
  }
  const [onKey, offKey] = mode === 'starttls' ? [spec.tls, spec.ssl] : [spec.ssl, spec.tls];
  const onOp = view.get(onKey);
  const onV = val(onOp);
  if (onOp && onV) {
    if (!(onV.known && pyTruthy(onV.value))) {
      const e = onV.write?.(true);
      if (!e) return undefined;
      edits.push(e);
    }
  } else {
    insert(portAnchor ?? lastOwn, { key: onKey, value: 'True' });
  }
  const offOp = view.get(offKey);
  const offV = val(offOp);
  if (offOp && offV && !(offV.known && !pyTruthy(offV.value))) {
    const e = offV.write?.(false);
    if (!e) return undefined;
    edits.push(e);
  }
  for (const [anchor, entries] of inserts) edits.push(insertAfter(env.text, env.index, env.eol, anchor, entries));
  return edits.length ? edits : undefined;
}

// ---- Email URLs (django-environ env.email_url(), dj-email-url) -------------------------------------------------

function emailUrlProfile(env: Env, call: SyntaxNode, kind: 'environ' | 'dj-email-url', secrets: string[]): MailProfile | undefined {
  const { text } = env;
  const args = argsOf(text, call.getChild('ArgList'));
  const callee = compact(text, call.firstChild);
  const positional = args.filter((a) => !a.name);
  let urlNode: SyntaxNode | undefined;
  let reference: string | undefined;
  let origin: 'literal' | 'fallback' = 'fallback';
  if (kind === 'environ') {
    const varName = positional[0]?.value.name === 'String' ? parseString(text, positional[0].value)?.value : 'EMAIL_URL';
    urlNode = (args.find((a) => a.name === 'default') ?? positional[1])?.value;
    reference = `${callee}('${varName ?? 'EMAIL_URL'}')`;
  } else if (callee.endsWith('.parse')) {
    urlNode = positional[0]?.value;
    origin = 'literal';
  } else {
    const varName = args.find((a) => a.name === 'env')?.value;
    urlNode = args.find((a) => a.name === 'default')?.value;
    reference = `${callee}('${varName ? (parseString(text, varName)?.value ?? 'EMAIL_URL') : 'EMAIL_URL'}')`;
  }
  const str = urlNode?.name === 'String' ? parseString(text, urlNode) : undefined;
  if (!str || str.escaped) return undefined;
  const [ep] = parseDsn(text, str.inner.start, str.inner.end);
  if (!ep) return undefined;
  if (ep.password?.value) secrets.push(ep.password.value, text.slice(ep.password.span.start, ep.password.span.end));
  const key = kind === 'environ' ? 'EMAIL_URL' : 'dj-email-url';
  const scheme = ep.scheme.value;
  const param = (name: string) => ep.params.find((p) => p.name.value.toLowerCase() === name.toLowerCase());
  const queryOn = (p: { value: { value: string } } | undefined) => !!p && p.value.value !== '' && p.value.value !== '0';
  let mode: TlsMode;
  let smtp: boolean;
  let defaultPort = 25;
  if (kind === 'environ') {
    smtp = ['smtp', 'smtps', 'smtp+tls', 'smtp+ssl'].includes(scheme);
    // django-environ: smtps and smtp+tls both set EMAIL_USE_TLS (STARTTLS); smtp+ssl sets EMAIL_USE_SSL.
    const ssl = scheme === 'smtp+ssl' || queryOn(param('EMAIL_USE_SSL'));
    const tls = scheme === 'smtps' || scheme === 'smtp+tls' || queryOn(param('EMAIL_USE_TLS'));
    mode = ssl ? 'implicit' : tls ? 'starttls' : 'none';
  } else {
    smtp = ['smtp', 'smtps', 'submission', 'submit'].includes(scheme);
    if (scheme === 'submission' || scheme === 'submit') defaultPort = 587;
    const ssl = /^true$/i.test(param('ssl')?.value.value ?? '');
    const tls = scheme !== 'smtp' || /^true$/i.test(param('tls')?.value.value ?? '');
    mode = ssl ? 'implicit' : tls ? 'starttls' : 'none';
  }
  const portText = ep.port?.value;
  const port: Setting<number | string> = ep.port && portText
    ? { value: /^\d{1,9}$/.test(portText) ? Number(portText) : portText, origin, key, span: ep.port.span, reference }
    : { value: mode === 'implicit' ? 465 : defaultPort, origin: 'implied', key: `${key} (no port)`, span: ep.host?.span ?? ep.scheme.span };
  const pw = ep.password;
  return {
    label: kind === 'environ' ? `${callee}() URL` : `${callee}() URL`,
    ecosystem: 'django',
    active: smtp,
    inactiveReason: smtp ? undefined : `${key} uses the "${scheme}" backend, which does not send mail over SMTP`,
    host: ep.host ? { value: ep.host.value, origin, key, span: ep.host.span, reference } : undefined,
    port,
    tls: { value: mode, origin, key, span: ep.scheme.span, reference },
    verifyDisabled: [],
    user: ep.user ? { value: ep.user.value, origin, key: `${key} user`, span: ep.user.span } : undefined,
    password: pw ? { value: { kind: pw.value ? 'literal' : 'empty', text: pw.value }, origin, key: `${key} password`, span: pw.span } : undefined,
    auth: ep.user ? undefined : { value: false, origin, key: `${key} (no user)`, span: ep.host?.span ?? ep.scheme.span, reference },
    anchor: ep.span,
    edit: { setTransport: kind === 'environ' ? (p, m) => environUrlEdits(ep, p, m) : undefined },
  };
}

function environUrlEdits(ep: DsnEndpoint, port: number, mode: 'starttls' | 'implicit'): TextEdit[] {
  return dsnTransportEdits(ep, mode === 'implicit' ? 'smtp+ssl' : 'smtp+tls', port);
}

// ---- Custom Django email backends with certificate checks off --------------------------------------------------

function backendProfile(env: Env, cls: SyntaxNode): MailProfile | undefined {
  const { text } = env;
  const switches: Setting<string>[] = [];
  const cursor = cls.cursor();
  do {
    if (cursor.name === 'AssignStatement') {
      const parts = kids(cursor.node);
      const target = parts[0];
      const value = parts[parts.length - 1];
      const attr = target?.name === 'MemberExpression' ? src(text, target.lastChild) : '';
      const v = compact(text, value);
      if (attr === 'check_hostname' && v === 'False') {
        switches.push({ value: 'check_hostname = False', origin: 'literal', key: 'ssl_context.check_hostname', span: spanOf(value), keySpan: spanOf(target), reference: 'True' });
      } else if (attr === 'verify_mode' && /^(ssl\.)?CERT_NONE$/.test(v)) {
        switches.push({ value: 'verify_mode = CERT_NONE', origin: 'literal', key: 'ssl_context.verify_mode', span: spanOf(value), keySpan: spanOf(target), reference: v.replace('CERT_NONE', 'CERT_REQUIRED') });
      }
    } else if (cursor.name === 'CallExpression' && /^(ssl\.)?_create_unverified_context$/.test(compact(text, cursor.node.firstChild))) {
      const callee = cursor.node.firstChild!;
      const name = compact(text, callee);
      switches.push({ value: `${name}()`, origin: 'literal', key: 'ssl context', span: spanOf(callee), reference: name.replace('_create_unverified_context', 'create_default_context') });
    }
  } while (cursor.next() && cursor.from < cls.to);
  if (switches.length === 0) return undefined;
  const name = src(text, cls.getChild('VariableName'));
  return {
    label: `email backend ${name}`,
    ecosystem: 'django',
    active: true,
    tls: { value: 'starttls', origin: 'default', key: 'EMAIL_USE_TLS' },
    tlsGuessed: true,
    verifyDisabled: switches,
    anchor: spanOf(cls.getChild('VariableName') ?? cls),
    edit: {
      // The backend's switch goes back to the verifying value: True, CERT_REQUIRED, create_default_context.
      enableVerification: (sw) => (sw.span && sw.reference ? [{ ...sw.span, newText: sw.reference }] : undefined),
    },
  };
}

// ---- Secrets and duplicates -----------------------------------------------------------------------------------

/** String literals assigned to secret-looking names anywhere at module or class level (SECRET_KEY, API tokens). */
function otherSecrets(env: Env): string[] {
  const out: string[] = [];
  const re = /^[A-Za-z_]*(PASSWORD|PASSWD|SECRET|SECRET_KEY|TOKEN|API_KEY|APIKEY)$/i;
  for (const m of env.text.matchAll(/^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*(['"])([^'"\\\r\n]{3,})\2/gm)) {
    if (re.test(m[1])) out.push(m[3]);
  }
  return out;
}

function duplicates(env: Env): DuplicateSetting[] {
  const out: DuplicateSetting[] = [];
  const groups = new Map<string, Op[]>();
  for (const op of env.collected.ops) {
    if (op.container.kind !== 'assign' || !MAIL_KEY.test(op.key)) continue;
    const id = `${op.scope}\u0000${op.key}\u0000${op.path.map((c) => `${c.id}:${c.branch}`).join('/')}`;
    groups.set(id, [...(groups.get(id) ?? []), op]);
  }
  for (const list of groups.values()) {
    if (list.length < 2) continue;
    const winner = list[list.length - 1];
    for (const loser of list.slice(0, -1)) {
      // `EMAIL_PORT = int(EMAIL_PORT)` builds on the earlier value: not a duplicate.
      if (new RegExp(`\\b${loser.key}\\b`).test(src(env.text, winner.valueNode))) continue;
      const stmt = loser.container.kind === 'assign' ? loser.container.statement : undefined;
      const removal = stmt ? removeStatement(env.text, env.index, stmt.from, stmt.to) : undefined;
      out.push({
        key: loser.key,
        winner: { start: winner.keySpan.start, end: winner.valueNode.to },
        loser: { start: loser.keySpan.start, end: loser.valueNode.to },
        rule: 'the last assignment wins (Python)',
        removal: removal ? [removal] : [],
      });
    }
  }
  return out;
}
