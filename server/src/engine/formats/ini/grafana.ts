// Grafana `grafana.ini` / `custom.ini` / `defaults.ini` `[smtp]` (pkg/services/notifications/smtp.go, go-mail).
// - enabled (default false) switches mail on.
// - host is `host:port` (default localhost:25); a host without a port fails when Grafana sends.
// - Implicit TLS exactly when the port is 465; otherwise startTLS_policy decides: OpportunisticStartTLS (default, and
//   any unknown value), MandatoryStartTLS, NoStartTLS.
// - skip_verify = true turns certificate checks off. Authentication happens when user is set.
// - Values may be `$__env{VAR}`, `$__file{path}` or `$__vault{…}` expansions: references, not literals.
import { boolInStyle } from '../../env/values';
import type { MailProfile, SecretValue, Setting, SymbolRole, TextEdit, TlsMode } from '../../model';
import { literal, portValue } from '../lines';
import { goIniBool, sectionEntries, type IniDocument } from './parse';
import { goIniSection } from './go-ini-section';
import type { DialectResult } from './types';
import { mergeInsertions } from './writer';
import { keyTable } from '../../key-table';

const ECOSYSTEM = 'grafana';
const SECTION = 'smtp';
const KEYS: Record<string, SymbolRole> = keyTable({
  enabled: 'mailer', host: 'host', user: 'user', password: 'password', skip_verify: 'verify', startTLS_policy: 'tls',
  cert_file: 'other', key_file: 'other', from_address: 'other', from_name: 'other', ehlo_identity: 'other',
});
const GRAFANA_ONLY = ['startTLS_policy', 'skip_verify', 'from_address', 'from_name', 'ehlo_identity', 'enable_tracing'];
const GRAFANA_SECTIONS = ['paths', 'grafana_net', 'grafana_com', 'unified_alerting', 'auth.anonymous', 'auth.basic', 'dashboards', 'panels', 'smtp.static_headers', 'alerting', 'users'];

export function looksLikeGrafana(doc: IniDocument, name: string, path: string): boolean {
  if (!doc.sections.some((s) => s.name === SECTION)) return false;
  if (/^grafana\.ini$/i.test(name) || /(^|[\\/])grafana[\\/]/i.test(path)) return true;
  if (sectionEntries(doc, SECTION).some((e) => GRAFANA_ONLY.includes(e.key))) return true;
  return doc.sections.some((s) => GRAFANA_SECTIONS.includes(s.name));
}

/** Grafana's config expansions and `${VAR}`: the value comes from elsewhere. */
const REFERENCE = /\$__(env|file|vault)\{[^}]*\}|\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

