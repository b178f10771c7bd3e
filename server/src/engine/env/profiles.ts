// Environment variables → mail profiles: Laravel MAIL_*, Symfony MAILER_DSN, Django EMAIL_*, Flask-Mail, and the
// generic SMTP_* keys. Independent of file syntax: a format hands over its entries and a writer for edits, so
// `.env` files and (later) compose `environment:` blocks share this vocabulary.

import { dsnBool, dsnRemoveParamEdits, dsnTransportEdits, parseDsn, type DsnEndpoint } from '../dsn';
import type { DuplicateSetting, MailProfile, ParseContext, SecretValue, Setting, SettingSymbol, SymbolRole, TextEdit, TlsMode } from '../model';
import { RecentFiles } from '../recent-files';
import { appProfiles, smtpFamilyApp } from './apps';
import { djangoStyleProfile } from './django-style';
import { EnvReader, type EnvEntry, type EnvOptions, type EnvProfilesResult, type EnvWriter, type Lookup } from './reader';
import { boolInStyle, envBool, portSetting, readEnvValue } from './values';

export type { EnvApp, EnvEntry, EnvOptions, EnvProfilesResult, EnvWriter } from './reader';

const LARAVEL_KEYS = ['MAIL_MAILER', 'MAIL_DRIVER', 'MAIL_HOST', 'MAIL_PORT', 'MAIL_ENCRYPTION', 'MAIL_SCHEME', 'MAIL_URL', 'MAIL_USERNAME', 'MAIL_PASSWORD'];
const FLASK_KEYS = ['MAIL_SERVER', 'MAIL_PORT', 'MAIL_USE_TLS', 'MAIL_USE_SSL', 'MAIL_USERNAME', 'MAIL_PASSWORD'];
const DJANGO_KEYS = ['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_URL'];
const GENERIC_KEYS = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'SMTP_SECURITY', 'SMTP_AUTH', 'SMTP_USER', 'SMTP_USERNAME', 'SMTP_LOGIN', 'SMTP_PASS', 'SMTP_PASSWORD'];
const SYMFONY_KEYS = ['MAILER_DSN'];

/** A Map, not an object: any key of a file is looked up (`constructor` must not find Object's). */
const ROLE = new Map<string, SymbolRole>([
  ['MAIL_MAILER', 'mailer'], ['MAIL_DRIVER', 'mailer'], ['EMAIL_BACKEND', 'mailer'], ['MAIL_HOST', 'host'],
  ['MAIL_SERVER', 'host'], ['EMAIL_HOST', 'host'], ['SMTP_HOST', 'host'], ['MAIL_PORT', 'port'],
  ['EMAIL_PORT', 'port'], ['SMTP_PORT', 'port'], ['MAIL_ENCRYPTION', 'tls'], ['MAIL_SCHEME', 'tls'],
  ['MAIL_USE_TLS', 'tls'], ['MAIL_USE_SSL', 'tls'], ['EMAIL_USE_TLS', 'tls'], ['EMAIL_USE_SSL', 'tls'],
  ['SMTP_SECURE', 'tls'], ['SMTP_SECURITY', 'tls'], ['SMTP_AUTH', 'auth'], ['MAIL_USERNAME', 'user'],
  ['EMAIL_HOST_USER', 'user'], ['SMTP_USER', 'user'], ['SMTP_USERNAME', 'user'], ['SMTP_LOGIN', 'user'],
  ['MAIL_PASSWORD', 'password'], ['EMAIL_HOST_PASSWORD', 'password'], ['SMTP_PASS', 'password'],
  ['SMTP_PASSWORD', 'password'], ['MAIL_URL', 'dsn'], ['MAILER_DSN', 'dsn'], ['EMAIL_URL', 'dsn'],
]);

/** Keys only Laravel reads, and only Flask-Mail reads; MAIL_PORT, MAIL_USERNAME and MAIL_PASSWORD are both's. */
const LARAVEL_ONLY_KEYS = ['MAIL_MAILER', 'MAIL_DRIVER', 'MAIL_HOST', 'MAIL_ENCRYPTION', 'MAIL_SCHEME', 'MAIL_URL'];
const FLASK_ONLY_KEYS = ['MAIL_SERVER', 'MAIL_USE_TLS', 'MAIL_USE_SSL'];

