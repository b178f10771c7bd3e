// Nextcloud's config/config.php and config/*.config.php: `$CONFIG = array( ... );` (or `[ ... ]`) with mail_smtp*
// keys, plus `$CONFIG['key'] = ...;` assignments after it (the docker image's smtp.config.php sets the password that
// way). Nextcloud ≥ 26 hands these to Symfony Mailer: only mail_smtpsecure 'ssl' is honoured (implicit TLS); anything
// else leaves Symfony's choice by port (465 implicit, else STARTTLS when offered), so STARTTLS cannot be required.
import type { MailProfile, Setting, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { child, type PhpNode, type PhpProgram, spanOf, str, stringValue, childList } from './ast';
import { arrayDuplicates, arrayEntries, entryLike, insertEntriesAfter, lastEntries, removeEntry, type ArrayEntry } from './arrays';
import {
  hostSettingOf,
  literalSecrets,
  passwordSettingOf,
  phpBool,
  portSettingOf,
  rawOf,
  readNode,
  secretOf,
  setBoolEdits,
  setValueEdits,
  settingOf,
  stringOf,
  type ConfigValue,
} from './config-read';
import type { AppConfigResult } from './laravel';
import { portValue } from './values';
import { keyTable } from '../../key-table';

const KEYS: Record<string, SymbolRole> = keyTable({
  mail_smtpmode: 'mailer',
  mail_smtphost: 'host',
  mail_smtpport: 'port',
  mail_smtpsecure: 'tls',
  mail_smtpauth: 'auth',
  mail_smtpauthtype: 'auth',
  mail_smtpname: 'user',
  mail_smtppassword: 'password',
  mail_smtpstreamoptions: 'verify',
});

/** Certificate checks in mail_smtpstreamoptions['ssl'], and the value that turns each one off. */
const SWITCHES: Record<string, boolean> = keyTable({ verify_peer: false, verify_peer_name: false, allow_self_signed: true });

/** A `$CONFIG[...] = ...` assignment, with the if/else branches it sits in. */
interface OffsetAssign {
  key: string;
  keySpan: Span;
  value: PhpNode;
  statement: Span;
  path: string;
}

interface ConfigAssign {
  array: PhpNode;
  path: string;
  at: number;
}

function isConfigVar(node: PhpNode | undefined): boolean {
  return node?.kind === 'variable' && str(node, 'name') === 'CONFIG';
}

/** `$CONFIG = [...]` and `$CONFIG['key'] = ...` at the top level and inside if/else blocks (never in functions). */
function scanConfig(program: PhpProgram): { assigns: ConfigAssign[]; offsets: OffsetAssign[] } {
  const assigns: ConfigAssign[] = [];
  const offsets: OffsetAssign[] = [];
  let nextBranch = 1;
  const visit = (stmts: PhpNode[], path: string): void => {
    for (const stmt of stmts) {
      if (stmt.kind === 'block') visit(childList(stmt, 'children'), path);
      else if (stmt.kind === 'if') {
        const body = child(stmt, 'body');
        const alt = child(stmt, 'alternate');
        if (body) visit([body], `${path}/${nextBranch++}`);
        if (alt) visit([alt], `${path}/${nextBranch++}`);
      } else if (stmt.kind === 'expressionstatement') {
        const e = child(stmt, 'expression');
        if (e?.kind !== 'assign' || e.operator !== '=') continue;
        const left = child(e, 'left');
        const right = child(e, 'right');
        const at = spanOf(stmt);
        if (!right || !at) continue;
        if (isConfigVar(left) && right.kind === 'array') assigns.push({ array: right, path, at: at.start });
        else if (left?.kind === 'offsetlookup' && isConfigVar(child(left, 'what'))) {
          const offset = child(left, 'offset');
          const key = stringValue(offset);
          const s = offset ? spanOf(offset) : undefined;
          if (key !== undefined && s) offsets.push({ key, keySpan: { start: s.start + 1, end: s.end - 1 }, value: right, statement: at, path });
        }
      }
    }
  };
  visit(program.children, '');
  return { assigns, offsets };
}

function majorVersion(v: ConfigValue): number | undefined {
  const m = /^(\d+)\./.exec(stringOf(v) ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Nextcloud's mail settings in this file, or undefined when it is not a Nextcloud config with mail_smtp* keys. */
export function nextcloudProfiles(text: string, program: PhpProgram): AppConfigResult | undefined {
  const { assigns, offsets } = scanConfig(program);
  const assign = assigns[assigns.length - 1];
  if (!assign) return undefined;
  const entries = arrayEntries(assign.array);
  const map = lastEntries(entries);
  const later = offsets.filter((o) => o.statement.start > assign.at);
  if (![...map.keys(), ...later.map((o) => o.key)].some((k) => k.startsWith('mail_smtp'))) return undefined;

  const out: AppConfigResult = { profiles: [], duplicates: [], symbols: [], secrets: literalSecrets(assign.array) };
  const values = new Map<string, ConfigValue>();
  /** The node each key's effective value is written in (an array entry, or a later `$CONFIG[...]` at the same level). */
  const nodes = new Map<string, PhpNode>();
  for (const e of entries) nodes.set(e.key, e.value);
  for (const e of entries) values.set(e.key, readNode(e.value, e));
  for (const e of entries) if (KEYS[e.key]) out.symbols.push({ key: e.key, role: KEYS[e.key], ecosystem: 'nextcloud', keySpan: e.keySpan, valueSpan: e.valueSpan });
  out.duplicates.push(...arrayDuplicates(text, entries, new Set(Object.keys(KEYS))));
  // Later `$CONFIG['key'] = ...` replace the array's value; inside an if/else only the runtime knows which applies.
  for (const o of later) {
    if (!KEYS[o.key] && o.key !== 'version') {
      if (/(password|secret|salt|token)$/i.test(o.key)) out.secrets.push(...secretOf(readNode(o.value, undefined)));
      continue;
    }
    const valueSpan = spanOf(o.value);
    out.symbols.push({ key: `$CONFIG['${o.key}']`, role: KEYS[o.key] ?? 'other', ecosystem: 'nextcloud', keySpan: o.keySpan, valueSpan });
    const pseudo: ArrayEntry | undefined = valueSpan ? { key: o.key, keyNode: o.value, keySpan: o.keySpan, value: o.value, valueSpan, span: o.statement } : undefined;
    const v = readNode(o.value, pseudo);
    if (/(password|secret|salt|token)$/i.test(o.key)) out.secrets.push(...secretOf(v));
    if (o.path === assign.path) {
      const replaced = map.get(o.key);
      if (replaced && KEYS[o.key] && values.get(o.key)?.entry === replaced) {
        out.duplicates.push({
          key: o.key,
          winner: o.statement,
          loser: replaced.span,
          rule: 'a later assignment to $CONFIG replaces the value in the array',
          removal: [removeEntry(text, entries, replaced)],
        });
      }
      values.set(o.key, v);
      nodes.set(o.key, o.value);
    } else {
      values.set(o.key, { entry: pseudo, known: false, origin: 'literal', span: valueSpan });
    }
  }
  const read = (key: string): ConfigValue => values.get(key) ?? { known: true, value: null, origin: 'literal' };

  const major = majorVersion(read('version'));
  // Nextcloud < 26 used SwiftMailer: 'tls' required STARTTLS, '' sent in plaintext.
  const swift = major !== undefined && major < 26;

  const mode = read('mail_smtpmode');
  const modeWord = stringOf(mode);
  const nonSmtp = major !== undefined && major >= 26 ? ['sendmail', 'null'] : ['sendmail', 'qmail', 'php', 'null'];
  const inactiveReason =
    mode.known && modeWord !== undefined && nonSmtp.includes(modeWord) ? `mail_smtpmode is '${modeWord}', so Nextcloud does not send over SMTP and these settings are not used.` : undefined;

  const hostValue = read('mail_smtphost');
  const host: Setting<string> | undefined = hostValue.entry ? hostSettingOf(hostValue, 'mail_smtphost') : { value: '127.0.0.1', origin: 'default', key: 'mail_smtphost' };
  const portRead = read('mail_smtpport');
  let port: Setting<number | string> | undefined;
  if (!portRead.entry || (portRead.known && portRead.value === null)) port = { value: 25, origin: 'default', key: 'mail_smtpport' };
  else if (portRead.known && portRead.value === '') {
    // Read as the integer 0: Symfony then uses 465 with implicit TLS (25 for localhost).
    port = { value: host?.value === 'localhost' ? 25 : 465, origin: 'implied', key: 'mail_smtpport', span: portRead.span, keySpan: portRead.entry.keySpan };
  } else port = portSettingOf(portRead, 'mail_smtpport');
  const portNumber = typeof port?.value === 'number' ? port.value : undefined;

  const secure = read('mail_smtpsecure');
  const fromSecure = (value: TlsMode): Setting<TlsMode> => {
    const s: Setting<TlsMode> = secure.entry ? { value, origin: secure.origin, key: 'mail_smtpsecure', span: secure.span, keySpan: secure.entry.keySpan } : { value, origin: 'default', key: 'mail_smtpsecure' };
    if (secure.reference) s.reference = secure.reference;
    return s;
  };
  let tls: Setting<TlsMode>;
  let tlsFromPort = false;
  let tlsGuessed = false;
  if (swift) {
    const word = secure.known ? stringOf(secure) ?? '' : undefined;
    tlsGuessed = word === undefined || !['', 'tls', 'ssl'].includes(word);
    tls = fromSecure(word === 'tls' ? 'starttls' : word === 'ssl' ? 'implicit' : 'none');
  } else if (secure.known && secure.value === 'ssl') {
    tls = fromSecure('implicit');
  } else {
    // Symfony decides by port; an unknown mail_smtpsecure could still be 'ssl' except on 465 (implicit either way).
    tlsFromPort = true;
    tlsGuessed = portNumber === undefined || (!secure.known && portNumber !== 465);
    if (portNumber === 465) {
      tls = { value: 'implicit', origin: port!.origin === 'literal' ? 'implied' : port!.origin, key: 'mail_smtpport', span: port!.span, keySpan: port!.keySpan };
      if (port!.reference) tls.reference = port!.reference;
    } else tls = fromSecure('opportunistic');
  }

  const authRead = read('mail_smtpauth');
  const auth: Setting<boolean> | undefined = authRead.entry ? settingOf(authRead, 'mail_smtpauth', (v) => phpBool(v)) : { value: false, origin: 'default', key: 'mail_smtpauth' };
  const user = settingOf(read('mail_smtpname'), 'mail_smtpname', (v) => (typeof v === 'string' && v !== '' ? v : undefined));
  const passwordRead = read('mail_smtppassword');
  const password = passwordSettingOf(passwordRead, 'mail_smtppassword');
  out.secrets.push(...secretOf(passwordRead));

  const switches = verifySwitches(text, nodes.get('mail_smtpstreamoptions'));
  for (const s of switches) out.symbols.push({ key: s.setting.key, role: 'verify', ecosystem: 'nextcloud', keySpan: s.setting.keySpan, valueSpan: s.setting.span });

  const firstMail = entries.find((e) => e.key.startsWith('mail_smtp'));
  const anchor = map.get('mail_smtpmode')?.span ?? firstMail?.span ?? spanOf(assign.array)!;
  const profile: MailProfile = {
    label: 'Nextcloud mail_smtp* settings',
    ecosystem: 'nextcloud',
    active: inactiveReason === undefined,
    tls,
    verifyDisabled: switches.map((s) => s.setting),
    auth,
    anchor,
    edit: {
      setTransport: (p, m) => setTransport(text, map, read, swift, p, m),
      enableVerification: (sw) => {
        const found = switches.find((s) => s.setting.span?.start === sw.span?.start);
        return found ? setBoolEdits(text, found.value, !SWITCHES[found.name]) : undefined;
      },
    },
  };
  if (inactiveReason) profile.inactiveReason = inactiveReason;
  if (tlsFromPort) profile.tlsFromPort = true;
  if (tlsGuessed) profile.tlsGuessed = true;
  if (host) profile.host = host;
  if (port) profile.port = port;
  if (!auth) delete profile.auth;
  if (user) profile.user = user;
  if (password) profile.password = password;
  out.profiles.push(profile);
  return out;
}

interface Switch {
  name: string;
  setting: Setting<string>;
  value: ConfigValue;
}

function verifySwitches(text: string, options: PhpNode | undefined): Switch[] {
  const ssl = lastEntries(arrayEntries(options)).get('ssl');
  const out: Switch[] = [];
  for (const e of ssl ? arrayEntries(ssl.value) : []) {
    if (!(e.key in SWITCHES)) continue;
    const v = readNode(e.value, e);
    if (!v.literal || phpBool(v.value ?? null) !== SWITCHES[e.key]) continue;
    const setting: Setting<string> = { value: `${e.key} ${rawOf(text, v)}`, origin: v.origin, key: `mail_smtpstreamoptions['ssl']['${e.key}']`, span: v.span, keySpan: e.keySpan };
    if (v.reference) setting.reference = v.reference;
    out.push({ name: e.key, setting, value: v });
  }
  return out;
}

/**
 * STARTTLS: mail_smtpport 587 and no 'ssl' (Symfony upgrades when the server offers it; Nextcloud cannot require it).
 * Implicit TLS: 465 and 'ssl'. Nextcloud < 26 (SwiftMailer): 'tls' / 'ssl'.
 */
function setTransport(
  text: string,
  map: Map<string, ArrayEntry>,
  read: (key: string) => ConfigValue,
  swift: boolean,
  port: number,
  mode: 'starttls' | 'implicit',
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const inserts: string[] = [];
  const portEntry = map.get('mail_smtpport');
  const anchor = portEntry ?? map.get('mail_smtphost') ?? map.get('mail_smtpmode') ?? [...map.values()].find((e) => e.key.startsWith('mail_smtp'));
  if (!anchor) return undefined;
  const quote = text[anchor.keySpan.start - 1] === '"' ? '"' : "'";

  const portRead = read('mail_smtpport');
  if (portRead.entry) {
    if (!(portRead.literal && portValue(portRead.literal) === port)) {
      const e = setValueEdits(text, portRead, port);
      if (!e) return undefined;
      edits.push(...e);
    }
  } else inserts.push(entryLike(text, anchor, 'mail_smtpport', String(port)));

  const secure = read('mail_smtpsecure');
  const word = mode === 'implicit' ? 'ssl' : swift ? 'tls' : undefined;
  if (word !== undefined) {
    if (!secure.entry) inserts.push(entryLike(text, anchor, 'mail_smtpsecure', `${quote}${word}${quote}`));
    else if (!(secure.known && secure.value === word)) {
      const e = setValueEdits(text, secure, word);
      if (!e) return undefined;
      edits.push(...e);
    }
  } else if (secure.entry && (!secure.known || secure.value === 'ssl')) {
    // Anything but 'ssl' leaves the choice to Symfony, which uses STARTTLS on 587 when the server offers it.
    const e = secure.known ? setValueEdits(text, secure, '') : undefined;
    if (!e) return undefined;
    edits.push(...e);
  }
  if (inserts.length) edits.push(...insertEntriesAfter(text, anchor, inserts));
  return edits;
}