export function grafanaProfiles(text: string, doc: IniDocument): DialectResult {
  const { writer, get, symbols, duplicates, headerSpan } = goIniSection(text, doc, SECTION, KEYS, ECOSYSTEM);
  const secrets: string[] = [];

  const enabledEntry = get('enabled');
  const enabled = enabledEntry ? goIniBool(enabledEntry.value) === true : false;

  // ---- host:port ----
  const hostEntry = get('host');
  let host: Setting<string> | undefined = { value: 'localhost', origin: 'default', key: 'host' };
  let port: Setting<number | string> | undefined = { value: 25, origin: 'default', key: 'host' };
  let portSpan: { start: number; end: number } | undefined;
  // Where `:port` can be appended: false when the host has no end Go's SplitHostPort would find (an IPv6 `[` never
  // closed, text after its `]`, a bare IPv6 address): a port written there would read as part of the host.
  let portCanFollow = true;
  if (hostEntry) {
    const v = hostEntry.value.trim();
    const base = hostEntry.valueSpan.start + (hostEntry.value.length - hostEntry.value.trimStart().length);
    let h = v;
    let p: string | undefined;
    let pAt = -1;
    const close = v.startsWith('[') ? v.indexOf(']') : -1;
    if (close > 0) {
      h = v.slice(1, close);
      if (v[close + 1] === ':') {
        p = v.slice(close + 2);
        pAt = close + 2;
      } else if (close + 1 < v.length) portCanFollow = false;
    } else if (v.indexOf(':') >= 0 && v.indexOf(':') === v.lastIndexOf(':')) {
      h = v.slice(0, v.indexOf(':'));
      p = v.slice(v.indexOf(':') + 1);
      pAt = v.indexOf(':') + 1;
    } else if (v.startsWith('[') || v.includes(':')) {
      portCanFollow = false;
    }
    // An empty host dials this machine, as Go does with ":port".
    host = !h ? { value: 'localhost', origin: 'implied', key: 'host' } : REFERENCE.test(h) ? undefined : literal(h, 'host', { start: base, end: base + (close > 0 ? close + 1 : h.length) }, hostEntry.keySpan);
    if (p !== undefined && p !== '' && !REFERENCE.test(p)) {
      portSpan = { start: base + pAt, end: base + pAt + p.length };
      port = literal(portValue(p), 'host', portSpan, hostEntry.keySpan);
    } else {
      port = undefined; // no port (Grafana fails to send) or a reference: unknown
    }
  }

  // ---- TLS ----
  const policyEntry = get('startTLS_policy');
  const policy = policyEntry?.value.trim() ?? '';
  let tls: Setting<TlsMode>;
  if (port?.value === 465) {
    tls = { value: 'implicit', origin: 'implied', key: 'host', span: portSpan, keySpan: hostEntry?.keySpan };
  } else {
    const mode: TlsMode = policy === 'MandatoryStartTLS' ? 'starttls' : policy === 'NoStartTLS' ? 'none' : 'opportunistic';
    // Not written: reported on the host line, where the fix adds the policy.
    tls = policyEntry
      ? literal(mode, 'startTLS_policy', policyEntry.valueSpan, policyEntry.keySpan)
      : { value: mode, origin: 'default', key: 'startTLS_policy', keySpan: hostEntry?.keySpan };
  }

  const verifyDisabled: Setting<string>[] = [];
  const skipEntry = get('skip_verify');
  if (skipEntry && goIniBool(skipEntry.value) === true) {
    verifyDisabled.push(literal(`skip_verify = ${skipEntry.value}`, 'skip_verify', skipEntry.valueSpan, skipEntry.keySpan));
  }

  // ---- credentials ----
  const userEntry = get('user');
  const userText = userEntry?.value.trim() ?? '';
  const user = userEntry && userText ? literal(userText, 'user', userEntry.valueSpan, userEntry.keySpan) : undefined;
  const auth: Setting<boolean> = user ? { ...user, value: true } : { value: false, origin: 'default', key: 'user' };
  const pwEntry = get('password');
  let password: Setting<SecretValue> | undefined;
  if (pwEntry) {
    const kind: SecretValue['kind'] = pwEntry.value === '' ? 'empty' : REFERENCE.test(pwEntry.value) ? 'reference' : 'literal';
    password = literal({ kind, text: kind === 'literal' ? pwEntry.value : '' }, 'password', pwEntry.valueSpan, pwEntry.keySpan);
    if (kind === 'literal') secrets.push(pwEntry.value);
  }

  const inactiveReason = enabled ? undefined : enabledEntry ? `enabled is "${enabledEntry.value}" in [smtp]` : 'mail is off: [smtp] has no enabled = true';
  const anchorEntry = enabledEntry ?? hostEntry;

  const setTransport = (newPort: number, newMode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
    // A host from elsewhere ($__env{...}) without a written port: nothing here to change.
    const hostEnd = host?.span?.end;
    if (!hostEntry || (!portSpan && (hostEnd === undefined || !portCanFollow))) return undefined;
    const edits: (TextEdit | undefined)[] = [];
    edits.push(portSpan ? { ...portSpan, newText: String(newPort) } : { start: hostEnd!, end: hostEnd!, newText: `:${newPort}` });
    // Implicit TLS follows from port 465 alone; STARTTLS must be required explicitly.
    if (newMode === 'starttls') {
      edits.push(policyEntry ? writer.replaceValue(policyEntry, 'MandatoryStartTLS') : writer.insertAfter(hostEntry, [{ key: 'startTLS_policy', value: 'MandatoryStartTLS' }]));
    }
    const list = mergeInsertions(edits);
    return list.length ? list : undefined;
  };

  const profile: MailProfile = {
    label: 'Grafana [smtp]',
    ecosystem: ECOSYSTEM,
    active: inactiveReason === undefined,
    inactiveReason,
    host,
    port,
    tls,
    tlsFromPort: true,
    verifyDisabled,
    auth,
    user,
    password,
    anchor: anchorEntry ? anchorEntry.span : headerSpan!,
    edit: {
      setTransport,
      enableVerification: () => {
        const edit = skipEntry ? writer.replaceValue(skipEntry, boolInStyle(false, skipEntry.value)) : undefined;
        return edit ? [edit] : undefined;
      },
    },
  };
  return { profiles: [profile], symbols, duplicates, secrets };
}
