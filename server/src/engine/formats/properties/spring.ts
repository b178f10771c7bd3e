// Spring Boot `spring.mail.*` and the Jakarta Mail properties it passes on (`spring.mail.properties.mail.smtp.*`),
// read from flattened keys, so `application.properties` and `application.yml` share one vocabulary. A file may hold
// several documents (`---` in YAML, `#---` in .properties); documents activated by a profile
// (`spring.config.activate.on-profile`, legacy `spring.profiles`) override the documents without one.
//
// Semantics (Spring Boot MailSenderPropertiesConfiguration + Jakarta/Angus Mail SMTPTransport):
// - protocol `smtp` (default) or `smtps` (implicit TLS); Jakarta keys are read under `mail.<protocol>.`.
// - port: spring.mail.port, else mail.<protocol>.port, else 465 when SSL is on, else 25.
// - `ssl.enable` / `spring.mail.ssl.enabled` / smtps / the legacy SSLSocketFactory idiom: implicit TLS.
//   `starttls.required`: STARTTLS required; `starttls.enable` alone: opportunistic; neither: plaintext.
// - AUTH happens when mail.<protocol>.auth is "true", and also whenever both a username and a password are passed
//   (SMTPTransport.protocolConnect authenticates with credentials even without the property).
// - Jakarta reads boolean properties as strings: only "true" (any case) turns a default-false switch on.
// - `ssl.trust` = `*` (or a list naming the relay) and `ssl.checkserveridentity=false` disable certificate checks.
import type { DuplicateSetting, MailProfile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';

/** One setting of a flattened configuration document. */
export interface FlatEntry {
  /** Canonical key (see canonicalKey): what lookups compare. */
  key: string;
  /** The flattened key as written, for messages: `spring.mail.properties.mail.smtp.starttls.enable`. */
  writtenKey: string;
  /** The value as the application reads it; undefined for a null or non-scalar value. */
  value: string | undefined;
  keySpan: Span;
  /** The value's text in the file (inside quotes): what replace edits. */
  valueSpan: Span;
  /** The whole entry, for duplicate reports. */
  span: Span;
  /** Index of the document the entry is in. */
  doc: number;
}

export interface InsertItem {
  /** Canonically written flattened key: `spring.mail.properties.mail.smtp.starttls.required`. */
  key: string;
  /** Value text as it should be written (`true`, `587`). */
  value: string;
  /** Keys to insert after when one of them is in the document, in order of preference. */
  after?: string[];
}

/** File-syntax edits for flattened keys; the format knows its nesting and quoting. */
export interface FlatWriter {
  /** Replace an entry's value text (the quoting around it stays); [] when it cannot be rewritten in place. */
  replace(entry: FlatEntry, raw: string): TextEdit[];
  /**
   * Add keys to document `doc` in the file's own style; several keys under one new parent must share it. `removed`
   * are entries the same fix deletes: never a place to insert next to. Undefined when a key has no clean place
   * (then the fix is not offered: no half fix).
   */
  insert(doc: number, items: InsertItem[], removed: readonly FlatEntry[]): TextEdit[] | undefined;
  /** Remove entries entirely (together, so neighbours and emptied parents go cleanly); [] when it cannot. */
  remove(entries: readonly FlatEntry[]): TextEdit[];
}

export interface FlatProfilesResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  duplicates: DuplicateSetting[];
}

const PROPS = 'spring.mail.properties.';

/**
 * Relaxed binding: outside the raw `properties` map Spring ignores case, `-` and `_` (`jndi-name` = `jndiName`);
 * Jakarta property names inside it are compared case-insensitively here (they are all lower-case but
 * `socketFactory`).
 */
export function canonicalKey(written: string): string {
  const lower = written.toLowerCase();
  if (lower.startsWith(PROPS)) return lower;
  return lower.replace(/[-_]/g, '');
}

// ---- Placeholders ---------------------------------------------------------------------------------------------

export interface SpringValue {
  /** The value, or the placeholder's default. */
  text: string;
  origin: 'literal' | 'fallback';
  /** `${SMTP_PORT}` for `${SMTP_PORT:587}`. */
  reference?: string;
  /** A placeholder without a default, or text around a placeholder: the runtime value is unknown. */
  unknown: boolean;
}

