// Postfix main.cf: the relay Postfix hands outgoing mail to (`relayhost`) and how it protects that connection.
// - relayhost: `[host]:port` (brackets: no MX lookup), `host:port`, `[host]` or `host` (port 25), IPv6 as
//   `[2001:db8::1]:587` or `[ipv6:2001:db8::1]:587`, service names (`submission`). Several destinations (Postfix ≥ 3.5)
//   become one profile each. Empty: Postfix delivers straight to each recipient's MX on port 25, which is how MTAs
//   exchange mail: not a relay, nothing to judge.
// - smtp_tls_security_level: none | may (opportunistic, unverified) | encrypt (required, not verified) | dane (depends
//   on TLSA records in DNS) | dane-only | fingerprint | verify | secure (required and verified). Empty: the legacy
//   smtp_use_tls (may) / smtp_enforce_tls (required; verified unless smtp_tls_enforce_peername = no), else none.
// - smtp_tls_wrappermode = yes: implicit TLS (port 465), which Postfix only does with a level of encrypt or stronger.
// - smtp_sasl_auth_enable (default no): SMTP AUTH towards the relay; credentials live in smtp_sasl_password_maps.
// - smtp_tls_policy_maps: per-destination levels in a table we cannot see, so the level here may not apply.
import type { DuplicateSetting, Format, MailProfile, ParsedFile, SecretValue, Setting, SettingSymbol, SymbolRole, TextEdit, TlsMode } from '../../model';
import { insertLinesAfter, literal, portValue, removeLines } from '../lines';
import { basename } from '../path';
import { expand, lastDefinition, parseMainCf, postfixBool, type MainCf, type MainCfEntry } from './parse';
import { keyTable } from '../../key-table';

const ECOSYSTEM = 'postfix';
const KEYS: Record<string, SymbolRole> = keyTable({
  relayhost: 'host',
  smtp_tls_security_level: 'tls',
  smtp_use_tls: 'tls',
  smtp_enforce_tls: 'tls',
  smtp_tls_wrappermode: 'tls',
  smtp_tls_enforce_peername: 'verify',
  smtp_tls_CAfile: 'verify',
  smtp_tls_CApath: 'verify',
  smtp_tls_policy_maps: 'tls',
  smtp_sasl_auth_enable: 'auth',
  smtp_sasl_password_maps: 'password',
  smtp_sasl_security_options: 'auth',
});

/** Parameters every real main.cf has some of; a `main.cf` without any is another program's file. */
const POSTFIX_PARAM = /^(relayhost|myhostname|mydomain|myorigin|mydestination|mynetworks|inet_interfaces|inet_protocols|alias_maps|alias_database|compatibility_level|queue_directory|command_directory|daemon_directory|data_directory|mail_owner|mailbox_size_limit|recipient_delimiter|home_mailbox|biff|append_dot_mydomain|readme_directory|virtual_[a-z_]+|smtpd?_[a-z_]+|lmtp_[a-z_]+|tls_[a-z_]+|postscreen_[a-z_]+|milter_[a-z_]+|smtputf8_enable|maillog_file|transport_maps|relay_domains)$/;

const LEVELS_VERIFIED = new Set(['verify', 'secure', 'dane-only', 'fingerprint']);
const CA_FILE = '/etc/ssl/certs/ca-certificates.crt';

interface Destination {
  host: string;
  hostSpan: { start: number; end: number };
  port?: string;
  portSpan?: { start: number; end: number };
  /** The whole destination as written, and how to write it with another port. */
  span: { start: number; end: number };
  withPort(port: number): string;
}

