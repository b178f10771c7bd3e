// Prometheus Alertmanager `alertmanager.yml`: `global.smtp_*` and each receiver's `email_configs[]` (which inherit
// every unset field from global). Semantics from notify/email/email.go:
// - `smarthost` is `host:port` (the port is mandatory);
// - implicit TLS when `force_implicit_tls` is true, or when it is unset and the port is 465 (recent versions);
// - otherwise `require_tls` (default true) means STARTTLS is required; false means no STARTTLS at all;
// - AUTH only when `auth_username` is set;
// - `tls_config` (or global `smtp_tls_config`, used when the receiver has none) `insecure_skip_verify: true`
//   disables certificate checks.
// Other receivers (webhook_configs, slack_configs, ...) are never read.
import { isMap, isSeq, type Scalar } from 'yaml';
import type { MailProfile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { insertIntoMap, isScalarNode, keyText, mapAt, pairOf, replaceScalar, scalarEditable, scalarInnerSpan, scalarString, type YMap, type YPair, type YamlFile } from './yaml-doc';

export const ALERTMANAGER_SNIFF = /smtp_smarthost|email_configs/;

const FIELDS = ['smarthost', 'auth_username', 'auth_password', 'auth_password_file', 'require_tls', 'force_implicit_tls', 'tls_config'] as const;
type Field = (typeof FIELDS)[number];
/** Fields that change how the connection is made (not only which credentials it sends). */
const CONNECTION: Field[] = ['smarthost', 'require_tls', 'force_implicit_tls', 'tls_config', 'auth_username'];

const ROLES: Record<Field, SymbolRole> = {
  smarthost: 'host',
  auth_username: 'user',
  auth_password: 'password',
  auth_password_file: 'password',
  require_tls: 'tls',
  force_implicit_tls: 'tls',
  tls_config: 'verify',
};

export interface AlertmanagerResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  recognised: boolean;
}

interface Scope {
  map: YMap;
  /** `smtp_` for global, '' for an email config. */
  prefix: string;
  label: string;
}

interface Found {
  pair: YPair;
  scope: Scope;
  inherited: boolean;
  /** The key as written: `smtp_smarthost`, `require_tls`. */
  key: string;
}

const isTrue = (v: string | undefined) => v?.trim().toLowerCase() === 'true';
const isFalse = (v: string | undefined) => v?.trim().toLowerCase() === 'false';

/** `host:port`, `[v6]:port` → parts with offsets relative to the start of `raw`. */
function splitHostPort(raw: string): { host: string; hostAt: number; port?: string; portAt?: number } {
  if (raw.startsWith('[')) {
    const close = raw.indexOf(']');
    if (close > 0) {
      const port = raw[close + 1] === ':' ? raw.slice(close + 2) : undefined;
      return { host: raw.slice(1, close), hostAt: 1, port, portAt: port !== undefined ? close + 2 : undefined };
    }
  }
  const colon = raw.lastIndexOf(':');
  if (colon < 0) return { host: raw, hostAt: 0 };
  return { host: raw.slice(0, colon), hostAt: 0, port: raw.slice(colon + 1), portAt: colon + 1 };
}

