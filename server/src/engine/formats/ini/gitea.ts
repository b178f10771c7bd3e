// Gitea / Forgejo `app.ini` `[mailer]` (modules/setting/mailer.go). Keys are case-sensitive (go-ini).
// - ENABLED (default false) switches the mailer on.
// - PROTOCOL: smtp (no TLS at all, not even opportunistic), smtps (implicit TLS), smtp+starttls (STARTTLS required),
//   smtp+unix (local socket), sendmail, dummy; any other value counts as empty. Empty: inferred from SMTP_PORT
//   (25 → smtp, 465 → smtps, 587 → smtp+starttls, anything else → smtps) or smtp+unix for a socket path.
// - SMTP_PORT empty: inferred from PROTOCOL (25 / 465 / 587).
// - Legacy keys, still mapped when the new one is absent: HOST = host:port (→ SMTP_ADDR/SMTP_PORT),
//   IS_TLS_ENABLED (true → smtps, false → smtp+starttls), SKIP_VERIFY (→ FORCE_TRUST_SERVER_CERT), MAILER_TYPE.
// - Authentication happens when USER is set.
import { boolInStyle } from '../../env/values';
import type { MailProfile, SecretValue, Setting, SymbolRole, TextEdit, TlsMode } from '../../model';
import { literal, portValue } from '../lines';
import { goIniBool, sectionEntries, type IniDocument } from './parse';
import { goIniSection } from './go-ini-section';
import type { DialectResult } from './types';
import { mergeInsertions } from './writer';
import { keyTable } from '../../key-table';

const ECOSYSTEM = 'gitea';
const SECTION = 'mailer';
const PROTOCOLS = new Set(['smtp', 'smtps', 'smtp+starttls', 'smtp+unix', 'sendmail', 'dummy']);
const KEYS: Record<string, SymbolRole> = keyTable({
  ENABLED: 'mailer', PROTOCOL: 'tls', MAILER_TYPE: 'mailer', IS_TLS_ENABLED: 'tls',
  SMTP_ADDR: 'host', HOST: 'host', SMTP_PORT: 'port',
  USER: 'user', PASSWD: 'password',
  FORCE_TRUST_SERVER_CERT: 'verify', SKIP_VERIFY: 'verify',
  SENDMAIL_PATH: 'other', FROM: 'other',
});
/** Keys only Gitea's mailer uses: they tell its `[mailer]` apart from another app's section of the same name. */
const GITEA_ONLY = ['PROTOCOL', 'SMTP_ADDR', 'SMTP_PORT', 'PASSWD', 'IS_TLS_ENABLED', 'MAILER_TYPE', 'FORCE_TRUST_SERVER_CERT', 'SKIP_VERIFY', 'ENVELOPE_FROM', 'SENDMAIL_PATH', 'SEND_AS_PLAIN_TEXT', 'HELO_HOSTNAME'];

export function looksLikeGitea(doc: IniDocument, name: string): boolean {
  const mailer = sectionEntries(doc, SECTION);
  if (!doc.sections.some((s) => s.name === SECTION)) return false;
  if (mailer.some((e) => GITEA_ONLY.includes(e.key))) return true;
  return /^app(\.example)?\.ini$/i.test(name) || doc.sections.some((s) => ['repository', 'oauth2', 'service', 'security'].includes(s.name));
}

/**
 * Go's net.SplitHostPort, loosely: `host:port`, `[v6]:port`, or a host without a port. `portCanFollow` is false when
 * the host has no end SplitHostPort would find (an IPv6 `[` never closed, text after its `]`, a bare IPv6 address):
 * a `:port` appended there would read as part of the host.
 */
function splitHostPort(value: string): { host: string; hostStart: number; hostEnd: number; port?: string; portStart?: number; portCanFollow: boolean } {
  const v = value;
  if (v.startsWith('[')) {
    const close = v.indexOf(']');
    if (close > 0) {
      const port = v[close + 1] === ':' ? v.slice(close + 2) : undefined;
      const portCanFollow = port !== undefined || close + 1 === v.length;
      return { host: v.slice(1, close), hostStart: 1, hostEnd: close, port, portStart: port !== undefined ? close + 2 : undefined, portCanFollow };
    }
  }
  const colon = v.lastIndexOf(':');
  if (colon >= 0 && v.indexOf(':') === colon) return { host: v.slice(0, colon), hostStart: 0, hostEnd: colon, port: v.slice(colon + 1), portStart: colon + 1, portCanFollow: true };
  return { host: v, hostStart: 0, hostEnd: v.length, portCanFollow: !v.startsWith('[') && colon < 0 };
}