/** Index of the `}` closing the `${` at `open`, or -1. */
function closingBrace(t: string, open: number): number {
  let depth = 0;
  for (let i = open; i < t.length; i++) {
    if (t[i] === '$' && t[i + 1] === '{') {
      depth++;
      i++;
    } else if (t[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Spring placeholders: `${NAME}` (unknown), `${NAME:default}` (the default, as a fallback), nested defaults. */
export function readSpringValue(raw: string): SpringValue {
  const t = raw.trim();
  if (t.startsWith('${') && closingBrace(t, 0) === t.length - 1) {
    const body = t.slice(2, -1);
    let depth = 0;
    let colon = -1;
    for (let i = 0; i < body.length; i++) {
      if (body[i] === '$' && body[i + 1] === '{') depth++;
      else if (body[i] === '}') depth--;
      else if (body[i] === ':' && depth === 0) {
        colon = i;
        break;
      }
    }
    const name = colon >= 0 ? body.slice(0, colon) : body;
    if (colon < 0) return { text: '', origin: 'literal', reference: `\${${name}}`, unknown: true };
    const inner = readSpringValue(body.slice(colon + 1));
    return { text: inner.text, origin: 'fallback', reference: `\${${name}}`, unknown: inner.unknown };
  }
  if (t.includes('${')) return { text: '', origin: 'literal', reference: t, unknown: true };
  return { text: raw, origin: 'literal', unknown: false };
}

/** New value text for an entry: inside a placeholder's default when the value is one, else the value itself. */
function rawFor(entry: FlatEntry, value: string): string | undefined {
  const current = entry.value ?? '';
  const t = current.trim();
  if (t.startsWith('${')) {
    const v = readSpringValue(t);
    if (v.origin !== 'fallback' || v.unknown) return undefined; // only the environment decides: leave it alone
    const colon = findDefaultColon(t);
    return colon < 0 ? undefined : `${t.slice(0, colon + 1)}${value}}`;
  }
  return value;
}

function findDefaultColon(t: string): number {
  let depth = 0;
  for (let i = 2; i < t.length - 1; i++) {
    if (t[i] === '$' && t[i + 1] === '{') depth++;
    else if (t[i] === '}') depth--;
    else if (t[i] === ':' && depth === 0) return i;
  }
  return -1;
}

/** Jakarta Mail's PropUtil: a string switch that defaults to false is on only for "true". */
const jakartaTrue = (v: string | undefined) => v !== undefined && readSpringValue(v).text.trim().toLowerCase() === 'true';
/** ... and one that defaults to true is off only for "false". */
const jakartaFalse = (v: string | undefined) => v !== undefined && readSpringValue(v).text.trim().toLowerCase() === 'false';
/** Spring's own boolean conversion (spring.mail.ssl.enabled). */
const springTrue = (v: string | undefined) => v !== undefined && ['true', 'on', 'yes', '1'].includes(readSpringValue(v).text.trim().toLowerCase());

/** The edits when none overlap (applyEdits rejects overlaps), else undefined: a fix is whole or not offered. */
export function nonOverlapping(edits: TextEdit[]): TextEdit[] | undefined {
  if (edits.length === 0) return undefined;
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) if (sorted[i].start < sorted[i - 1].end) return undefined;
  return edits;
}

// ---- Key vocabulary -------------------------------------------------------------------------------------------

const HOST = 'spring.mail.host';
const PORT = 'spring.mail.port';
const USERNAME = 'spring.mail.username';
const PASSWORD = 'spring.mail.password';
const PROTOCOL = 'spring.mail.protocol';
const SSL_ENABLED = 'spring.mail.ssl.enabled';
const JNDI = 'spring.mail.jndiname';
const ACTIVATION = ['spring.config.activate.onprofile', 'spring.profiles', 'spring.config.activate.oncloudplatform'];
/** Keys that do not change how the connection is made. */
const NOT_CONNECTION = new Set([USERNAME, PASSWORD, 'spring.mail.defaultencoding', 'spring.mail.testconnection']);
const SSL_SOCKET_FACTORY = 'javax.net.ssl.sslsocketfactory';

function roleOf(key: string): SymbolRole | undefined {
  if (key === HOST) return 'host';
  if (key === PORT || /^spring\.mail\.properties\.mail\.smtps?\.(port|socketfactory\.port)$/.test(key)) return 'port';
  if (key === USERNAME) return 'user';
  if (key === PASSWORD) return 'password';
  if (key === PROTOCOL || key === SSL_ENABLED || /^spring\.mail\.properties\.mail\.smtps?\.(starttls\.(enable|required)|ssl\.enable|socketfactory\.class)$/.test(key)) return 'tls';
  if (/^spring\.mail\.properties\.mail\.smtps?\.auth$/.test(key)) return 'auth';
  if (/^spring\.mail\.properties\.mail\.smtps?\.ssl\.(trust|checkserveridentity)$/.test(key)) return 'verify';
  if (key === JNDI) return 'mailer';
  if (key.startsWith('spring.mail.')) return 'other';
  return undefined;
}

const isMailKey = (key: string) => key.startsWith('spring.mail.') && key !== 'spring.mail.properties';
/** Keys that make a set of entries a mail configuration (not only `default-encoding`). */
const isMailSetting = (key: string) =>
  [HOST, PORT, USERNAME, PASSWORD, PROTOCOL, SSL_ENABLED, JNDI].includes(key) || /^spring\.mail\.properties\.mail\.smtps?\./.test(key);

interface Located {
  entry: FlatEntry;
  /** Comes from a document without activation, seen from a profile document. */
  inherited: boolean;
}

type View = Map<string, Located>;

function activationOf(entries: readonly FlatEntry[]): string | undefined {
  let found: string | undefined;
  for (const e of entries) if (ACTIVATION.includes(e.key) && e.value !== undefined && e.value.trim()) found = e.value.trim();
  return found;
}

// ---- Profiles -------------------------------------------------------------------------------------------------

class SpringProfileBuilder {
  constructor(
    private readonly view: View,
    /** The document a profile's edits insert into. */
    private readonly homeDoc: number,
    private readonly writer: FlatWriter,
    private readonly label: string,
  ) {}

  private get(key: string): Located | undefined {
    const l = this.view.get(key);
    return l && l.entry.value !== undefined ? l : undefined;
  }

  /**
   * A setting read from an entry (a fallback when the entry is a placeholder with a default). Inherited ones have no
   * span: findings about them land on this profile's document, where its fixes write.
   */
  private setting<T>(loc: Located, value: T): Setting<T> {
    if (loc.inherited) return { value, origin: 'implied', key: `${loc.entry.writtenKey} of the default document` };
    const v = readSpringValue(loc.entry.value ?? '');
    return { value, origin: v.origin, key: loc.entry.writtenKey, span: loc.entry.valueSpan, keySpan: loc.entry.keySpan, reference: v.reference };
  }

  build(anchor: Span, activeOverride?: { active: false; reason: string }): MailProfile {
    const protocolLoc = this.get(PROTOCOL);
    const protocol = protocolLoc ? readSpringValue(protocolLoc.entry.value!).text.trim().toLowerCase() || 'smtp' : 'smtp';
    const knownProtocol = protocol === 'smtp' || protocol === 'smtps';
    const p = `${PROPS}mail.${knownProtocol ? protocol : 'smtp'}.`;
    const prop = (name: string) => this.get(p + name);

    // Encryption.
    const sslEnabled = this.get(SSL_ENABLED);
    const sslEnable = prop('ssl.enable');
    const socketFactory = prop('socketfactory.class');
    const sslFactory = socketFactory && readSpringValue(socketFactory.entry.value!).text.trim().toLowerCase() === SSL_SOCKET_FACTORY ? socketFactory : undefined;
    const starttlsEnable = prop('starttls.enable');
    const starttlsRequired = prop('starttls.required');
    let tls: Setting<TlsMode>;
    let sslOn = false;
    if (protocol === 'smtps') {
      tls = this.setting(protocolLoc!, 'implicit');
      sslOn = true;
    } else if (sslEnabled && springTrue(sslEnabled.entry.value)) {
      tls = this.setting(sslEnabled, 'implicit');
      sslOn = true;
    } else if (sslEnable && jakartaTrue(sslEnable.entry.value)) {
      tls = this.setting(sslEnable, 'implicit');
      sslOn = true;
    } else if (sslFactory) {
      tls = this.setting(sslFactory, 'implicit');
    } else if (starttlsRequired && jakartaTrue(starttlsRequired.entry.value)) {
      tls = this.setting(starttlsRequired, 'starttls');
    } else if (starttlsEnable && jakartaTrue(starttlsEnable.entry.value)) {
      tls = this.setting(starttlsEnable, 'opportunistic');
    } else if (starttlsEnable) {
      tls = this.setting(starttlsEnable, 'none');
    } else {
      tls = { value: 'none', origin: 'default', key: `${p}starttls.enable` };
    }

    // Port: the SSL socket factory's own port wins when that idiom is used.
    const portLoc = (sslFactory && prop('socketfactory.port')) || this.get(PORT) || prop('port');
    let port: Setting<number | string> | undefined;
    if (portLoc) {
      const v = readSpringValue(portLoc.entry.value!);
      const t = v.text.trim();
      if (!v.unknown && t !== '') port = this.setting(portLoc, /^\d{1,9}$/.test(t) ? Number(t) : t);
    } else {
      port = { value: sslOn ? 465 : 25, origin: 'default', key: PORT };
    }

    // Host.
    const hostLoc = this.get(HOST);
    let host: Setting<string> | undefined;
    if (hostLoc) {
      const v = readSpringValue(hostLoc.entry.value!);
      if (!v.unknown && v.text.trim()) host = this.setting(hostLoc, v.text.trim());
    }

    // Credentials and AUTH.
    const userLoc = this.get(USERNAME);
    const passLoc = this.get(PASSWORD);
    const present = (loc: Located | undefined) => {
      if (!loc) return false;
      const v = readSpringValue(loc.entry.value!);
      return v.unknown || v.text !== '';
    };
    const authLoc = prop('auth');
    let auth: Setting<boolean>;
    if (authLoc && jakartaTrue(authLoc.entry.value)) auth = this.setting(authLoc, true);
    else if (present(userLoc) && present(passLoc)) auth = { value: true, origin: 'implied', key: `${USERNAME} and ${PASSWORD}` };
    else if (authLoc) auth = this.setting(authLoc, false);
    else auth = { value: false, origin: 'default', key: `${p}auth` };

    let user: Setting<string> | undefined;
    if (userLoc) {
      const v = readSpringValue(userLoc.entry.value!);
      if (!v.unknown && v.text) user = this.setting(userLoc, v.text);
    }
    let password: Setting<SecretValue> | undefined;
    if (passLoc) {
      const v = readSpringValue(passLoc.entry.value!);
      const kind: SecretValue['kind'] = v.unknown || v.origin === 'fallback' ? 'reference' : v.text === '' ? 'empty' : 'literal';
      password = { ...this.setting(passLoc, { kind, text: kind === 'literal' ? v.text : '' }), origin: 'literal' };
      if (passLoc.inherited) delete password.span; // judged (and reported) in the document that writes it
    }

    // Certificate checks.
    const verifyDisabled: Setting<string>[] = [];
    const verifyFixes = new Map<Setting<string>, () => TextEdit[] | undefined>();
    const trust = prop('ssl.trust');
    if (trust) {
      const t = readSpringValue(trust.entry.value!).text.trim();
      const hosts = t.split(/\s+/).filter(Boolean);
      const relay = host?.value.toLowerCase();
      if (t === '*' || (relay && hosts.some((h) => h.toLowerCase() === relay))) {
        const sw = this.setting(trust, t === '*' ? `${trust.entry.writtenKey}=*` : `${trust.entry.writtenKey} trusts the relay without checks`);
        verifyDisabled.push(sw);
        verifyFixes.set(sw, () => (trust.inherited ? undefined : nonOverlapping(this.writer.remove([trust.entry]))));
      }
    }
    const identity = prop('ssl.checkserveridentity');
    if (identity && jakartaFalse(identity.entry.value)) {
      const sw = this.setting(identity, `${identity.entry.writtenKey}=false`);
      verifyDisabled.push(sw);
      verifyFixes.set(sw, () => this.apply([[identity.entry.writtenKey, 'true']], []));
    }

    const jndi = this.get(JNDI);
    let active = true;
    let inactiveReason: string | undefined;
    if (jndi && readSpringValue(jndi.entry.value!).text.trim()) {
      active = false;
      inactiveReason = 'spring.mail.jndi-name is set: the mail session comes from JNDI, not from these settings';
    } else if (!knownProtocol) {
      active = false;
      inactiveReason = `spring.mail.protocol is "${protocol}", not smtp or smtps`;
    } else if (activeOverride) {
      active = false;
      inactiveReason = activeOverride.reason;
    }

    return {
      label: this.label,
      ecosystem: 'spring-boot',
      active,
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
        setTransport: (targetPort, mode) => this.transportEdits(targetPort, mode, { protocol, p, sslEnabled, sslEnable, sslFactory, portLoc }),
        enableVerification: (sw) => verifyFixes.get(sw)?.(),
      },
    };
  }

  private transportEdits(
    targetPort: number,
    mode: 'starttls' | 'implicit',
    s: { protocol: string; p: string; sslEnabled?: Located; sslEnable?: Located; sslFactory?: Located; portLoc?: Located },
  ): TextEdit[] | undefined {
    const sets: [string, string][] = [];
    const removals: Located[] = [];
    const factoryPort = s.sslFactory ? this.get(`${s.p}socketfactory.port`) : undefined;
    const dropFactory = mode === 'starttls' && s.sslFactory !== undefined;
    // The port where it is written (a bare ${VAR} is left to the environment), else spring.mail.port by the host.
    // When the SSL socket factory goes, its port goes with it and the plain port setting takes the new value.
    const portLoc = dropFactory && s.portLoc === factoryPort ? this.get(PORT) ?? this.get(`${s.p}port`) : s.portLoc;
    sets.push([portLoc?.entry.writtenKey ?? PORT_WRITTEN, String(targetPort)]);
    if (mode === 'starttls') {
      let p = s.p;
      if (s.protocol === 'smtps') {
        sets.push([PROTOCOL_WRITTEN, 'smtp']);
        p = `${PROPS}mail.smtp.`;
      }
      if (s.sslEnabled && springTrue(s.sslEnabled.entry.value)) sets.push([s.sslEnabled.entry.writtenKey, 'false']);
      if (s.sslEnable && jakartaTrue(s.sslEnable.entry.value)) sets.push([s.sslEnable.entry.writtenKey, 'false']);
      if (dropFactory) {
        for (const name of ['socketfactory.class', 'socketfactory.port', 'socketfactory.fallback']) {
          const loc = this.get(s.p + name);
          if (!loc) continue;
          if (loc.inherited) return undefined; // an inherited socket factory cannot be switched off from here
          removals.push(loc);
        }
      }
      sets.push([`${p}starttls.enable`, 'true'], [`${p}starttls.required`, 'true']);
    } else if (s.protocol !== 'smtps' && !s.sslFactory) {
      sets.push(s.sslEnabled ? [s.sslEnabled.entry.writtenKey, 'true'] : [`${s.p}ssl.enable`, 'true']);
    }
    return this.apply(sets, removals);
  }

  /** Set keys (replace where written in this profile's documents, else insert into its document) and remove entries. */
  private apply(sets: [string, string][], removals: Located[]): TextEdit[] | undefined {
    const edits: TextEdit[] = [];
    const inserts: InsertItem[] = [];
    for (const [written, value] of sets) {
      const key = canonicalKey(written);
      const loc = this.view.get(key);
      if (loc && loc.entry.value !== undefined) {
        const current = readSpringValue(loc.entry.value);
        if (current.text.trim().toLowerCase() === value.toLowerCase() && !current.unknown) continue;
        if (!loc.inherited) {
          const raw = rawFor(loc.entry, value);
          if (raw === undefined) continue; // a bare ${VAR}: the environment decides
          // A value the writer cannot rewrite in place (a YAML escape or line break in it): no half fix, which the
          // next pass would judge anew (the port stays while TLS flips, every pass again).
          const replaced = this.writer.replace(loc.entry, raw);
          if (replaced.length === 0) return undefined;
          edits.push(...replaced);
          continue;
        }
        if (current.unknown) continue;
      }
      inserts.push({ key: written, value, after: key === PORT ? [HOST_WRITTEN] : key.startsWith(PROPS) ? undefined : [PORT_WRITTEN, HOST_WRITTEN] });
    }
    const removed = removals.map((r) => r.entry);
    if (removed.length) {
      const removal = this.writer.remove(removed);
      if (removal.length === 0) return undefined; // cannot take them out cleanly: no half fix
      edits.push(...removal);
    }
    if (inserts.length) {
      const inserted = this.writer.insert(this.homeDoc, inserts, removed);
      if (!inserted) return undefined;
      edits.push(...inserted);
    }
    return nonOverlapping(edits);
  }
}

const PORT_WRITTEN = 'spring.mail.port';
const HOST_WRITTEN = 'spring.mail.host';
const PROTOCOL_WRITTEN = 'spring.mail.protocol';

/** Mail profiles of a Spring Boot configuration file, given its documents' flattened entries. */
export function springProfiles(docs: readonly FlatEntry[][], writer: FlatWriter): FlatProfilesResult {
  const symbols: SettingSymbol[] = [];
  const secrets = new Set<string>();
  const duplicates: DuplicateSetting[] = [];
  const profiles: MailProfile[] = [];

  docs.forEach((entries) => {
    const byKey = new Map<string, FlatEntry[]>();
    for (const e of entries) {
      const role = roleOf(e.key);
      if (role) symbols.push({ key: e.writtenKey, role, ecosystem: 'spring-boot', keySpan: e.keySpan, valueSpan: e.valueSpan });
      if (e.key === PASSWORD && e.value) {
        const v = readSpringValue(e.value);
        if (!v.unknown && v.origin === 'literal' && v.text.length >= 3) secrets.add(v.text);
      }
      if (!isMailKey(e.key)) continue;
      const list = byKey.get(e.key) ?? [];
      list.push(e);
      byKey.set(e.key, list);
    }
    for (const list of byKey.values()) {
      if (list.length < 2) continue;
      const winner = list[list.length - 1];
      for (const loser of list.slice(0, -1)) {
        duplicates.push({
          key: loser.writtenKey,
          winner: winner.span,
          loser: loser.span,
          rule: 'the last value wins (Spring Boot)',
          removal: nonOverlapping(writer.remove([loser])) ?? [],
        });
      }
    }
  });

  const mailEntries = (entries: readonly FlatEntry[]) => entries.filter((e) => isMailKey(e.key) && e.value !== undefined);
  const activations = docs.map(activationOf);
  const baseView: View = new Map();
  let baseHome = -1;
  docs.forEach((entries, i) => {
    if (activations[i] !== undefined) return;
    const mail = mailEntries(entries);
    if (mail.length === 0) return;
    for (const e of mail) baseView.set(e.key, { entry: e, inherited: false });
    baseHome = i;
  });
  const hostEntry = baseView.get(HOST)?.entry;
  if (hostEntry) baseHome = hostEntry.doc;
  const anchorOf = (entries: FlatEntry[]): Span => {
    const host = entries.find((e) => e.key === HOST);
    const first = host ?? entries.find((e) => isMailSetting(e.key)) ?? entries[0];
    return first.span;
  };
  const hasBase = [...baseView.keys()].some(isMailSetting);
  if (hasBase) {
    const own = [...baseView.values()].map((l) => l.entry);
    const builder = new SpringProfileBuilder(baseView, baseHome, writer, 'Spring Boot spring.mail.* settings');
    profiles.push(builder.build(anchorOf(own.filter((e) => e.doc === baseHome))));
  }
  docs.forEach((entries, i) => {
    const activation = activations[i];
    if (activation === undefined) return;
    const mail = mailEntries(entries);
    if (!mail.some((e) => isMailSetting(e.key))) return;
    const view: View = new Map();
    for (const [k, l] of baseView) view.set(k, { entry: l.entry, inherited: true });
    for (const e of mail) view.set(e.key, { entry: e, inherited: false });
    const label = `Spring Boot spring.mail.* settings (profile ${activation})`;
    const builder = new SpringProfileBuilder(view, i, writer, label);
    // A profile document that only changes credentials connects like the default document, which is judged itself.
    const changesConnection = !hasBase || mail.some((e) => !NOT_CONNECTION.has(e.key));
    profiles.push(
      builder.build(anchorOf(mail), changesConnection ? undefined : { active: false, reason: 'this profile only changes credentials; its connection is the default document\'s' }),
    );
  });
  return { profiles, symbols, secrets: [...secrets], duplicates };
}
