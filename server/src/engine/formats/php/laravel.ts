// Laravel's config/mail.php: one profile per mailer with `'transport' => 'smtp'` (Laravel 7+), or the flat
// `'driver'`/`'host'`/`'port'` config of Laravel ≤ 6. Values are usually `env('MAIL_PORT', 587)`: the default is judged
// as a fallback and fixes change only the default. How scheme and encryption turn into TLS depends on the Laravel
// version (composer.lock), see smtp-settings.md §3.2.
import { parseDsn } from '../../dsn';
import type { DuplicateSetting, MailProfile, ParseContext, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { callName, child, childList, type PhpNode, type PhpProgram, stringValue } from './ast';
import { arrayDuplicates, arrayEntries, entryLike, insertEntriesAfter, lastEntries, type ArrayEntry } from './arrays';
import {
  filterBool,
  hostSettingOf,
  isSet,
  literalSecrets,
  passwordSettingOf,
  phpBool,
  portSettingOf,
  rawOf,
  readNode,
  readValue,
  secretOf,
  setBoolEdits,
  setValueEdits,
  settingOf,
  stringOf,
  type ConfigValue,
} from './config-read';
import { booleanText } from './edits';
import { evaluate, portValue } from './values';
import { keyTable } from '../../key-table';

export interface AppConfigResult {
  profiles: MailProfile[];
  duplicates: DuplicateSetting[];
  symbols: SettingSymbol[];
  secrets: string[];
}

/**
 * How the mailer array becomes a connection:
 * - swift: Laravel ≤ 8 (SwiftMailer): 'encryption' tls = STARTTLS required, ssl = implicit, anything else plaintext.
 * - encryption: Laravel 9 – 11.34 (Symfony Mailer): 'scheme' if set, else 'encryption' tls = STARTTLS (465: smtps),
 *   else Symfony's choice by port.
 * - tls-is-smtps: Laravel 11.35.0 only, which mapped 'encryption' tls to smtps (reverted in 11.35.1).
 * - scheme: Laravel ≥ 11.35.1: 'scheme' if set, else smtps on 465 and smtp (Symfony's choice) otherwise;
 *   'encryption' is ignored.
 */
type Semantics = 'swift' | 'encryption' | 'tls-is-smtps' | 'scheme';

const PATH = /(^|[\\/])config[\\/]mail\.php$/i;

/** Keys of a mailer array we read, with their hover roles. */
const MAILER_KEYS: Record<string, SymbolRole> = keyTable({
  transport: 'mailer',
  url: 'dsn',
  scheme: 'tls',
  host: 'host',
  port: 'port',
  encryption: 'tls',
  username: 'user',
  password: 'password',
  verify_peer: 'verify',
  auto_tls: 'tls',
  require_tls: 'tls',
  stream: 'verify',
});
const TOP_KEYS: Record<string, SymbolRole> = keyTable({ default: 'mailer', driver: 'mailer' });

/** Certificate checks in SwiftMailer-era `'stream' => ['ssl' => [...]]`, and the value that turns each off. */
const STREAM_SWITCHES: Record<string, boolean> = keyTable({ verify_peer: false, verify_peer_name: false, allow_self_signed: true });

function parseVersion(version: string | undefined): [number, number, number] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function semanticsFor(version: string | undefined, flat: boolean): { semantics: Semantics; major?: number } {
  const v = parseVersion(version);
  // Unknown version: the flat config is the SwiftMailer skeleton (≤ 6); the mailers config is judged as current.
  if (!v) return { semantics: flat ? 'swift' : 'scheme' };
  const [major, minor, patch] = v;
  if (major <= 8) return { semantics: 'swift', major };
  if (major < 11 || (major === 11 && minor < 35)) return { semantics: 'encryption', major };
  if (major === 11 && minor === 35 && patch === 0) return { semantics: 'tls-is-smtps', major };
  return { semantics: 'scheme', major };
}

/** The array a config file returns (`return [ ... ];` at the top level). */
function returnedArray(program: PhpProgram): PhpNode | undefined {
  for (const stmt of program.children) {
    if (stmt.kind !== 'return') continue;
    const expr = child(stmt, 'expr');
    return expr?.kind === 'array' ? expr : undefined;
  }
  return undefined;
}

/** Does a value read one of Laravel's MAIL_* variables (`env('MAIL_HOST', ...)`)? */
function readsMailEnv(entry: ArrayEntry | undefined): boolean {
  if (!entry) return false;
  const v = evaluate(entry.value);
  return v.kind === 'lookup' && /^env\('MAIL_/.test(v.reference);
}

/** String items of a list literal: `['smtp', 'log']`. */
function listStrings(node: PhpNode | undefined): string[] {
  if (node?.kind !== 'array') return [];
  return childList(node, 'items')
    .map((item) => (item.kind === 'entry' ? child(item, 'value') : item))
    .map((v) => stringValue(v))
    .filter((s): s is string => s !== undefined);
}

/** Laravel's mail config in this file, or undefined when the file is not one. Cheap for every other PHP file. */
export function laravelProfiles(text: string, program: PhpProgram, ctx: ParseContext): AppConfigResult | undefined {
  const top = returnedArray(program);
  if (!top) return undefined;
  const topEntries = arrayEntries(top);
  const topMap = lastEntries(topEntries);
  const byPath = PATH.test(ctx.path);
  const mailers = topMap.get('mailers');
  const out: AppConfigResult = { profiles: [], duplicates: [], symbols: [], secrets: [] };
  const addTopSymbols = (): void => {
    for (const e of topEntries) {
      const role = TOP_KEYS[e.key];
      if (role) out.symbols.push({ key: `mail.${e.key}`, role, ecosystem: 'laravel', keySpan: e.keySpan, valueSpan: e.valueSpan });
    }
  };

  if (mailers?.value.kind === 'array' && (topMap.has('default') || byPath)) {
    const { semantics, major } = semanticsFor(ctx.hints.laravelVersion, false);
    const mailerEntries = arrayEntries(mailers.value);
    const mailerMap = lastEntries(mailerEntries);
    const def = readValue(topMap.get('default'), { envWithoutDefaultIsNull: true });
    let found = false;
    for (const mailer of mailerEntries) {
      if (mailerMap.get(mailer.key) !== mailer || mailer.value.kind !== 'array') continue;
      const entries = arrayEntries(mailer.value);
      const map = lastEntries(entries);
      const transport = stringOf(readValue(map.get('transport'), { envWithoutDefaultIsNull: true }));
      if (transport !== 'smtp') continue;
      found = true;
      const inactiveReason = defaultMailerReason(def, mailer.key, mailerMap);
      buildMailer(text, out, {
        base: `mail.mailers.${mailer.key}`,
        label: `Laravel mailer '${mailer.key}'`,
        entries,
        map,
        anchor: mailer.keySpan,
        inactiveReason,
        semantics,
        major,
      });
    }
    if (!found) return undefined;
    addTopSymbols();
    out.secrets.push(...literalSecrets(top));
    return out;
  }

  // Laravel ≤ 6: one flat SMTP config at the top level, switched by 'driver'.
  const driverEntry = topMap.get('driver');
  if (driverEntry && (topMap.has('host') || topMap.has('port')) && (byPath || [driverEntry, topMap.get('host'), topMap.get('port')].some(readsMailEnv))) {
    const { semantics, major } = semanticsFor(ctx.hints.laravelVersion, true);
    const driver = readValue(driverEntry, { envWithoutDefaultIsNull: true });
    const name = stringOf(driver);
    const inactiveReason =
      driver.known && driver.origin === 'literal' && name !== undefined && name !== 'smtp'
        ? `'driver' is '${name}', not 'smtp', so these SMTP settings are not used.`
        : undefined;
    buildMailer(text, out, { base: 'mail', label: 'Laravel mail config', entries: topEntries, map: topMap, anchor: driverEntry.span, inactiveReason, semantics, major });
    addTopSymbols();
    out.secrets.push(...literalSecrets(top));
    return out;
  }
  return undefined;
}

/**
 * Why a mailer is not used although configured: only when 'default' is a literal naming another mailer (and not a
 * failover/roundrobin list that includes it). `env('MAIL_MAILER', ...)` leaves the choice to the environment, so the
 * mailer is judged.
 */
function defaultMailerReason(def: ConfigValue, name: string, mailers: Map<string, ArrayEntry>): string | undefined {
  if (!def.entry || !def.known || def.origin !== 'literal' || typeof def.value !== 'string') return undefined;
  if (def.value === name) return undefined;
  const chosen = mailers.get(def.value);
  const group = chosen ? lastEntries(arrayEntries(chosen.value)).get('mailers') : undefined;
  if (listStrings(group?.value).includes(name)) return undefined;
  return `'default' is '${def.value}', so the '${name}' mailer is only used where the code asks for it by name.`;
}

interface MailerSpec {
  /** Config path of the mailer array, for messages: `mail.mailers.smtp`, or `mail` for the flat config. */
  base: string;
  label: string;
  entries: ArrayEntry[];
  map: Map<string, ArrayEntry>;
  anchor: Span;
  inactiveReason?: string;
  semantics: Semantics;
  major?: number;
}

function buildMailer(text: string, out: AppConfigResult, spec: MailerSpec): void {
  const { base, map, semantics } = spec;
  const read = (key: string): ConfigValue => readValue(map.get(key), { envWithoutDefaultIsNull: true });
  const key = (k: string): string => `${base}.${k}`;

  for (const e of spec.entries) {
    const role = MAILER_KEYS[e.key];
    if (role && e.key !== 'stream') out.symbols.push({ key: key(e.key), role, ecosystem: 'laravel', keySpan: e.keySpan, valueSpan: e.valueSpan });
  }
  out.duplicates.push(...arrayDuplicates(text, spec.entries, new Set(Object.keys(MAILER_KEYS)), `${base}.`));

  const url = read('url');
  const hostValue = read('host');
  const portValue_ = read('port');
  const scheme = read('scheme');
  const encryption = read('encryption');
  const username = read('username');
  const passwordValue = read('password');
  out.secrets.push(...secretOf(passwordValue));

  // Symfony's options (the whole array is passed as DSN options): auto_tls since symfony/mailer 7.1, require_tls 7.3,
  // which Laravel 11+ can have.
  const symfony = semantics !== 'swift';
  const newOptions = symfony && (spec.major === undefined || spec.major >= 11);
  const autoTls = read('auto_tls');
  const requireTls = read('require_tls');

  const host = hostSettingOf(hostValue, key('host'));
  const hostText = host?.value.toLowerCase();
  let port = isSet(portValue_) ? portSettingOf(portValue_, key('port')) : undefined;
  if (!port && portValue_.known) {
    // No port: SwiftMailer uses 25; Symfony uses 465 with implicit TLS unless the host is localhost.
    const implied = !symfony || hostText === 'localhost' ? 25 : 465;
    port = portValue_.entry
      ? { value: implied, origin: 'implied', key: key('port'), span: portValue_.span, keySpan: portValue_.entry.keySpan }
      : { value: implied, origin: 'default', key: key('port') };
    if (portValue_.reference) port.reference = portValue_.reference;
  }
  const portNumber = typeof port?.value === 'number' ? port.value : undefined;

  const verifyDisabled = verifySwitches(text, map, base);
  let tls: Setting<TlsMode>;
  let tlsFromPort = false;
  let tlsGuessed = false;

  const fromValue = (v: ConfigValue, k: string, mode: TlsMode): Setting<TlsMode> => {
    const s: Setting<TlsMode> = v.entry ? { value: mode, origin: v.origin, key: key(k), span: v.span, keySpan: v.entry.keySpan } : { value: mode, origin: 'default', key: key(k) };
    if (v.reference) s.reference = v.reference;
    return s;
  };

  if (!symfony) {
    const word = stringOf(encryption)?.toLowerCase();
    tlsGuessed = !encryption.known;
    tls = fromValue(encryption, 'encryption', word === 'tls' ? 'starttls' : word === 'ssl' ? 'implicit' : 'none');
  } else {
    const schemeWord = isSet(scheme) ? stringOf(scheme)?.toLowerCase() : undefined;
    const encWord = isSet(encryption) ? stringOf(encryption)?.toLowerCase() : undefined;
    // Symfony's own choice for smtp:// (or no scheme): implicit TLS on 465, else STARTTLS when the server offers it.
    const auto = (): void => {
      tlsFromPort = true;
      if (portNumber === undefined) {
        tlsGuessed = true;
        tls = { value: 'opportunistic', origin: 'implied', key: key('port') };
      } else if (portNumber === 465) {
        tls = { value: 'implicit', origin: port!.origin === 'literal' ? 'implied' : port!.origin, key: port!.key, span: port!.span, keySpan: port!.keySpan };
        if (port!.reference) tls.reference = port!.reference;
      } else if (newOptions && autoTls.entry && autoTls.known && filterBool(autoTls.value) === false) {
        tls = fromValue(autoTls, 'auto_tls', 'none');
      } else if (newOptions && requireTls.entry && requireTls.known && filterBool(requireTls.value) === true) {
        tls = fromValue(requireTls, 'require_tls', 'starttls');
      } else if (semantics === 'encryption' && encryption.entry) {
        tls = fromValue(encryption, 'encryption', 'opportunistic');
      } else if (semantics === 'scheme' && !scheme.entry && isSet(encryption) && encryption.entry) {
        // Reported where the user expects STARTTLS to come from: the 'encryption' this Laravel no longer reads.
        tls = { value: 'opportunistic', origin: 'implied', key: `${key('port')} without a scheme ('encryption' is ignored from Laravel 11.35)`, span: encryption.span, keySpan: encryption.entry.keySpan };
      } else {
        tls = fromValue(scheme, 'scheme', 'opportunistic');
      }
      if ((!autoTls.known && autoTls.entry) || (!requireTls.known && requireTls.entry)) tlsGuessed ||= newOptions && portNumber !== 465;
    };
    tls = { value: 'opportunistic', origin: 'default', key: key('scheme') };
    if (!scheme.known) {
      tlsGuessed = true;
      tls = fromValue(scheme, 'scheme', portNumber === 465 ? 'implicit' : 'opportunistic');
    } else if (schemeWord === 'smtps') {
      tls = fromValue(scheme, 'scheme', 'implicit');
    } else if (schemeWord !== undefined && schemeWord !== 'smtp') {
      // Symfony Mailer accepts only smtp and smtps (7.2+ rejects anything else): nothing to judge.
      tlsGuessed = true;
      tls = fromValue(scheme, 'scheme', 'opportunistic');
    } else if (schemeWord === undefined && semantics !== 'scheme' && !encryption.known) {
      tlsGuessed = true;
      tls = fromValue(encryption, 'encryption', portNumber === 465 ? 'implicit' : 'starttls');
    } else if (schemeWord === undefined && semantics === 'encryption' && encWord === 'tls') {
      // Laravel 9 – 11.34: 'tls' selects smtp:// (STARTTLS), or smtps:// on 465.
      tlsFromPort = true;
      tls = fromValue(encryption, 'encryption', portNumber === 465 ? 'implicit' : 'starttls');
    } else if (schemeWord === undefined && semantics === 'tls-is-smtps' && encWord === 'tls') {
      tls = fromValue(encryption, 'encryption', 'implicit');
    } else {
      auto();
    }
  }

  const user = settingOf(username, key('username'), (v) => (typeof v === 'string' && v !== '' ? v : undefined));
  const password = passwordSettingOf(passwordValue, key('password'));

  const profile: MailProfile = {
    label: spec.label,
    ecosystem: 'laravel',
    active: spec.inactiveReason === undefined,
    tls,
    verifyDisabled: verifyDisabled.map((s) => s.setting),
    anchor: spec.anchor,
    edit: {
      setTransport: (p, mode) => setTransport(text, spec, p, mode),
      enableVerification: (sw) => {
        const found = verifyDisabled.find((s) => s.setting.span?.start === sw.span?.start);
        return found ? setBoolEdits(text, found.value, found.enabledWhen) : undefined;
      },
    },
  };
  if (spec.inactiveReason) profile.inactiveReason = spec.inactiveReason;
  if (tlsFromPort) profile.tlsFromPort = true;
  if (tlsGuessed) profile.tlsGuessed = true;
  if (host) profile.host = host;
  if (port) profile.port = port;
  if (user) profile.user = user;
  if (password) profile.password = password;

  // A URL replaces the host, port and scheme with its own: those are not judged from the array.
  if (url.entry && (!url.known || isSet(url))) {
    profile.tlsGuessed = true;
    delete profile.host;
    delete profile.port;
    delete profile.tlsFromPort;
    const lit = url.literal;
    if (lit?.type === 'string' && (text[lit.span.start] === "'" || text[lit.span.start] === '"')) {
      for (const ep of parseDsn(text, lit.span.start + 1, lit.span.end - 1)) {
        if (ep.password?.value) out.secrets.push(ep.password.value, text.slice(ep.password.span.start, ep.password.span.end));
      }
    }
  }
  out.profiles.push(profile);
}

interface VerifySwitch {
  setting: Setting<string>;
  value: ConfigValue;
  /** The value that turns the check back on. */
  enabledWhen: boolean;
}

/** `'verify_peer' => false` (Symfony option) and SwiftMailer-era `'stream' => ['ssl' => [...]]` switches. */
function verifySwitches(text: string, map: Map<string, ArrayEntry>, base: string): VerifySwitch[] {
  const out: VerifySwitch[] = [];
  const verifyPeer = readValue(map.get('verify_peer'), { envWithoutDefaultIsNull: true });
  if (verifyPeer.entry && verifyPeer.literal && filterBool(verifyPeer.value) === false) {
    const setting: Setting<string> = {
      value: `verify_peer ${rawOf(text, verifyPeer)}`,
      origin: verifyPeer.origin,
      key: `${base}.verify_peer`,
      span: verifyPeer.span,
      keySpan: verifyPeer.entry.keySpan,
    };
    if (verifyPeer.reference) setting.reference = verifyPeer.reference;
    out.push({ setting, value: verifyPeer, enabledWhen: true });
  }
  const stream = map.get('stream');
  const ssl = stream ? lastEntries(arrayEntries(stream.value)).get('ssl') : undefined;
  for (const e of ssl ? arrayEntries(ssl.value) : []) {
    if (!(e.key in STREAM_SWITCHES)) continue;
    const v = readNode(e.value, e);
    if (!v.literal || phpBool(v.value ?? null) !== STREAM_SWITCHES[e.key]) continue;
    const setting: Setting<string> = { value: `${e.key} ${rawOf(text, v)}`, origin: v.origin, key: `${base}.stream.ssl.${e.key}`, span: v.span, keySpan: e.keySpan };
    if (v.reference) setting.reference = v.reference;
    out.push({ setting, value: v, enabledWhen: !STREAM_SWITCHES[e.key] });
  }
  return out;
}

/**
 * Port and encryption together, in the array's style: the port literal or the default inside `env('MAIL_PORT', …)`;
 * then what this Laravel version needs for the mode ('require_tls' => true, 'encryption' => 'tls', 'scheme').
 */
function setTransport(text: string, spec: MailerSpec, port: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined {
  const { map, semantics } = spec;
  const read = (k: string): ConfigValue => readValue(map.get(k), { envWithoutDefaultIsNull: true });
  const edits: TextEdit[] = [];
  /** New entries go after the port entry (or the host, or the transport when there is no port). */
  const inserts: string[] = [];
  const portEntry = map.get('port');
  const anchor = portEntry ?? map.get('host') ?? map.get('transport') ?? map.get('driver');
  if (!anchor) return undefined;
  const quote = text[anchor.keySpan.start - 1] === '"' ? '"' : "'";
  const str = (s: string): string => `${quote}${s}${quote}`;
  // In a file that reads everything through env() (the skeleton's style), a new setting does too, so each
  // environment can still override it (a local Mailpit has no STARTTLS).
  const envStyle = callName(anchor.value) === 'env';
  const entry = (k: string, value: string, envName?: string): string =>
    entryLike(text, anchor, k, envStyle && envName ? `env(${str(envName)}, ${value})` : value);
  const trueText = (): string => {
    // `true` in the case the file writes its booleans in.
    const b = [...map.values()].map((e) => evaluate(e.value)).find((v) => v.kind === 'literal' && v.literal.type === 'bool');
    return booleanText(b?.kind === 'literal' ? text.slice(b.literal.span.start, b.literal.span.end) : 'true', true);
  };

  const portRead = read('port');
  if (portEntry) {
    const current = portRead.literal ? portValue(portRead.literal) : undefined;
    if (current !== port) {
      const e = setValueEdits(text, portRead, port);
      if (!e) return undefined;
      edits.push(...e);
    }
  } else {
    inserts.push(entry('port', String(port), 'MAIL_PORT'));
  }

  /** Make a string setting `word`: edit its literal or default, or insert the entry. */
  const setWord = (k: string, word: string, envName: string): boolean => {
    const v = read(k);
    if (!v.entry) {
      inserts.push(entry(k, str(word), envName));
      return true;
    }
    if (v.known && typeof v.value === 'string' && v.value.toLowerCase() === word) return true;
    const e = setValueEdits(text, v, word);
    if (!e) return false;
    edits.push(...e);
    return true;
  };
  const scheme = read('scheme');
  const schemeWord = isSet(scheme) ? stringOf(scheme)?.toLowerCase() : undefined;
  /** Change a written scheme from `from` to `to`; an unset scheme stays unset. */
  const switchScheme = (from: string, to: string): boolean => {
    if (!scheme.known) return false;
    if (schemeWord !== from) return true;
    const e = setValueEdits(text, scheme, to);
    if (!e) return false;
    edits.push(...e);
    return true;
  };

  if (semantics === 'swift') {
    if (!setWord('encryption', mode === 'starttls' ? 'tls' : 'ssl', 'MAIL_ENCRYPTION')) return undefined;
  } else if (mode === 'implicit') {
    // Port 465 is enough: Symfony picks implicit TLS there. A written smtp scheme says so explicitly.
    if (!switchScheme('smtp', 'smtps')) return undefined;
  } else {
    if (!switchScheme('smtps', 'smtp')) return undefined;
    if (semantics === 'encryption') {
      if (!setWord('encryption', 'tls', 'MAIL_ENCRYPTION')) return undefined;
    } else {
      if (semantics === 'tls-is-smtps' && stringOf(read('encryption'))?.toLowerCase() === 'tls' && schemeWord === undefined) {
        // 11.35.0 turned 'tls' into smtps: an explicit smtp scheme wins over it.
        const e = scheme.entry ? setValueEdits(text, scheme, 'smtp') : undefined;
        if (scheme.entry && !e) return undefined;
        if (e) edits.push(...e);
        else inserts.push(entry('scheme', str('smtp'), 'MAIL_SCHEME'));
      }
      const autoTls = read('auto_tls');
      if (autoTls.entry && autoTls.known && filterBool(autoTls.value) === false) {
        const e = setBoolEdits(text, autoTls, true);
        if (!e) return undefined;
        edits.push(...e);
      }
      // STARTTLS can only be required with require_tls (symfony/mailer 7.3); older versions ignore the option.
      const requireTls = read('require_tls');
      if (!requireTls.entry) inserts.push(entry('require_tls', trueText(), 'MAIL_REQUIRE_TLS'));
      else if (!(requireTls.known && filterBool(requireTls.value) === true)) {
        const e = setBoolEdits(text, requireTls, true);
        if (!e) return undefined;
        edits.push(...e);
      }
    }
  }
  if (inserts.length) edits.push(...insertEntriesAfter(text, anchor, inserts));
  return edits;
}