const SECRET_KEY = /(PASS|PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY)$/i;

/** Some other client's port (DB_PORT, REDIS_PORT, SMTP_HOST_PORT), for hovers: PORT as a word, not in REPORTING. */
const PORT_WORD = /(^|_)PORT(_|$)/i;

const MAIL_KEYS = new Set([...LARAVEL_KEYS, ...FLASK_KEYS, ...DJANGO_KEYS, ...GENERIC_KEYS, ...SYMFONY_KEYS]);

/** Laravel mailers that don't talk SMTP. */
const LARAVEL_NON_SMTP = new Set(['log', 'array', 'sendmail', 'ses', 'ses-v2', 'postmark', 'resend', 'mailgun', 'null', 'mail']);

class Builder extends EnvReader {
  /**
   * Laravel and Flask-Mail share MAIL_PORT, MAIL_USERNAME and MAIL_PASSWORD. A file is read as one of them, never
   * both: two profiles on one MAIL_PORT would ask for contradicting fixes (465 for one, 587 for the other), and --fix
   * would flip the port on every pass. The one with more of its own keys wins; on a tie, the one whose host key is
   * set (MAIL_HOST or MAIL_SERVER, when only one is); else Laravel.
   */
  mailPrefixOwner(): 'laravel' | 'flask-mail' {
    const laravel = LARAVEL_ONLY_KEYS.filter((k) => this.get(k)).length;
    const flask = FLASK_ONLY_KEYS.filter((k) => this.get(k)).length;
    if (laravel !== flask) return laravel > flask ? 'laravel' : 'flask-mail';
    if (this.get('MAIL_SERVER') && !this.get('MAIL_HOST')) return 'flask-mail';
    return 'laravel';
  }

  // ---- Laravel ---------------------------------------------------------------------------------------------

  laravel(): void {
    const present = LARAVEL_KEYS.some((k) => this.get(k));
    if (!present || this.mailPrefixOwner() !== 'laravel') return;
    const mailerEntry = this.get('MAIL_MAILER') ?? this.get('MAIL_DRIVER');
    const mailer = this.text(mailerEntry?.key ?? '')?.trim().toLowerCase();
    const active = !mailer || !LARAVEL_NON_SMTP.has(mailer);
    const major = Number((this.ctx.hints.laravelVersion ?? '').split('.')[0]) || undefined;
    // SwiftMailer (Laravel ≤ 8; MAIL_DRIVER means ≤ 6) never upgrades on its own; Symfony Mailer (9+) does.
    const swift = major !== undefined ? major <= 8 : !!this.get('MAIL_DRIVER') && !this.get('MAIL_MAILER');
    const anchor = this.anchor(['MAIL_MAILER', 'MAIL_DRIVER', 'MAIL_HOST', 'MAIL_PORT', 'MAIL_URL']);
    const inactiveReason = active ? undefined : `MAIL_MAILER is "${mailer}", which does not send over SMTP`;

    const urlEntry = this.get('MAIL_URL');
    if (urlEntry && this.text('MAIL_URL')?.trim()) {
      this.dsnProfiles(urlEntry, 'laravel', 'MAIL_URL', active, inactiveReason);
      return;
    }
    const port = this.portSetting('MAIL_PORT');
    const portNumber = typeof port?.value === 'number' ? port.value : undefined;
    const encEntry = this.get('MAIL_ENCRYPTION');
    const enc = this.text('MAIL_ENCRYPTION')?.trim().toLowerCase();
    const schemeEntry = this.get('MAIL_SCHEME');
    const scheme = this.text('MAIL_SCHEME')?.trim().toLowerCase();
    let tls: Setting<TlsMode>;
    let tlsFromPort = false;
    const encKnown = enc !== undefined && enc !== '' && enc !== 'null' && enc !== '(null)';
    if (swift) {
      const mode: TlsMode = enc === 'tls' ? 'starttls' : enc === 'ssl' ? 'implicit' : 'none';
      tls = encEntry ? this.setting(encEntry, mode) : { value: 'none', origin: 'default', key: 'MAIL_ENCRYPTION' };
    } else if (scheme === 'smtps') {
      tls = this.setting(schemeEntry!, 'implicit');
    } else {
      // Symfony Mailer: implicit TLS on 465 by itself, else STARTTLS when offered. An explicit MAIL_SCHEME=smtp or
      // MAIL_ENCRYPTION=tls states the STARTTLS intent the stack was configured for.
      tlsFromPort = true;
      const intent = scheme === 'smtp' || encKnown;
      const mode: TlsMode = portNumber === 465 ? 'implicit' : intent ? 'starttls' : 'opportunistic';
      const source = scheme === 'smtp' ? schemeEntry : encEntry;
      tls = source ? this.setting(source, mode) : { value: mode, origin: 'default', key: 'MAIL_ENCRYPTION' };
    }
    const host = this.hostSetting('MAIL_HOST');
    this.profiles.push({
      label: 'Laravel MAIL_* settings',
      ecosystem: 'laravel',
      active,
      inactiveReason,
      host,
      port,
      tls,
      tlsFromPort,
      verifyDisabled: [],
      user: this.user('MAIL_USERNAME'),
      password: this.password('MAIL_PASSWORD'),
      secretsFile: this.options.secretsFile,
      anchor,
      edit: {
        setTransport: (p, mode) => {
          const after = ['MAIL_PORT', 'MAIL_HOST', 'MAIL_MAILER', 'MAIL_DRIVER'];
          const portEdit = this.setOrInsert('MAIL_PORT', String(p), ['MAIL_HOST', 'MAIL_MAILER', 'MAIL_DRIVER']);
          if (swift) return this.edits(portEdit, this.setOrInsert('MAIL_ENCRYPTION', mode === 'starttls' ? 'tls' : 'ssl', after));
          const schemeEdit = schemeEntry ? this.setOrInsert('MAIL_SCHEME', mode === 'starttls' ? 'smtp' : 'smtps', after) : undefined;
          // MAIL_ENCRYPTION=tls means STARTTLS up to Laravel 10 and is harmless after; 465 needs nothing (auto).
          const encEdit =
            mode === 'starttls'
              ? schemeEntry && !encEntry
                ? undefined
                : this.setOrInsert('MAIL_ENCRYPTION', 'tls', after)
              : encEntry
                ? this.setOrInsert('MAIL_ENCRYPTION', 'ssl', after)
                : undefined;
          return this.edits(portEdit, schemeEdit, encEdit);
        },
      },
    });
  }