/** Split relayhost's list (comma or whitespace separated) into destinations with their spans in the file. */
function destinations(raw: string, offset: number): Destination[] {
  const out: Destination[] = [];
  const re = /[^\s,]+/g;
  for (const m of raw.matchAll(re)) {
    const start = offset + (m.index ?? 0);
    const d = m[0];
    if (d.startsWith('[')) {
      const close = d.indexOf(']');
      if (close < 0) continue;
      const inner = d.slice(1, close);
      const hostOffset = /^ipv6:/i.test(inner) ? 5 : 0;
      const host = inner.slice(hostOffset);
      const port = d[close + 1] === ':' ? d.slice(close + 2) : undefined;
      out.push({
        host,
        hostSpan: { start: start + 1 + hostOffset, end: start + close },
        port: port || undefined,
        portSpan: port ? { start: start + close + 2, end: start + d.length } : undefined,
        span: { start, end: start + d.length },
        withPort: (p) => `[${inner}]:${p}`,
      });
    } else {
      const colon = d.indexOf(':');
      const single = colon > 0 && d.lastIndexOf(':') === colon;
      const host = single ? d.slice(0, colon) : d;
      const port = single ? d.slice(colon + 1) : undefined;
      out.push({
        host,
        hostSpan: { start, end: start + host.length },
        port: port || undefined,
        portSpan: port ? { start: start + colon + 1, end: start + d.length } : undefined,
        span: { start, end: start + d.length },
        // A smarthost wants no MX lookup: write it in brackets, the form postconf(5) recommends for a relay.
        withPort: (p) => `[${host}]:${p}`,
      });
    }
  }
  return out;
}

export const postfixFormat: Format = {
  id: 'postfix',
  matchesPath: (path) => basename(path) === 'main.cf',
  parse(text): ParsedFile {
    const cf = parseMainCf(text);
    const base = { format: 'postfix', comments: cf.comments, lineComment: '#' } as const;
    if (!cf.entries.some((e) => POSTFIX_PARAM.test(e.name))) {
      return { ...base, profiles: [], duplicates: [], symbols: [], secrets: [], skipped: 'a file named main.cf without Postfix parameters (another program\'s main.cf)' };
    }
    return { ...base, ...postfixProfiles(text, cf) };
  },
};