export function giteaProfiles(text: string, doc: IniDocument): DialectResult {
  const { writer, get, symbols, duplicates, headerSpan } = goIniSection(text, doc, SECTION, KEYS, ECOSYSTEM);
  const secrets: string[] = [];

  const enabledEntry = get('ENABLED');
  const enabled = enabledEntry ? goIniBool(enabledEntry.value) === true : false;

  // ---- address and port (SMTP_ADDR/SMTP_PORT, or the legacy HOST when SMTP_ADDR is absent) ----
  const addrEntry = get('SMTP_ADDR');
  const legacyHost = !addrEntry ? get('HOST') : undefined;
  const portEntry = get('SMTP_PORT');
  let host: Setting<string> | undefined;
  let port: Setting<number | string> | undefined;
  let legacyPort: { start: number; end: number } | undefined;
  let legacyPortCanFollow = true;
  if (addrEntry) {
    const a = addrEntry.value.trim();
    host = a ? literal(a, 'SMTP_ADDR', addrEntry.valueSpan, addrEntry.keySpan) : undefined;
  } else if (legacyHost) {
    const split = splitHostPort(legacyHost.value);
    const base = legacyHost.valueSpan.start;
    const h = split.host || '127.0.0.1';
    host = { ...literal(h, 'HOST', { start: base + split.hostStart, end: base + split.hostEnd }, legacyHost.keySpan) };
    legacyPortCanFollow = split.portCanFollow;
    // `host:` with nothing after the colon: the port goes there (appending `:587` would make `host::587`).
    if (split.port !== undefined) legacyPort = { start: base + split.portStart!, end: base + split.portStart! + split.port.length };
    if (split.port) port = literal(portValue(split.port), 'HOST', legacyPort!, legacyHost.keySpan);
  }
  if (portEntry && portEntry.value.trim()) port = literal(portValue(portEntry.value), 'SMTP_PORT', portEntry.valueSpan, portEntry.keySpan);
  // No address: Go dials ":port", which is this machine.
  if (!host && !legacyHost) host = { value: 'localhost', origin: 'default', key: 'SMTP_ADDR' };

  // ---- protocol ----
  const protocolEntry = get('PROTOCOL');
  const tlsKeyEntry = !protocolEntry ? get('IS_TLS_ENABLED') : undefined;
  let protocol = '';
  let protocolSetting: Omit<Setting<TlsMode>, 'value'> | undefined;
  if (protocolEntry) {
    const p = protocolEntry.value.trim() === 'smtp+startls' ? 'smtp+starttls' : protocolEntry.value.trim();
    protocol = PROTOCOLS.has(p) ? p : '';
    if (protocol) protocolSetting = literal(undefined, 'PROTOCOL', protocolEntry.valueSpan, protocolEntry.keySpan);
  } else if (get('MAILER_TYPE')?.value.trim() === 'sendmail') {
    protocol = 'sendmail';
  } else if (tlsKeyEntry) {
    protocol = goIniBool(tlsKeyEntry.value) === true ? 'smtps' : 'smtp+starttls';
    protocolSetting = literal(undefined, 'IS_TLS_ENABLED', tlsKeyEntry.valueSpan, tlsKeyEntry.keySpan);
  }
  if (!port && protocol) {
    const inferred = protocol === 'smtp' ? 25 : protocol === 'smtps' ? 465 : protocol === 'smtp+starttls' ? 587 : undefined;
    if (inferred) port = { value: inferred, origin: 'implied', key: protocolSetting?.key ?? 'PROTOCOL' };
  }
  if (!protocol) {
    if (host && /[\\/]/.test(host.value)) protocol = 'smtp+unix';
    else {
      const p = port ? String(port.value) : '';
      protocol = p === '25' ? 'smtp' : p === '587' ? 'smtp+starttls' : 'smtps'; // 465 and anything else: smtps
      // Reported where the port that implies it is written.
      protocolSetting = port
        ? { origin: 'implied', key: port.key === 'HOST' ? 'the port in HOST' : port.key, keySpan: port.keySpan }
        : { origin: 'default', key: 'PROTOCOL' };
      if (!port) port = { value: 465, origin: 'default', key: 'SMTP_PORT' };
    }
  }

  const mode: TlsMode = protocol === 'smtp' ? 'none' : protocol === 'smtps' ? 'implicit' : 'starttls';
  const tls: Setting<TlsMode> = { ...(protocolSetting ?? { origin: 'default', key: 'PROTOCOL' }), value: mode };

  let inactiveReason: string | undefined;
  if (!enabled) inactiveReason = enabledEntry ? `ENABLED is "${enabledEntry.value}" in [mailer]` : 'the mailer is off: [mailer] has no ENABLED = true';
  else if (protocol === 'sendmail' || protocol === 'dummy') inactiveReason = `PROTOCOL is ${protocol}, which does not send over SMTP`;
  if (protocol === 'smtp+unix' && host) host = { ...host, value: host.value.startsWith('/') ? host.value : `/${host.value}` };

  // ---- certificate checks ----
  const verifyDisabled: Setting<string>[] = [];
  const force = get('FORCE_TRUST_SERVER_CERT');
  const skip = !force ? get('SKIP_VERIFY') : undefined;
  const verifySwitch = force ?? skip;
  if (verifySwitch && goIniBool(verifySwitch.value) === true) {
    verifyDisabled.push(literal(`${verifySwitch.key} = ${verifySwitch.value}`, verifySwitch.key, verifySwitch.valueSpan, verifySwitch.keySpan));
  }

  // ---- credentials ----
  const userEntry = get('USER');
  const user = userEntry?.value.trim() ? literal(userEntry.value.trim(), 'USER', userEntry.valueSpan, userEntry.keySpan) : undefined;
  const auth: Setting<boolean> = user ? { ...user, value: true } : { value: false, origin: 'default', key: 'USER' };
  const pwEntry = get('PASSWD');
  let password: Setting<SecretValue> | undefined;
  if (pwEntry) {
    const kind: SecretValue['kind'] = pwEntry.value === '' ? 'empty' : 'literal';
    password = literal({ kind, text: kind === 'literal' ? pwEntry.value : '' }, 'PASSWD', pwEntry.valueSpan, pwEntry.keySpan);
    if (kind === 'literal') secrets.push(pwEntry.value);
  }

  const anchorEntry = enabledEntry ?? addrEntry ?? legacyHost ?? protocolEntry;
  const anchor = anchorEntry ? anchorEntry.span : headerSpan!;

  const setTransport = (newPort: number, newMode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
    const edits: (TextEdit | undefined)[] = [];
    const insertAnchor = addrEntry ?? legacyHost ?? protocolEntry ?? enabledEntry;
    const pending: { key: string; value: string }[] = [];
    // The encryption, in the vocabulary the file already uses.
    const wanted = newMode === 'starttls' ? 'smtp+starttls' : 'smtps';
    if (protocolEntry) edits.push(writer.replaceValue(protocolEntry, wanted));
    else if (tlsKeyEntry) edits.push(writer.replaceValue(tlsKeyEntry, boolInStyle(newMode === 'implicit', tlsKeyEntry.value)));
    else if (legacyHost) pending.push({ key: 'IS_TLS_ENABLED', value: newMode === 'implicit' ? 'true' : 'false' });
    else pending.push({ key: 'PROTOCOL', value: wanted });
    // The port: SMTP_PORT when written, else the port inside a legacy HOST, else a new SMTP_PORT.
    if (portEntry) edits.push(writer.replaceValue(portEntry, String(newPort)));
    else if (legacyHost && legacyPort) edits.push({ ...legacyPort, newText: String(newPort) });
    else if (legacyHost && !legacyPortCanFollow) return undefined; // no end to put a port after: no half fix
    else if (legacyHost) edits.push({ start: legacyHost.valueSpan.end, end: legacyHost.valueSpan.end, newText: `:${newPort}` });
    else pending.push({ key: 'SMTP_PORT', value: String(newPort) });
    if (pending.length) {
      edits.push(insertAnchor ? writer.insertAfter(insertAnchor, pending) : headerSpan ? writer.insertAfterHeader(headerSpan, pending) : undefined);
    }
    const list = mergeInsertions(edits);
    return list.length ? list : undefined;
  };

  const profile: MailProfile = {
    label: 'Gitea/Forgejo [mailer]',
    ecosystem: ECOSYSTEM,
    active: inactiveReason === undefined,
    inactiveReason,
    host,
    port,
    tls,
    verifyDisabled,
    auth,
    user,
    password,
    anchor,
    edit: {
      setTransport,
      enableVerification: (sw) => {
        const entry = sw.key === 'FORCE_TRUST_SERVER_CERT' ? force : skip;
        const edit = entry ? writer.replaceValue(entry, boolInStyle(false, entry.value)) : undefined;
        return edit ? [edit] : undefined;
      },
    },
  };
  return { profiles: [profile], symbols, duplicates, secrets };
}
