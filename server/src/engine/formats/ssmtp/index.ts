// sSMTP `ssmtp.conf` (ssmtp 2.64 read_config()): `Key=Value` lines, keys case-insensitive; a `#` anywhere starts a
// comment (so a `#` cuts a password short); the value is the first word after `=`.
// - mailhub=host[:port]: default host `mailhub`, default port 25; RemotePort= (some builds) also sets the port.
// - UseTLS=YES: TLS from the first byte (implicit). UseSTARTTLS=YES: STARTTLS, required (and sets UseTLS).
//   Anything but YES (any case) means no, and the two interact in file order: UseTLS=NO also turns STARTTLS off.
// - AuthUser / AuthPass (plaintext) / AuthMethod: the first one in the file wins. AUTH happens when AuthUser is set.
// Debian and Ubuntu builds never verify the server certificate; that is the tool, not a setting, so no finding.
import type { DuplicateSetting, Format, MailProfile, ParsedFile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { insertLinesAfter, literal, physicalLines, portValue, removeLines, skipBlanks, type PhysicalLine } from '../lines';
import { basename } from '../path';
import { keyTable } from '../../key-table';

const ECOSYSTEM = 'ssmtp';
const ROLES: Record<string, SymbolRole> = keyTable({
  mailhub: 'host', remoteport: 'port', usetls: 'tls', usestarttls: 'tls', authuser: 'user', authpass: 'password',
  authmethod: 'auth', tls_ca_file: 'verify', tls_ca_dir: 'verify', usetlscert: 'other', tlscert: 'other',
});
/** Keys where the first definition wins (the command line may set them first). */
const FIRST_WINS = new Set(['authuser', 'authpass', 'authmethod']);

interface Line {
  key: string;
  /** Lower-case key: ssmtp compares keys case-insensitively. */
  id: string;
  keySpan: Span;
  value: string;
  valueSpan: Span;
  line: PhysicalLine;
}

function readLines(text: string, comments: Span[]): { lines: PhysicalLine[]; entries: Line[] } {
  const lines = physicalLines(text);
  const entries: Line[] = [];
  for (const line of lines) {
    const hash = text.indexOf('#', line.start);
    const end = hash >= 0 && hash < line.end ? hash : line.end;
    if (end < line.end) comments.push({ start: end, end: line.end });
    const eq = text.indexOf('=', line.start);
    if (eq < 0 || eq >= end) continue; // no `=` before any comment: not a setting
    // Words are separated by `=`, blanks and tabs (strtok): key, then the first word of the value.
    const ks = skipBlanks(text, line.start, end);
    let ke = ks;
    while (ke < end && !'= \t'.includes(text[ke])) ke++;
    if (ke === ks) continue;
    let vs = ke;
    while (vs < end && '= \t'.includes(text[vs])) vs++;
    let ve = vs;
    while (ve < end && !'= \t'.includes(text[ve])) ve++;
    if (ve === vs) continue; // ssmtp ignores a key without a value
    const key = text.slice(ks, ke);
    entries.push({ key, id: key.toLowerCase(), keySpan: { start: ks, end: ke }, value: text.slice(vs, ve), valueSpan: { start: vs, end: ve }, line });
  }
  return { lines, entries };
}

export const ssmtpFormat: Format = {
  id: 'ssmtp',
  matchesPath: (path) => basename(path) === 'ssmtp.conf',
  parse(text): ParsedFile {
    const comments: Span[] = [];
    const { lines, entries } = readLines(text, comments);
    const symbols: SettingSymbol[] = entries
      .filter((e) => ROLES[e.id])
      .map((e) => ({ key: e.key, role: ROLES[e.id], ecosystem: ECOSYSTEM, keySpan: e.keySpan, valueSpan: e.valueSpan }));
    const secrets = entries.filter((e) => e.id === 'authpass').map((e) => e.value);
    const duplicates: DuplicateSetting[] = [];
    for (const id of ['mailhub', 'remoteport', 'authuser', 'authpass', 'authmethod']) {
      const all = entries.filter((e) => e.id === id);
      if (all.length < 2) continue;
      const first = FIRST_WINS.has(id);
      const winner = first ? all[0] : all[all.length - 1];
      for (const loser of all.filter((e) => e !== winner)) {
        duplicates.push({
          key: loser.key,
          winner: { start: winner.keySpan.start, end: winner.valueSpan.end },
          loser: { start: loser.keySpan.start, end: loser.valueSpan.end },
          rule: first ? 'the first one wins (ssmtp)' : 'the last one wins (ssmtp)',
          removal: [removeLines(lines, loser.line.index, loser.line.index)],
        });
      }
    }
    return { format: 'ssmtp', profiles: [profile(text, entries)], duplicates, symbols, comments, lineComment: '#', secrets };
  },
};

function profile(text: string, entries: Line[]): MailProfile {
  const lit = <T>(value: T, e: Line): Setting<T> => literal(value, e.key, e.valueSpan, e.keySpan);
  const first = (id: string) => entries.find((e) => e.id === id);

  // Replay the settings in file order, as ssmtp does.
  let hub: Line | undefined;
  let hubHost: { text: string; span: Span } | undefined;
  let portFrom: { value: string; span: Span; entry: Line } | undefined;
  let useTls = false;
  let useStarttls = false;
  let tlsEntry: Line | undefined;
  for (const e of entries) {
    if (e.id === 'mailhub') {
      hub = e;
      const colon = e.value.indexOf(':');
      hubHost = { text: colon >= 0 ? e.value.slice(0, colon) : e.value, span: { start: e.valueSpan.start, end: colon >= 0 ? e.valueSpan.start + colon : e.valueSpan.end } };
      if (colon >= 0 && colon + 1 < e.value.length) {
        const p = e.value.slice(colon + 1).split(':')[0];
        portFrom = { value: p, span: { start: e.valueSpan.start + colon + 1, end: e.valueSpan.start + colon + 1 + p.length }, entry: e };
      }
    } else if (e.id === 'remoteport') {
      portFrom = { value: e.value, span: e.valueSpan, entry: e };
    } else if (e.id === 'usetls') {
      useTls = e.value.toLowerCase() === 'yes';
      if (!useTls) useStarttls = false;
      tlsEntry = e;
    } else if (e.id === 'usestarttls') {
      useStarttls = e.value.toLowerCase() === 'yes';
      if (useStarttls) useTls = true;
      tlsEntry = e;
    }
  }
  const mode: TlsMode = useStarttls ? 'starttls' : useTls ? 'implicit' : 'none';
  const tls: Setting<TlsMode> = tlsEntry ? lit(mode, tlsEntry) : { value: mode, origin: 'default', key: 'UseTLS' };
  const host: Setting<string> = hub && hubHost ? literal(hubHost.text, hub.key, hubHost.span, hub.keySpan) : { value: 'mailhub', origin: 'default', key: 'mailhub' };
  const port: Setting<number | string> = portFrom
    ? literal(portValue(portFrom.value), portFrom.entry.key, portFrom.span, portFrom.entry.keySpan)
    : hub
      ? { value: 25, origin: 'implied', key: 'mailhub without a port' }
      : { value: 25, origin: 'default', key: 'mailhub' };

  const userEntry = first('authuser');
  const user = userEntry ? lit(userEntry.value, userEntry) : undefined;
  const auth: Setting<boolean> = user ? { ...user, value: true } : { value: false, origin: 'default', key: 'AuthUser' };
  const passEntry = first('authpass');
  const password: Setting<SecretValue> | undefined = passEntry ? lit({ kind: 'literal', text: passEntry.value }, passEntry) : undefined;

  const setTransport = (newPort: number, newMode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
    if (!hub || !hubHost) return undefined;
    const edits: TextEdit[] = [];
    const pending: string[] = [];
    const sep = text.slice(hub.keySpan.end, hub.valueSpan.start);
    const yes = (e: Line | undefined) => (e && e.value === e.value.toLowerCase() ? 'yes' : 'YES');
    // The port where the one in force is written (mailhub's :port or RemotePort), else added to mailhub.
    if (portFrom) edits.push({ ...portFrom.span, newText: String(newPort) });
    else edits.push({ start: hubHost.span.end, end: hub.valueSpan.end, newText: `:${newPort}` });
    // Every UseTLS/UseSTARTTLS line agrees afterwards, so their order no longer matters.
    const tlsLines = entries.filter((e) => e.id === 'usetls');
    const starttlsLines = entries.filter((e) => e.id === 'usestarttls');
    for (const e of tlsLines) if (e.value.toLowerCase() !== 'yes') edits.push({ ...e.valueSpan, newText: yes(e) });
    if (newMode === 'starttls') {
      for (const e of starttlsLines) if (e.value.toLowerCase() !== 'yes') edits.push({ ...e.valueSpan, newText: yes(e) });
      if (!starttlsLines.length) pending.push(`UseSTARTTLS${sep}${yes(tlsLines[0])}`);
    } else {
      for (const e of starttlsLines) if (e.value.toLowerCase() === 'yes') edits.push({ ...e.valueSpan, newText: e.value === 'yes' ? 'no' : 'NO' });
      if (!tlsLines.length) pending.push(`UseTLS${sep}YES`);
    }
    if (pending.length) edits.push(insertLinesAfter(text, hub.line.end, pending));
    return edits;
  };

  return {
    label: 'sSMTP mailhub',
    ecosystem: ECOSYSTEM,
    active: true,
    host,
    port,
    tls,
    verifyDisabled: [],
    auth,
    user,
    password,
    anchor: hub ? { start: hub.keySpan.start, end: hub.valueSpan.end } : { start: 0, end: 0 },
    edit: { setTransport },
  };
}