function postfixProfiles(text: string, cf: MainCf): Pick<ParsedFile, 'profiles' | 'duplicates' | 'symbols' | 'secrets'> {
  const get = (name: string) => lastDefinition(cf, name);
  const value = (name: string) => {
    const e = get(name);
    return e ? expand(cf, e.value) : undefined;
  };
  const symbols: SettingSymbol[] = cf.entries
    .filter((e) => KEYS[e.name])
    .map((e) => ({ key: e.name, role: KEYS[e.name], ecosystem: ECOSYSTEM, keySpan: e.nameSpan, valueSpan: e.valueSpan }));
  const duplicates: DuplicateSetting[] = [];
  for (const name of Object.keys(KEYS)) {
    const all = cf.entries.filter((e) => e.name === name);
    for (const loser of all.slice(0, -1)) {
      duplicates.push({
        key: name,
        winner: all[all.length - 1].span,
        loser: loser.span,
        rule: 'the last definition wins (Postfix main.cf)',
        removal: [removeLines(cf.lines, loser.firstLine, loser.lastLine)],
      });
    }
  }
  const secrets: string[] = [];
  const relay = get('relayhost');
  const relayValue = relay ? expand(cf, relay.value) : '';

  // ---- TLS level ----
  const levelEntry = get('smtp_tls_security_level');
  const level = value('smtp_tls_security_level')?.trim().toLowerCase();
  let mode: TlsMode = 'none';
  let tlsGuessed = false;
  let tlsSource: MainCfEntry | undefined;
  let tlsKey = 'smtp_tls_security_level';
  const verifyDisabled: Setting<string>[] = [];
  if (levelEntry && level === undefined) {
    tlsGuessed = true; // `$name` we cannot resolve
    tlsSource = levelEntry;
  } else if (levelEntry && level) {
    tlsSource = levelEntry;
    if (level === 'none') mode = 'none';
    else if (level === 'may') mode = 'opportunistic';
    else if (level === 'encrypt' || LEVELS_VERIFIED.has(level)) mode = 'starttls';
    else if (level === 'dane') {
      mode = 'opportunistic';
      tlsGuessed = true; // verified with TLSA records in DNSSEC-signed DNS, else falls back to `may`
    } else tlsGuessed = true;
    if (level === 'encrypt') {
      verifyDisabled.push(literal(`smtp_tls_security_level = encrypt: encrypted, but the certificate is not verified`, 'smtp_tls_security_level', levelEntry.valueSpan, levelEntry.nameSpan));
    }
  } else {
    // Legacy switches, read only when the level is empty.
    const enforce = get('smtp_enforce_tls');
    const use = get('smtp_use_tls');
    if (enforce && postfixBool(value('smtp_enforce_tls'))) {
      mode = 'starttls';
      tlsSource = enforce;
      tlsKey = 'smtp_enforce_tls';
      const peer = get('smtp_tls_enforce_peername');
      if (peer && postfixBool(value('smtp_tls_enforce_peername')) === false) {
        verifyDisabled.push(literal('smtp_tls_enforce_peername = no: the certificate name is not checked', 'smtp_tls_enforce_peername', peer.valueSpan, peer.nameSpan));
      }
    } else if (use && postfixBool(value('smtp_use_tls'))) {
      mode = 'opportunistic';
      tlsSource = use;
      tlsKey = 'smtp_use_tls';
    }
  }
  const policyMaps = value('smtp_tls_policy_maps');
  if (policyMaps === undefined ? !!get('smtp_tls_policy_maps') : policyMaps.trim() !== '') tlsGuessed = true;
  const wrapEntry = get('smtp_tls_wrappermode');
  const wrapper = postfixBool(value('smtp_tls_wrappermode')) === true;
  // Wrapper mode is implicit TLS, which Postfix only runs with a level that requires encryption.
  if (wrapper && mode === 'starttls') {
    mode = 'implicit';
    tlsSource = wrapEntry;
    tlsKey = 'smtp_tls_wrappermode';
  }
  const tls: Setting<TlsMode> = tlsSource
    ? literal(mode, tlsKey, tlsSource.valueSpan, tlsSource.nameSpan)
    : { value: mode, origin: 'default', key: 'smtp_tls_security_level' };

  // ---- authentication ----
  const authEntry = get('smtp_sasl_auth_enable');
  const auth: Setting<boolean> = authEntry
    ? literal(postfixBool(value('smtp_sasl_auth_enable')) === true, 'smtp_sasl_auth_enable', authEntry.valueSpan, authEntry.nameSpan)
    : { value: false, origin: 'default', key: 'smtp_sasl_auth_enable' };
  const mapsEntry = get('smtp_sasl_password_maps');
  let password: Setting<SecretValue> | undefined;
  let user: Setting<string> | undefined;
  if (mapsEntry && mapsEntry.value.trim()) {
    // `static:user:password` writes the credentials into main.cf itself; any other table keeps them elsewhere.
    const m = /^static:([^:\s]*):(\S+)$/.exec(mapsEntry.value.trim());
    if (m) {
      const passStart = mapsEntry.valueSpan.start + 'static:'.length + m[1].length + 1;
      user = literal(m[1], 'smtp_sasl_password_maps', { start: mapsEntry.valueSpan.start + 7, end: mapsEntry.valueSpan.start + 7 + m[1].length }, mapsEntry.nameSpan);
      password = literal({ kind: 'literal', text: m[2] }, 'smtp_sasl_password_maps', { start: passStart, end: passStart + m[2].length }, mapsEntry.nameSpan);
      secrets.push(m[2]);
    } else {
      password = literal({ kind: 'reference', text: '' }, 'smtp_sasl_password_maps', mapsEntry.valueSpan, mapsEntry.nameSpan);
    }
  }

  const lineStyle = (like: MainCfEntry | undefined) => (name: string, v: string) => {
    const d = like ? like.delimiter : ' = ';
    return `${name}${/\s/.test(d) ? ' = ' : '='}${v}`;
  };

  /** Set a parameter (replace its value) or add it after the relayhost line. */
  const setParam = (name: string, v: string, pending: string[], write: (n: string, v: string) => string): TextEdit | undefined => {
    const e = get(name);
    if (e) return e.value.trim() === v ? undefined : { ...e.valueSpan, newText: v };
    pending.push(write(name, v));
    return undefined;
  };

  /** Require a verified certificate, adding a CA file when the file names none (Postfix has no default CA). */
  const verifiedLevelEdits = (pending: string[], write: (n: string, v: string) => string): (TextEdit | undefined)[] => {
    if (level && LEVELS_VERIFIED.has(level)) return [];
    const edits = [setParam('smtp_tls_security_level', 'secure', pending, write)];
    const hasCa = [value('smtp_tls_CAfile'), value('smtp_tls_CApath')].some((v) => v !== undefined && v.trim() !== '');
    if (!hasCa) pending.push(write('smtp_tls_CAfile', CA_FILE));
    return edits;
  };

  const finish = (edits: (TextEdit | undefined)[], pending: string[], after: MainCfEntry | undefined): TextEdit[] | undefined => {
    const list = edits.filter((e): e is TextEdit => e !== undefined);
    if (pending.length) {
      const at = after ?? cf.entries[cf.entries.length - 1];
      if (!at) return undefined;
      list.push(insertLinesAfter(text, cf.lines[at.lastLine].end, pending));
    }
    return list.length ? list : undefined;
  };

  const enableVerification = (sw: Setting<string>): TextEdit[] | undefined => {
    const write = lineStyle(relay ?? levelEntry);
    const pending: string[] = [];
    if (sw.key === 'smtp_tls_enforce_peername') {
      const peer = get('smtp_tls_enforce_peername')!;
      return finish([{ ...peer.valueSpan, newText: 'yes' }], pending, relay);
    }
    return finish(verifiedLevelEdits(pending, write), pending, relay ?? levelEntry);
  };

  const common = { ecosystem: ECOSYSTEM, tls, tlsGuessed, verifyDisabled, auth, user, password } as const;
  // Written through a `$name`: judge the expanded value, but its spans are not the relay's own text.
  const viaReference = !!relay && relay.value.includes('$');
  const dests = !relay || relayValue === undefined ? [] : viaReference ? destinations(relayValue, 0) : destinations(text.slice(relay.valueSpan.start, relay.valueSpan.end), relay.valueSpan.start);
  if (relay && relayValue === undefined) {
    // relayhost = $name of a parameter this file does not define: the relay is unknown.
    return { profiles: [], duplicates, symbols, secrets };
  }
  if (dests.length === 0) {
    const profile: MailProfile = {
      ...common,
      label: 'Postfix (direct delivery)',
      active: false,
      inactiveReason: 'relayhost is empty: Postfix delivers to each recipient domain\'s MX on port 25, as mail servers do; there is no relay to judge',
      anchor: relay ? relay.span : { start: 0, end: 0 },
      edit: { enableVerification },
    };
    return { profiles: [profile], duplicates, symbols, secrets };
  }

  const profiles = dests.map((d): MailProfile => {
    const host: Setting<string> = viaReference ? { value: d.host, origin: 'literal', key: 'relayhost', keySpan: relay!.nameSpan } : literal(d.host, 'relayhost', d.hostSpan, relay!.nameSpan);
    const port: Setting<number | string> = d.port
      ? viaReference
        ? { value: portValue(d.port), origin: 'literal', key: 'relayhost', keySpan: relay!.nameSpan }
        : literal(portValue(d.port), 'relayhost', d.portSpan!, relay!.nameSpan)
      : { value: 25, origin: 'implied', key: 'relayhost without a port' };
    const setTransport = (newPort: number, newMode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
      if (viaReference) return undefined;
      const write = lineStyle(relay);
      const pending: string[] = [];
      const edits: (TextEdit | undefined)[] = [{ ...d.span, newText: d.withPort(newPort) }];
      edits.push(...verifiedLevelEdits(pending, write));
      if (newMode === 'implicit') edits.push(setParam('smtp_tls_wrappermode', 'yes', pending, write));
      else if (wrapEntry && wrapper) edits.push({ ...wrapEntry.valueSpan, newText: 'no' });
      return finish(edits, pending, relay);
    };
    return {
      ...common,
      label: dests.length > 1 ? `Postfix relayhost ${d.host}` : 'Postfix relayhost',
      active: true,
      host,
      port,
      anchor: relay!.span,
      edit: { setTransport, enableVerification },
    };
  });
  return { profiles, duplicates, symbols, secrets };
}