export function alertmanagerProfiles(file: YamlFile): AlertmanagerResult {
  const result: AlertmanagerResult = { profiles: [], symbols: [], secrets: [], recognised: false };
  for (const doc of file.docs) {
    const root = doc.contents;
    if (!isMap(root)) continue;
    const globalMap = mapAt(root, 'global');
    const global: Scope | undefined = globalMap ? { map: globalMap, prefix: 'smtp_', label: 'Alertmanager global smtp_* settings' } : undefined;
    const emailScopes: Scope[] = [];
    const receivers = pairOf(root, 'receivers')?.value;
    if (isSeq(receivers)) {
      for (const receiver of receivers.items) {
        if (!isMap(receiver)) continue;
        const name = scalarString(file, pairOf(receiver, 'name')?.value) ?? 'receiver';
        const configs = pairOf(receiver, 'email_configs')?.value;
        if (!isSeq(configs)) continue;
        configs.items.forEach((config, i) => {
          if (isMap(config)) emailScopes.push({ map: config, prefix: '', label: `Alertmanager receiver "${name}" email_configs[${i}]` });
        });
      }
    }
    const own = (scope: Scope, field: Field): Found | undefined => {
      const pair = pairOf(scope.map, scope.prefix + field);
      return pair ? { pair, scope, inherited: false, key: scope.prefix + field } : undefined;
    };
    const hasGlobalSmtp = global && own(global, 'smarthost');
    if (global) symbolsOf(global, result.symbols);
    for (const s of emailScopes) symbolsOf(s, result.symbols);
    if (!hasGlobalSmtp && emailScopes.length === 0) continue;
    result.recognised = true;

    if (global && hasGlobalSmtp) {
      const p = buildProfile(file, global, (f) => own(global, f), undefined, result);
      if (p) result.profiles.push(p);
    }
    for (const scope of emailScopes) {
      const written = FIELDS.filter((f) => own(scope, f));
      if (written.length === 0) continue; // everything comes from global, judged there
      const lookup = (f: Field): Found | undefined => {
        const mine = own(scope, f);
        if (mine) return mine;
        const g = global ? own(global, f) : undefined;
        return g ? { ...g, inherited: true } : undefined;
      };
      const onlyCredentials = hasGlobalSmtp && !written.some((f) => CONNECTION.includes(f));
      const p = buildProfile(file, scope, lookup, onlyCredentials ? 'this email config only changes the password; its connection is the global one' : undefined, result);
      if (p) result.profiles.push(p);
    }
  }
  return result;
}

function symbolsOf(scope: Scope, out: SettingSymbol[]): void {
  for (const pair of scope.map.items) {
    const k = keyText(pair);
    if (!k || !k.startsWith(scope.prefix)) continue;
    const field = k.slice(scope.prefix.length) as Field;
    if (!FIELDS.includes(field) || !isScalarNode(pair.key)) continue;
    const keyNode = pair.key;
    const value = pair.value;
    out.push({
      key: k,
      role: ROLES[field],
      ecosystem: 'alertmanager',
      keySpan: { start: keyNode.range?.[0] ?? 0, end: keyNode.range?.[1] ?? 0 },
      valueSpan: isScalarNode(value) ? scalarInnerSpan(value) : undefined,
    });
  }
}