  // ---- Symfony MAILER_DSN and other DSNs ----------------------------------------------------------------------

  symfony(): void {
    const e = this.get('MAILER_DSN');
    if (e) this.dsnProfiles(e, 'symfony', 'MAILER_DSN', true);
  }

  /** Profiles for a Symfony-style DSN (MAILER_DSN, Laravel MAIL_URL): smtp/smtps with Symfony's semantics. */
  dsnProfiles(entry: EnvEntry, ecosystem: string, key: string, active: boolean, inactiveReason?: string): void {
    const v = readEnvValue(entry.value);
    if (v.unknown) return;
    const endpoints = parseDsn(this.fileText, entry.valueSpan.start, entry.valueSpan.end);
    for (const ep of endpoints) {
      this.collectDsnSecrets(ep);
      const scheme = ep.scheme.value;
      const base = scheme.includes('+') ? scheme.split('+').pop()! : scheme;
      const bridge = scheme.includes('+');
      const smtp = base === 'smtp' || base === 'smtps';
      const host = ep.host?.value;
      const epActive = active && smtp && !(bridge && (host === 'default' || !host));
      const reason =
        inactiveReason ??
        (!smtp ? `${key} uses the "${scheme}" transport, not SMTP` : bridge ? `${key} uses the ${scheme} provider bridge, which picks host and port itself` : undefined);
      const hostSetting: Setting<string> | undefined = ep.host ? { value: ep.host.value, origin: 'literal', key, span: ep.host.span } : undefined;
      let port: Setting<number | string> | undefined = ep.port
        ? portSetting(ep.port.value, { origin: 'literal', key, span: ep.port.span })
        : undefined;
      const param = (name: string) => ep.params.find((p) => p.name.value === name);
      let tls: Setting<TlsMode>;
      let tlsFromPort = false;
      const local = host === 'localhost';
      if (base === 'smtps') {
        tls = { value: 'implicit', origin: 'literal', key, span: ep.scheme.span };
        port ??= { value: 465, origin: 'implied', key: `${key} (smtps:// without a port)`, span: ep.host?.span ?? ep.scheme.span };
      } else {
        tlsFromPort = true;
        // Symfony: no port means 465 with implicit TLS, except for `localhost` (25).
        port ??= { value: local ? 25 : 465, origin: 'implied', key: `${key} (no port)`, span: ep.host?.span ?? ep.scheme.span };
        const autoTls = param('auto_tls');
        const requireTls = param('require_tls');
        if (port.value === 465) tls = { value: 'implicit', origin: 'implied', key, span: ep.scheme.span };
        else if (autoTls && dsnBool(autoTls.value.value) === false) tls = { value: 'none', origin: 'literal', key: 'auto_tls', span: autoTls.span };
        else if (requireTls && dsnBool(requireTls.value.value) === true) tls = { value: 'starttls', origin: 'literal', key: 'require_tls', span: requireTls.span };
        else tls = { value: 'opportunistic', origin: 'literal', key, span: ep.scheme.span };
      }
      const verifyDisabled: Setting<string>[] = [];
      ep.params.forEach((p, i) => {
        if (p.name.value === 'verify_peer' && dsnBool(p.value.value) === false) {
          verifyDisabled.push({ value: `verify_peer=${p.value.value}`, origin: 'literal', key: `${key} verify_peer`, span: p.span, reference: String(i) });
        }
      });
      const pw = ep.password;
      const password: Setting<SecretValue> | undefined = pw
        ? { value: { kind: pw.value === '' ? 'empty' : /^(%env\(|\$\{|\$[A-Z_])/.test(pw.value) ? 'reference' : 'literal', text: pw.value }, origin: 'literal', key: `${key} password`, span: pw.span }
        : undefined;
      this.profiles.push({
        label: endpoints.length > 1 ? `${key} (${host ?? scheme})` : key,
        ecosystem,
        active: epActive,
        inactiveReason: epActive ? undefined : reason,
        host: hostSetting,
        port,
        tls,
        tlsFromPort,
        verifyDisabled,
        user: ep.user ? { value: ep.user.value, origin: 'literal', key: `${key} user`, span: ep.user.span } : undefined,
        password,
        secretsFile: this.options.secretsFile,
        anchor: ep.span,
        edit: {
          setTransport: (p, mode) => {
            const edits = dsnTransportEdits(ep, mode === 'implicit' ? 'smtps' : 'smtp', p);
            const auto = ep.params.findIndex((x) => x.name.value === 'auto_tls');
            const req = ep.params.find((x) => x.name.value === 'require_tls');
            if (mode === 'starttls') {
              if (auto >= 0 && dsnBool(ep.params[auto].value.value) === false) edits.push(...dsnRemoveParamEdits(ep, auto));
              if (!req) {
                const at = ep.span.end;
                edits.push({ start: at, end: at, newText: `${ep.queryStart !== undefined ? '&' : '?'}require_tls=1` });
              } else if (dsnBool(req.value.value) !== true) edits.push({ ...req.value.span, newText: '1' });
            }
            return edits;
          },
          enableVerification: (sw) => dsnRemoveParamEdits(ep, Number(sw.reference)),
        },
      });
    }
  }

  private collectDsnSecrets(ep: DsnEndpoint): void {
    if (ep.password?.value) this.secrets.push(ep.password.value, this.fileText.slice(ep.password.span.start, ep.password.span.end));
    // Provider bridges carry the API key as the user (sendgrid+smtp://KEY@default).
    if (ep.user?.value && (ep.scheme.value.includes('+') || !ep.password)) this.secrets.push(ep.user.value);
  }

  // ---- Django and Flask-Mail -----------------------------------------------------------------------------------

  django(): void {
    const url = this.get('EMAIL_URL');
    if (url && this.text('EMAIL_URL')?.trim()) return this.djangoUrl(url);
    djangoStyleProfile(this, {
      label: 'Django EMAIL_* settings',
      ecosystem: 'django',
      keys: { host: 'EMAIL_HOST', port: 'EMAIL_PORT', tls: 'EMAIL_USE_TLS', ssl: 'EMAIL_USE_SSL', user: 'EMAIL_HOST_USER', pass: 'EMAIL_HOST_PASSWORD' },
      presence: ['EMAIL_HOST', 'EMAIL_PORT'],
      inactive: () => {
        const backend = this.text('EMAIL_BACKEND')?.toLowerCase() ?? '';
        return /(console|filebased|locmem|dummy)/.test(backend) ? `EMAIL_BACKEND is ${backend}, which does not send mail` : undefined;
      },
      roles: { EMAIL_BACKEND: 'mailer' },
    });
  }

  flask(): void {
    if (this.mailPrefixOwner() !== 'flask-mail') return;
    djangoStyleProfile(this, {
      label: 'Flask-Mail MAIL_* settings',
      ecosystem: 'flask-mail',
      keys: { host: 'MAIL_SERVER', port: 'MAIL_PORT', tls: 'MAIL_USE_TLS', ssl: 'MAIL_USE_SSL', user: 'MAIL_USERNAME', pass: 'MAIL_PASSWORD' },
      presence: ['MAIL_SERVER', 'MAIL_USE_TLS', 'MAIL_USE_SSL'],
    });
  }

  /** django-environ EMAIL_URL: smtps and smtp+tls mean STARTTLS, smtp+ssl implicit TLS. */
  private djangoUrl(entry: EnvEntry): void {
    const [ep] = parseDsn(this.fileText, entry.valueSpan.start, entry.valueSpan.end);
    if (!ep) return;
    this.collectDsnSecrets(ep);
    const scheme = ep.scheme.value;
    const smtp = ['smtp', 'smtps', 'smtp+tls', 'smtp+ssl'].includes(scheme);
    const mode: TlsMode = scheme === 'smtp+ssl' ? 'implicit' : scheme === 'smtps' || scheme === 'smtp+tls' ? 'starttls' : 'none';
    const port = ep.port
      ? portSetting(ep.port.value, { origin: 'literal', key: 'EMAIL_URL', span: ep.port.span })
      : { value: mode === 'implicit' ? 465 : 25, origin: 'implied' as const, key: 'EMAIL_URL (no port)', span: ep.host?.span ?? ep.scheme.span };
    this.profiles.push({
      label: 'EMAIL_URL',
      ecosystem: 'django',
      active: smtp,
      inactiveReason: smtp ? undefined : `EMAIL_URL uses the "${scheme}" backend, which does not send mail over SMTP`,
      host: ep.host ? { value: ep.host.value, origin: 'literal', key: 'EMAIL_URL', span: ep.host.span } : undefined,
      port,
      tls: { value: mode, origin: 'literal', key: 'EMAIL_URL', span: ep.scheme.span },
      verifyDisabled: [],
      user: ep.user ? { value: ep.user.value, origin: 'literal', key: 'EMAIL_URL user', span: ep.user.span } : undefined,
      password: ep.password ? { value: { kind: ep.password.value ? 'literal' : 'empty', text: ep.password.value }, origin: 'literal', key: 'EMAIL_URL password', span: ep.password.span } : undefined,
      secretsFile: this.options.secretsFile,
      anchor: ep.span,
      edit: { setTransport: (p, m) => dsnTransportEdits(ep, m === 'implicit' ? 'smtp+ssl' : 'smtp+tls', p) },
    });
  }

  // ---- Generic SMTP_* ----------------------------------------------------------------------------------------

  generic(): void {
    if (!this.get('SMTP_HOST') && !this.get('SMTP_PORT')) return;
    const secureEntry = this.get('SMTP_SECURE');
    const securityEntry = this.get('SMTP_SECURITY');
    const secure = this.text('SMTP_SECURE')?.trim().toLowerCase();
    const security = this.text('SMTP_SECURITY')?.trim().toLowerCase();
    let tls: Setting<TlsMode> = { value: 'opportunistic', origin: 'default', key: 'SMTP_SECURE' };
    let guessed = true;
    if (securityEntry && security) {
      // Vaultwarden's vocabulary: starttls | force_tls | off.
      const mode: TlsMode | undefined = security === 'starttls' ? 'starttls' : security === 'force_tls' ? 'implicit' : security === 'off' ? 'none' : undefined;
      if (mode) {
        tls = this.setting(securityEntry, mode);
        guessed = false;
      }
    } else if (secureEntry && secure) {
      // `tls`/`ssl` as in PHP snippets; `true` as in Nodemailer-based apps (implicit TLS). `false` depends on the app.
      const mode: TlsMode | undefined =
        secure === 'tls' || secure === 'starttls' ? 'starttls' : secure === 'ssl' || envBool(secure) === true ? 'implicit' : undefined;
      if (mode) {
        tls = this.setting(secureEntry, mode);
        guessed = false;
      }
    }
    const authText = this.text('SMTP_AUTH');
    const authEntry = this.get('SMTP_AUTH');
    const auth = authEntry && authText !== undefined && envBool(authText) !== undefined ? this.setting(authEntry, envBool(authText)!) : undefined;
    this.profiles.push({
      label: 'SMTP_* settings',
      ecosystem: 'generic-env',
      active: true,
      host: this.hostSetting('SMTP_HOST'),
      port: this.portSetting('SMTP_PORT'),
      tls,
      tlsGuessed: guessed,
      verifyDisabled: [],
      auth,
      user: this.user('SMTP_USER', 'SMTP_USERNAME', 'SMTP_LOGIN'),
      password: this.password('SMTP_PASS', 'SMTP_PASSWORD'),
      secretsFile: this.options.secretsFile,
      anchor: this.anchor(['SMTP_HOST', 'SMTP_PORT']),
      edit: {
        setTransport: (p, mode) => {
          const portEdit = this.setOrInsert('SMTP_PORT', String(p), ['SMTP_HOST']);
          let tlsEdit: TextEdit | undefined;
          if (securityEntry) tlsEdit = this.setOrInsert('SMTP_SECURITY', mode === 'starttls' ? 'starttls' : 'force_tls', []);
          else if (secureEntry) {
            const wordStyle = ['tls', 'ssl', 'starttls'].includes(secure ?? '');
            const value = wordStyle ? (mode === 'starttls' ? 'tls' : 'ssl') : boolInStyle(mode === 'implicit', secureEntry.value);
            tlsEdit = this.setOrInsert('SMTP_SECURE', value, []);
          }
          return this.edits(portEdit, tlsEdit);
        },
      },
    });
  }
}

/** What the keys of a file say on their own, whatever their values: kept while typing leaves every key as it was. */
interface KeyIndex {
  /** The keys in file order, as this index was built from. */
  entryKeys: string[];
  winner: EnvOptions['winner'];
  /** Index of the entry whose value wins, per key, in the order keys first appear. */
  winners: Map<string, number>;
  keys: string[];
  repeated: Set<string>;
  /** Per entry: the hover role its key has in any vocabulary, and whether the key names a secret. */
  roles: (SymbolRole | undefined)[];
  secretKey: boolean[];
  /** What vocabularies computed from the keys alone (EnvReader.scanKeys). */
  scans: Map<string, unknown>;
}

/** The key index of the last entries of each recently linted file. */
const recentKeyIndexes = new RecentFiles<KeyIndex>();

/**
 * The key index of `entries`: reused when the file's keys are the ones of its last lint (a keystroke in a value or a
 * comment), which spares hashing every key of a big file into a map again and testing each against the patterns.
 */
function keyIndexFor(entries: readonly EnvEntry[], winner: EnvOptions['winner'], path: string): KeyIndex {
  const last = recentKeyIndexes.get(path);
  if (last && last.winner === winner && sameKeys(entries, last.entryKeys)) return last;
  const index = buildKeyIndex(entries, winner);
  recentKeyIndexes.set(path, index);
  return index;
}

function sameKeys(entries: readonly EnvEntry[], keys: readonly string[]): boolean {
  if (entries.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (entries[i]!.key !== keys[i]) return false;
  return true;
}

function buildKeyIndex(entries: readonly EnvEntry[], winner: EnvOptions['winner']): KeyIndex {
  // One map operation per entry when the last value wins; lists are built later only for the few keys that repeat.
  const winners = new Map<string, number>();
  const repeated = new Set<string>();
  const roles: (SymbolRole | undefined)[] = [];
  const secretKey: boolean[] = [];
  entries.forEach((e, i) => {
    const known = winners.size;
    if (winner === 'last') winners.set(e.key, i);
    else if (!winners.has(e.key)) winners.set(e.key, i);
    if (winners.size === known) repeated.add(e.key);
    roles.push(ROLE.get(e.key) ?? (PORT_WORD.test(e.key) ? 'port' : undefined));
    secretKey.push(SECRET_KEY.test(e.key));
  });
  return { entryKeys: entries.map((e) => e.key), winner, winners, keys: [...winners.keys()], repeated, roles, secretKey, scans: new Map() };
}

/** Build mail profiles, hover symbols, secrets and duplicates from a list of env entries in file order. */
export function envProfiles(entries: readonly EnvEntry[], text: string, writer: EnvWriter, ctx: ParseContext, options: EnvOptions): EnvProfilesResult {
  const index = keyIndexFor(entries, options.winner, ctx.path);
  const get: Lookup = (key) => {
    const i = index.winners.get(key);
    return i === undefined ? undefined : entries[i];
  };
  const b = new Builder(text, get, index.keys, writer, ctx, options, index.scans);
  b.laravel();
  b.symfony();
  b.django();
  b.flask();
  const family = smtpFamilyApp(b);
  appProfiles(b, family);
  if (!family) b.generic();

  const symbols: SettingSymbol[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const app = b.roles.size ? b.roles.get(e.key) : undefined;
    const role = app?.role ?? index.roles[i];
    if (role) symbols.push({ key: e.key, role, ecosystem: app?.ecosystem ?? ecosystemOfKey(e.key, b.profiles), keySpan: e.keySpan, valueSpan: e.valueSpan });
    if (index.secretKey[i] && e.value.trim().length >= 3) {
      const v = readEnvValue(e.value);
      if (!v.unknown) b.secrets.push(e.value.trim());
    }
  }

  const repeatedMailKeys = new Map<string, EnvEntry[]>();
  for (const key of index.repeated) if (MAIL_KEYS.has(key) || b.mailKeys.has(key)) repeatedMailKeys.set(key, []);
  if (repeatedMailKeys.size) for (const e of entries) repeatedMailKeys.get(e.key)?.push(e);
  const duplicates: DuplicateSetting[] = [];
  for (const [key, list] of [...repeatedMailKeys].sort((x, y) => x[1][0]!.keySpan.start - y[1][0]!.keySpan.start)) {
    const winner = get(key)!;
    for (const loser of list) {
      if (loser === winner) continue;
      duplicates.push({
        key,
        winner: { start: winner.keySpan.start, end: winner.valueSpan.end },
        loser: { start: loser.keySpan.start, end: loser.valueSpan.end },
        rule: options.duplicateRule,
        removal: [writer.removeEntry(loser)],
      });
    }
  }
  for (const p of b.profiles) {
    if (p.password?.value.kind === 'literal') b.secrets.push(p.password.value.text);
  }
  const secrets = new Set(b.secrets.filter((s) => s.length >= 3));
  // A value that is a secret also as the file spells it (a quoted compose value with `\x40` escapes, dotenv `\n`):
  // output that quotes file text (a diff) must mask that spelling too.
  if (secrets.size) {
    // Compared with the few secrets rather than hashing every value of a big file into the set.
    const known = [...secrets];
    for (const e of entries) {
      const v = e.value;
      let isSecret = false;
      for (const s of known) if (v === s || (v.length > s.length && v.trim() === s)) isSecret = true;
      if (!isSecret) continue;
      const written = text.slice(e.valueSpan.start, e.valueSpan.end);
      if (written !== e.value && written.trim().length >= 3) secrets.add(written.trim());
    }
  }
  return { profiles: b.profiles, symbols, secrets: [...secrets], duplicates };
}

function ecosystemOfKey(key: string, profiles: MailProfile[]): string {
  if (key.startsWith('EMAIL_')) return 'django';
  if (key === 'MAILER_DSN') return 'symfony';
  if (FLASK_ONLY_KEYS.includes(key)) return 'flask-mail';
  if (key.startsWith('MAIL_')) return profiles.some((p) => p.ecosystem === 'flask-mail') && FLASK_KEYS.includes(key) ? 'flask-mail' : 'laravel';
  return 'generic-env';
}