function buildProfile(
  file: YamlFile,
  scope: Scope,
  lookup: (f: Field) => Found | undefined,
  inactiveReason: string | undefined,
  result: AlertmanagerResult,
): MailProfile | undefined {
  const scalarOf = (f: Found | undefined): Scalar | undefined => (f && isScalarNode(f.pair.value) ? f.pair.value : undefined);
  const valueOf = (f: Found | undefined) => scalarString(file, scalarOf(f));
  const keyOf = (f: Found) => (f.inherited ? `global ${f.key}` : f.key);
  const setting = <T>(f: Found, value: T, span?: Span): Setting<T> =>
    f.inherited
      ? { value, origin: 'implied', key: keyOf(f) }
      : { value, origin: 'literal', key: f.key, span: span ?? (scalarOf(f) ? scalarInnerSpan(scalarOf(f)!) : undefined), keySpan: keySpanOf(f.pair) };

  // Host and port from smarthost.
  const hostF = lookup('smarthost');
  const hostScalar = scalarOf(hostF);
  const smarthost = valueOf(hostF)?.trim();
  let host: Setting<string> | undefined;
  let port: Setting<number | string> | undefined;
  let hostPort: ReturnType<typeof splitHostPort> | undefined;
  let base = 0;
  let spansOk = false;
  if (hostF && hostScalar && smarthost) {
    const inner = scalarInnerSpan(hostScalar);
    const raw = file.text.slice(inner.start, inner.end);
    spansOk = raw === smarthost && scalarEditable(file, hostScalar);
    base = inner.start;
    hostPort = splitHostPort(smarthost);
    if (hostPort.host && !hostPort.host.includes('$')) {
      host = setting(hostF, hostPort.host, spansOk ? { start: base + hostPort.hostAt, end: base + hostPort.hostAt + hostPort.host.length } : undefined);
    }
    if (hostPort.port !== undefined && hostPort.port !== '' && !hostPort.port.includes('$')) {
      const t = hostPort.port;
      port = setting(hostF, /^\d{1,9}$/.test(t) ? Number(t) : t, spansOk ? { start: base + hostPort.portAt!, end: base + hostPort.portAt! + t.length } : undefined);
    }
  }

  // Encryption.
  const forceF = lookup('force_implicit_tls');
  const requireF = lookup('require_tls');
  const force = valueOf(forceF);
  let tls: Setting<TlsMode>;
  let tlsFromPort = false;
  if (forceF && isTrue(force)) tls = setting(forceF, 'implicit');
  else if (!(forceF && isFalse(force)) && port?.value === 465) {
    tls = { value: 'implicit', origin: 'implied', key: `${hostF ? keyOf(hostF) : 'smarthost'} (port 465)` };
    tlsFromPort = true;
  } else if (requireF && isFalse(valueOf(requireF))) tls = setting(requireF, 'none');
  else if (requireF) tls = setting(requireF, 'starttls');
  else tls = { value: 'starttls', origin: 'default', key: `${scope.prefix}require_tls` };
  // On 465 what keeps the connection from starting with TLS is the explicit `force_implicit_tls: false`.
  if (forceF && isFalse(force) && port?.value === 465) tls = setting(forceF, tls.value);

  // Credentials.
  const userF = lookup('auth_username');
  const username = valueOf(userF)?.trim();
  const auth: Setting<boolean> = userF
    ? setting(userF, Boolean(username))
    : { value: false, origin: 'default', key: `${scope.prefix}auth_username` };
  const passF = lookup('auth_password');
  const fileF = lookup('auth_password_file');
  let password: Setting<SecretValue> | undefined;
  if (passF) {
    const text = valueOf(passF) ?? '';
    const kind: SecretValue['kind'] = text === '' ? 'empty' : /^\$\{?[A-Za-z_]/.test(text) ? 'reference' : 'literal';
    password = setting(passF, { kind, text: kind === 'literal' ? text : '' });
    if (kind === 'literal' && text.length >= 3) result.secrets.push(text);
  } else if (fileF) {
    password = setting(fileF, { kind: 'reference', text: '' });
  }
  // An inherited password is judged (and reported) in the global settings, not again here.
  if (passF?.inherited || (!passF && fileF?.inherited)) password = password && { ...password, origin: 'literal', span: undefined };

  // Certificate checks: the receiver's tls_config replaces global smtp_tls_config as a whole.
  const tlsConfigF = lookup('tls_config');
  const verifyDisabled: Setting<string>[] = [];
  let skipPair: YPair | undefined;
  if (tlsConfigF && isMap(tlsConfigF.pair.value)) {
    skipPair = pairOf(tlsConfigF.pair.value, 'insecure_skip_verify');
    const v = skipPair && isScalarNode(skipPair.value) ? scalarString(file, skipPair.value) : undefined;
    if (skipPair && isTrue(v)) {
      const sw: Setting<string> = tlsConfigF.inherited
        ? { value: `global ${tlsConfigF.key}.insecure_skip_verify: true`, origin: 'implied', key: `global ${tlsConfigF.key}.insecure_skip_verify` }
        : {
            value: `${tlsConfigF.key}.insecure_skip_verify: true`,
            origin: 'literal',
            key: `${tlsConfigF.key}.insecure_skip_verify`,
            span: isScalarNode(skipPair.value) ? scalarInnerSpan(skipPair.value) : undefined,
            keySpan: keySpanOf(skipPair),
          };
      verifyDisabled.push(sw);
    }
  }

  const firstPair = hostF && !hostF.inherited ? hostF.pair : scope.map.items[0];
  const anchor: Span = firstPair ? pairSpan(firstPair) : { start: 0, end: 0 };

  /**
   * Set `field` in this scope: replace when written here, else add it next to smarthost. False when it is written
   * here in a way that cannot be rewritten in place (then no half fix is offered).
   */
  const setField = (field: Field, value: string, edits: TextEdit[], inserts: { rest: string; value: string }[]): boolean => {
    const f = lookup(field);
    const current = valueOf(f);
    if (current?.trim().toLowerCase() === value) return true;
    if (f && !f.inherited) {
      const s = scalarOf(f);
      if (!s || !scalarEditable(file, s)) return false;
      edits.push(replaceScalar(s, value));
      return true;
    }
    inserts.push({ rest: scope.prefix + field, value });
    return true;
  };

  return {
    label: scope.label,
    ecosystem: 'alertmanager',
    active: inactiveReason === undefined,
    inactiveReason,
    host,
    port,
    tls,
    tlsFromPort,
    verifyDisabled,
    auth,
    user: userF && username ? setting(userF, username) : undefined,
    password,
    anchor,
    edit: {
      setTransport: (p, mode) => {
        if (!hostF || !hostPort || !hostScalar) return undefined;
        const edits: TextEdit[] = [];
        const inserts: { rest: string; value: string }[] = [];
        if (!hostF.inherited) {
          if (!spansOk) return undefined;
          if (hostPort.portAt !== undefined) {
            if (hostPort.port !== String(p)) edits.push({ start: base + hostPort.portAt, end: base + hostPort.portAt + (hostPort.port ?? '').length, newText: String(p) });
          } else edits.push({ start: base + smarthost!.length, end: base + smarthost!.length, newText: `:${p}` });
        } else if (port?.value !== p) {
          const quote = file.text[hostScalar.range?.[0] ?? 0];
          const q = quote === "'" || quote === '"' ? quote : '';
          const hostText = smarthost!.startsWith('[') ? `[${hostPort.host}]` : hostPort.host;
          inserts.push({ rest: 'smarthost', value: `${q}${hostText}:${p}${q}` });
        }
        if (mode === 'starttls') {
          if (isTrue(force) && !setField('force_implicit_tls', 'false', edits, inserts)) return undefined;
          if (requireF && isFalse(valueOf(requireF)) && !setField('require_tls', 'true', edits, inserts)) return undefined;
        } else if (forceF && isFalse(force) && !setField('force_implicit_tls', 'true', edits, inserts)) {
          return undefined;
        }
        const after = hostF.inherited ? undefined : hostF.pair;
        if (inserts.length) {
          const inserted = insertIntoMap(file, scope.map, inserts, after);
          if (inserted.length === 0) return undefined; // no clean place for them: no half fix
          edits.push(...inserted);
        }
        return edits.length ? edits : undefined;
      },
      enableVerification: () => {
        if (!tlsConfigF || tlsConfigF.inherited || !skipPair || !isScalarNode(skipPair.value) || !scalarEditable(file, skipPair.value)) return undefined;
        return [replaceScalar(skipPair.value, 'false')];
      },
    },
  };
}

function keySpanOf(pair: YPair): Span | undefined {
  if (!isScalarNode(pair.key)) return undefined;
  return { start: pair.key.range?.[0] ?? 0, end: pair.key.range?.[1] ?? 0 };
}

function pairSpan(pair: YPair): Span {
  const k = keySpanOf(pair) ?? { start: 0, end: 0 };
  const v = isScalarNode(pair.value) ? pair.value.range?.[1] ?? k.end : k.end;
  return { start: k.start, end: Math.max(k.end, v) };
}
