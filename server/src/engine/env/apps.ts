// Self-hosted apps' mail settings as environment variables: Mastodon, Discourse, Gitea/Forgejo, Grafana, n8n,
// Vaultwarden, Outline, Authentik, Supabase Auth (GoTrue), Sentry, Plausible, Nextcloud's docker image and Ghost.
// Shared by `.env` files and compose `environment:` blocks. Each vocabulary follows its app's own semantics
// (docs/formats/compose-and-env.md lists them): the same word means different things per app (`SMTP_TLS=true` is
// implicit TLS in Mastodon; `SMTP_SSL=true` is STARTTLS in Vaultwarden's legacy keys).
//
// Several apps share the `SMTP_HOST`/`SMTP_PORT` names. `smtpFamilyApp` decides which app reads them from
// documented, app-specific keys (or the compose image, or a file named `<app>.env`); when no app or more than one
// app is indicated, the generic SMTP_* reading in profiles.ts stays in charge and stays quiet about TLS.

import type { MailProfile, Setting, SymbolRole, TextEdit, TlsMode } from '../model';
import { basename } from '../formats/path';
import { djangoStyleProfile } from './django-style';
import type { EnvApp, EnvEntry, EnvReader } from './reader';
import { boolInStyle, envBool, readEnvValue } from './values';
import { keyTable } from '../key-table';

type FamilyApp = Extract<EnvApp, 'mastodon' | 'vaultwarden' | 'outline' | 'nextcloud' | 'supabase'>;
const FAMILY: readonly FamilyApp[] = ['mastodon', 'vaultwarden', 'outline', 'nextcloud', 'supabase'];

/** Keys (or key combinations) only one app of the SMTP_* family uses. */
const FAMILY_SIGNALS: Record<FamilyApp, (r: EnvReader) => boolean> = {
  // SMTP_SERVER is Mastodon's host key; LOCAL_DOMAIN is required in every Mastodon .env.production.
  mastodon: (r) => r.has('SMTP_SERVER') || r.has('LOCAL_DOMAIN'),
  // Vaultwarden's own spellings (.env.template).
  vaultwarden: (r) => ['SMTP_SECURITY', 'SMTP_ACCEPT_INVALID_CERTS', 'SMTP_ACCEPT_INVALID_HOSTNAMES', 'SMTP_AUTH_MECHANISM', 'SMTP_EXPLICIT_TLS'].some((k) => r.has(k)),
  // Outline's .env.sample: UTILS_SECRET and the reply/cipher/STARTTLS keys are Outline's; SMTP_FROM_EMAIL alone is not.
  outline: (r) =>
    ['UTILS_SECRET', 'SMTP_REPLY_EMAIL', 'SMTP_TLS_CIPHERS', 'SMTP_DISABLE_STARTTLS'].some((k) => r.has(k)) ||
    (r.has('SMTP_FROM_EMAIL') && r.has('URL') && r.has('SECRET_KEY')),
  // The nextcloud image: SMTP_AUTHTYPE, NEXTCLOUD_* keys, or MAIL_DOMAIN with a bare local part in MAIL_FROM_ADDRESS.
  // Not SMTP_NAME: WordPress snippets use it for the sender name.
  nextcloud: (r) =>
    r.has('SMTP_AUTHTYPE') ||
    r.scanKeys('nextcloud', (keys) => keys.some((k) => k.startsWith('NEXTCLOUD_'))) ||
    (r.has('MAIL_DOMAIN') && /^[^@\s]+$/.test(r.text('MAIL_FROM_ADDRESS')?.trim() ?? '')),
  // supabase/docker/.env.example.
  supabase: (r) => ['SMTP_ADMIN_EMAIL', 'SMTP_SENDER_NAME', 'ENABLE_EMAIL_AUTOCONFIRM', 'SERVICE_ROLE_KEY'].some((k) => r.has(k)),
};

const FILE_NAME_APPS: Record<string, EnvApp> = keyTable({
  mastodon: 'mastodon',
  vaultwarden: 'vaultwarden',
  bitwarden_rs: 'vaultwarden',
  outline: 'outline',
  nextcloud: 'nextcloud',
  supabase: 'supabase',
  gotrue: 'supabase',
});

/** Which app of the SMTP_* family reads this file's SMTP_* keys, if that can be told honestly. */
export function smtpFamilyApp(r: EnvReader): FamilyApp | undefined {
  const named = /^([a-z_-]+)\.env$/i.exec(basename(r.ctx.path))?.[1]?.toLowerCase();
  const hint = r.options.app ?? (named ? FILE_NAME_APPS[named] : undefined);
  if (hint && (FAMILY as readonly string[]).includes(hint)) return hint as FamilyApp;
  const found = FAMILY.filter((app) => FAMILY_SIGNALS[app](r));
  return found.length === 1 ? found[0] : undefined;
}

/** Profiles of every app vocabulary found; the SMTP_* family only for the app `smtpFamilyApp` chose. */
export function appProfiles(r: EnvReader, family: FamilyApp | undefined): void {
  discourse(r);
  gitea(r);
  grafana(r);
  n8n(r);
  authentik(r);
  sentry(r);
  plausible(r);
  gotrue(r, 'GOTRUE_SMTP_', 'Supabase Auth GOTRUE_SMTP_* settings');
  ghost(r);
  switch (family) {
    case 'mastodon':
      return mastodon(r);
    case 'vaultwarden':
      return vaultwarden(r);
    case 'outline':
      return outline(r);
    case 'nextcloud':
      return nextcloud(r);
    case 'supabase':
      return gotrue(r, 'SMTP_', 'Supabase SMTP_* settings');
  }
}

// ---- helpers -----------------------------------------------------------------------------------------------------

const byDefault = <T>(value: T, key: string): Setting<T> => ({ value, origin: 'default', key });

/** Ruby truthiness of an env string after Discourse-style coercion: "false" is false, any other text is true. */
function rubyTruthy(text: string | undefined): boolean | undefined {
  const t = text?.trim();
  if (t === undefined || t === '') return undefined;
  return t !== 'false';
}

interface VerifySwitches {
  settings: Setting<string>[];
  enable(sw: Setting<string>): TextEdit[] | undefined;
}

/** Certificate-check kill switches: each present key whose value disables checks, and the edit that turns it back on. */
function verifySwitches(r: EnvReader, switches: { key: string; disables: (text: string) => boolean; secureValue: (text: string) => string | undefined }[]): VerifySwitches {
  const settings: Setting<string>[] = [];
  const fixes = new Map<string, () => TextEdit[] | undefined>();
  for (const s of switches) {
    const e = r.get(s.key);
    const t = r.text(s.key);
    if (!e || t === undefined || !s.disables(t)) continue;
    settings.push(r.setting(e, `${e.key}=${t.trim()}`));
    fixes.set(e.key, () => {
      const value = s.secureValue(t);
      return value === undefined ? undefined : r.edits(r.replace(e, value));
    });
  }
  return { settings, enable: (sw) => fixes.get(sw.key)?.() };
}

/** `host:port` (Grafana's GF_SMTP_HOST, Gitea's legacy HOST), IPv6 in brackets. */
function splitHostPort(value: string): { host: string; port?: string; portOffset?: number } {
  const v = value.trim();
  const lead = value.indexOf(v);
  const m = /^(\[[^\]]*\]|[^:]*):([^:]*)$/.exec(v);
  if (!m) return { host: v };
  return { host: m[1], port: m[2], portOffset: lead + m[1].length + 1 };
}

/** The port part of a `host:port` entry as a setting, on the port's own text when the file holds the value verbatim. */
function hostPortSettings(r: EnvReader, entry: EnvEntry): { host?: Setting<string>; port?: Setting<number | string>; hostText?: string } {
  const v = readEnvValue(entry.value);
  if (v.unknown) return {};
  const parts = splitHostPort(v.text);
  // An empty host before `:port` is this machine (Go dials ":25").
  const host = r.setting(entry, parts.host.replace(/^\[|\]$/g, '') || 'localhost');
  if (parts.port === undefined || parts.port.trim() === '') return { host, hostText: parts.host };
  const raw = r.fileText.slice(entry.valueSpan.start, entry.valueSpan.end);
  const portSpan =
    v.origin === 'literal' && raw === entry.value && parts.portOffset !== undefined
      ? { start: entry.valueSpan.start + parts.portOffset, end: entry.valueSpan.start + parts.portOffset + parts.port.length }
      : entry.valueSpan;
  const t = parts.port.trim();
  const port: Setting<number | string> = { ...r.setting<number | string>(entry, /^\d{1,9}$/.test(t) ? Number(t) : t), span: portSpan };
  return { host, port, hostText: parts.host };
}

function portNumber(port: Setting<number | string> | undefined): number | undefined {
  return typeof port?.value === 'number' ? port.value : undefined;
}

function push(r: EnvReader, profile: Omit<MailProfile, 'secretsFile'>): void {
  r.profiles.push({ ...profile, secretsFile: r.options.secretsFile });
}

// ---- Mastodon ----------------------------------------------------------------------------------------------------

/**
 * Mastodon `.env.production` → config/email.yml → mail gem. `SMTP_TLS`/`SMTP_SSL` are implicit TLS and count only
 * when exactly `true`; `SMTP_ENABLE_STARTTLS` always|never|auto, else the legacy `SMTP_ENABLE_STARTTLS_AUTO`
 * (default on: opportunistic). No SMTP_PORT means Net::SMTP's 25.
 */
function mastodon(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    SMTP_SERVER: 'host', SMTP_PORT: 'port', SMTP_LOGIN: 'user', SMTP_PASSWORD: 'password', SMTP_AUTH_METHOD: 'auth',
    SMTP_OPENSSL_VERIFY_MODE: 'verify', SMTP_ENABLE_STARTTLS: 'tls', SMTP_ENABLE_STARTTLS_AUTO: 'tls', SMTP_TLS: 'tls',
    SMTP_SSL: 'tls', SMTP_DELIVERY_METHOD: 'mailer', SMTP_CA_FILE: 'verify',
  });
  const keys = Object.keys(roles);
  if (!keys.some((k) => r.has(k))) return;
  r.mark('mastodon', roles);
  const delivery = r.text('SMTP_DELIVERY_METHOD')?.trim() || 'smtp';
  const active = delivery === 'smtp';
  const exactTrue = (key: string) => r.text(key)?.trim() === 'true';
  let tls: Setting<TlsMode>;
  const tlsKey = exactTrue('SMTP_TLS') ? 'SMTP_TLS' : exactTrue('SMTP_SSL') ? 'SMTP_SSL' : undefined;
  const starttls = r.text('SMTP_ENABLE_STARTTLS')?.trim();
  if (tlsKey) tls = r.setting(r.get(tlsKey)!, 'implicit');
  else if (starttls === 'always') tls = r.setting(r.get('SMTP_ENABLE_STARTTLS')!, 'starttls');
  else if (starttls === 'never' || starttls === 'false') tls = r.setting(r.get('SMTP_ENABLE_STARTTLS')!, 'none');
  else if (starttls === 'auto') tls = r.setting(r.get('SMTP_ENABLE_STARTTLS')!, 'opportunistic');
  else if (r.text('SMTP_ENABLE_STARTTLS_AUTO')?.trim() === 'false') tls = r.setting(r.get('SMTP_ENABLE_STARTTLS_AUTO')!, 'none');
  else tls = r.has('SMTP_ENABLE_STARTTLS_AUTO') ? r.setting(r.get('SMTP_ENABLE_STARTTLS_AUTO')!, 'opportunistic') : byDefault('opportunistic', 'SMTP_ENABLE_STARTTLS');
  const authEntry = r.get('SMTP_AUTH_METHOD');
  const verify = verifySwitches(r, [{ key: 'SMTP_OPENSSL_VERIFY_MODE', disables: (t) => /^(none|verify_none)$/i.test(t.trim()), secureValue: () => 'peer' }]);
  const after = ['SMTP_PORT', 'SMTP_SERVER', 'SMTP_LOGIN'];
  push(r, {
    label: 'Mastodon SMTP_* settings',
    ecosystem: 'mastodon',
    active,
    inactiveReason: active ? undefined : `SMTP_DELIVERY_METHOD is "${delivery}", which does not send over SMTP`,
    host: r.hostSetting('SMTP_SERVER') ?? (r.has('SMTP_SERVER') ? undefined : byDefault('localhost', 'SMTP_SERVER')),
    port: r.portSetting('SMTP_PORT') ?? (r.has('SMTP_PORT') ? undefined : byDefault(25, 'SMTP_PORT')),
    tls,
    verifyDisabled: verify.settings,
    auth: authEntry && r.text('SMTP_AUTH_METHOD')?.trim() === 'none' ? r.setting(authEntry, false) : undefined,
    user: r.user('SMTP_LOGIN'),
    password: r.password('SMTP_PASSWORD'),
    anchor: r.anchor(['SMTP_SERVER', 'SMTP_PORT', ...keys]),
    edit: {
      setTransport: (p, mode) => {
        const port = r.setOrInsert('SMTP_PORT', String(p), ['SMTP_SERVER', ...keys]);
        const off = (key: string) => (exactTrue(key) ? r.replace(r.get(key)!, 'false') : undefined);
        if (mode === 'starttls') return r.edits(port, r.setOrInsert('SMTP_ENABLE_STARTTLS', 'always', after), off('SMTP_TLS'), off('SMTP_SSL'));
        // The mail gem (≥ 2.8) refuses implicit TLS combined with any STARTTLS setting: say `never` explicitly.
        const implicit = tlsKey ? undefined : r.setOrInsert('SMTP_TLS', 'true', after);
        return r.edits(port, implicit, r.setOrInsert('SMTP_ENABLE_STARTTLS', 'never', after));
      },
      enableVerification: verify.enable,
    },
  });
}

// ---- Discourse ---------------------------------------------------------------------------------------------------

/**
 * Discourse (`DISCOURSE_SMTP_*`, app.yml `env:`): port 25 by default, `ENABLE_START_TLS` (default true) is the mail
 * gem's opportunistic `enable_starttls_auto`, `FORCE_TLS` is implicit TLS. Only "true"/"false" become booleans; any
 * other text is truthy. Without an address Discourse uses sendmail.
 */
function discourse(r: EnvReader): void {
  const k = (s: string) => `DISCOURSE_SMTP_${s}`;
  const roles: Record<string, SymbolRole> = keyTable({
    [k('ADDRESS')]: 'host', [k('PORT')]: 'port', [k('USER_NAME')]: 'user', [k('PASSWORD')]: 'password',
    [k('ENABLE_START_TLS')]: 'tls', [k('FORCE_TLS')]: 'tls', [k('OPENSSL_VERIFY_MODE')]: 'verify', [k('AUTHENTICATION')]: 'auth',
  });
  const keys = Object.keys(roles);
  if (!keys.some((key) => r.has(key))) return;
  r.mark('discourse', roles);
  const active = r.has(k('ADDRESS'));
  const force = rubyTruthy(r.text(k('FORCE_TLS')));
  const start = rubyTruthy(r.text(k('ENABLE_START_TLS')));
  const tls: Setting<TlsMode> = force
    ? r.setting(r.get(k('FORCE_TLS'))!, 'implicit')
    : start === false
      ? r.setting(r.get(k('ENABLE_START_TLS'))!, 'none')
      : start === true
        ? r.setting(r.get(k('ENABLE_START_TLS'))!, 'opportunistic')
        : byDefault('opportunistic', k('ENABLE_START_TLS'));
  const verify = verifySwitches(r, [{ key: k('OPENSSL_VERIFY_MODE'), disables: (t) => /^(none|verify_none)$/i.test(t.trim()), secureValue: () => 'peer' }]);
  const after = [k('PORT'), k('ADDRESS'), k('USER_NAME')];
  push(r, {
    label: 'Discourse DISCOURSE_SMTP_* settings',
    ecosystem: 'discourse',
    active,
    inactiveReason: active ? undefined : `${k('ADDRESS')} is not set, so Discourse delivers with sendmail`,
    host: r.hostSetting(k('ADDRESS')),
    port: r.portSetting(k('PORT')) ?? (r.has(k('PORT')) ? undefined : byDefault(25, k('PORT'))),
    tls,
    verifyDisabled: verify.settings,
    user: r.user(k('USER_NAME')),
    password: r.password(k('PASSWORD')),
    anchor: r.anchor([k('ADDRESS'), k('PORT'), ...keys]),
    edit: {
      setTransport: (p, mode) => {
        const port = r.setOrInsert(k('PORT'), String(p), [k('ADDRESS'), ...keys]);
        if (mode === 'starttls') {
          const startOn = start === false ? r.replace(r.get(k('ENABLE_START_TLS'))!, 'true') : undefined;
          return r.edits(port, startOn, force ? r.replace(r.get(k('FORCE_TLS'))!, 'false') : undefined);
        }
        // Older Discourse passes ENABLE_START_TLS on next to FORCE_TLS, which the mail gem rejects: turn it off.
        return r.edits(port, r.setOrInsert(k('FORCE_TLS'), 'true', after), r.setOrInsert(k('ENABLE_START_TLS'), 'false', after));
      },
      enableVerification: verify.enable,
    },
  });
}

// ---- Gitea / Forgejo -----------------------------------------------------------------------------------------------

const GITEA_KEY = /^(GITEA|FORGEJO)__mailer__([A-Za-z_]+)$/i;

/**
 * Gitea/Forgejo `[mailer]` through `GITEA__mailer__*` / `FORGEJO__mailer__*`. PROTOCOL smtp is plaintext (no
 * STARTTLS at all), smtps implicit, smtp+starttls required STARTTLS. An empty PROTOCOL is inferred from the port:
 * 25 smtp, 465 smtps, 587 smtp+starttls, anything else (2525!) smtps.
 */
function gitea(r: EnvReader): void {
  const present: readonly string[] = r.scanKeys('gitea', (keys) => keys.filter((key) => GITEA_KEY.test(key)));
  if (!present.length) return;
  // `GITEA__mailer__` as the file spells it (section case varies), for keys a fix inserts.
  const first = GITEA_KEY.exec(present[0])!;
  const prefix = present[0].slice(0, present[0].length - first[2].length);
  const keyOf = (suffix: string) => present.find((key) => GITEA_KEY.exec(key)![2].toUpperCase() === suffix) ?? `${prefix}${suffix}`;
  const g = (suffix: string) => r.get(keyOf(suffix));
  const t = (suffix: string) => r.text(keyOf(suffix));
  const eco = /^FORGEJO/i.test(prefix) ? 'forgejo' : 'gitea';
  r.mark(eco, {
    [keyOf('ENABLED')]: 'mailer', [keyOf('PROTOCOL')]: 'tls', [keyOf('SMTP_ADDR')]: 'host', [keyOf('SMTP_PORT')]: 'port',
    [keyOf('HOST')]: 'host', [keyOf('USER')]: 'user', [keyOf('PASSWD')]: 'password', [keyOf('FORCE_TRUST_SERVER_CERT')]: 'verify',
    [keyOf('SKIP_VERIFY')]: 'verify', [keyOf('IS_TLS_ENABLED')]: 'tls',
  });
  const enabled = t('ENABLED') === undefined ? undefined : envBool(t('ENABLED')!);
  let protocol = t('PROTOCOL')?.trim().toLowerCase() ?? '';
  if (protocol === 'smtp+startls') protocol = 'smtp+starttls'; // the typo Gitea accepts
  const legacy = g('HOST') && !g('SMTP_ADDR') ? hostPortSettings(r, g('HOST')!) : undefined;
  const addrEntry = g('SMTP_ADDR');
  // Go dials ":port" for an empty address: this machine.
  const emptyAddr = addrEntry && r.text(addrEntry.key)?.trim() === '';
  const host = emptyAddr ? r.setting(addrEntry!, 'localhost') : addrEntry ? r.hostSetting(addrEntry.key) : legacy?.host;
  let port = g('SMTP_PORT') ? r.portSetting(keyOf('SMTP_PORT')) : legacy?.port;
  const unknown = (e: EnvEntry | undefined) => !!e && readEnvValue(e.value).unknown;
  const portUnknown = unknown(g('SMTP_PORT')) || (!g('SMTP_PORT') && !addrEntry && unknown(g('HOST')));
  let tls: Setting<TlsMode> | undefined;
  let tlsGuessed = false;
  if (!protocol && g('IS_TLS_ENABLED') && envBool(t('IS_TLS_ENABLED') ?? '') !== undefined) {
    protocol = envBool(t('IS_TLS_ENABLED')!) ? 'smtps' : 'smtp+starttls';
    tls = r.setting(g('IS_TLS_ENABLED')!, protocol === 'smtps' ? 'implicit' : 'starttls');
  }
  if (!protocol) {
    if (/[/\\]/.test(host?.value ?? '')) protocol = 'smtp+unix';
    else if (portUnknown) tlsGuessed = true;
    else {
      const p = port === undefined ? '' : String(port.value);
      protocol = p === '25' ? 'smtp' : p === '587' ? 'smtp+starttls' : 'smtps';
      const mode: TlsMode = protocol === 'smtp' ? 'none' : protocol === 'smtps' ? 'implicit' : 'starttls';
      tls = { value: mode, origin: 'implied', key: `${keyOf('PROTOCOL')} left empty${p ? ` with port ${p}` : ''}`, span: port?.span, keySpan: port?.keySpan };
    }
  }
  const modeOf: Record<string, TlsMode> = keyTable({ smtp: 'none', smtps: 'implicit', 'smtp+starttls': 'starttls', 'smtp+unix': 'none' });
  if (!tls) {
    const mode = modeOf[protocol];
    if (mode && g('PROTOCOL')) tls = r.setting(g('PROTOCOL')!, mode);
    else {
      tls = byDefault<TlsMode>('none', keyOf('PROTOCOL'));
      tlsGuessed = true;
    }
  }
  const defaultPort: Record<string, number> = keyTable({ smtp: 25, smtps: 465, 'smtp+starttls': 587 });
  if (!port && !portUnknown && defaultPort[protocol]) port = byDefault(defaultPort[protocol], keyOf('SMTP_PORT'));
  const nonSmtp = protocol === 'sendmail' || protocol === 'dummy';
  const inactiveReason =
    enabled === false ? `${keyOf('ENABLED')} is false` : nonSmtp ? `${keyOf('PROTOCOL')} is "${protocol}", which does not send over SMTP` : undefined;
  const verify = verifySwitches(r, [
    { key: keyOf('FORCE_TRUST_SERVER_CERT'), disables: (v) => envBool(v) === true, secureValue: (v) => boolInStyle(false, v) },
    { key: keyOf('SKIP_VERIFY'), disables: (v) => envBool(v) === true, secureValue: (v) => boolInStyle(false, v) },
  ]);
  const anchorKeys = ['SMTP_ADDR', 'HOST', 'SMTP_PORT', 'PROTOCOL', 'ENABLED'].map(keyOf);
  push(r, {
    label: `${eco === 'forgejo' ? 'Forgejo' : 'Gitea'} ${prefix}* settings`,
    ecosystem: eco,
    active: !inactiveReason,
    inactiveReason,
    host,
    port,
    tls,
    tlsGuessed,
    verifyDisabled: verify.settings,
    user: r.user(keyOf('USER')),
    password: r.password(keyOf('PASSWD')),
    anchor: r.anchor([...anchorKeys, ...present]),
    edit: {
      setTransport: (p, mode) => {
        const after = ['SMTP_PORT', 'SMTP_ADDR', 'HOST', 'ENABLED'].map(keyOf).concat(present);
        const protocolEdit = r.setOrInsert(keyOf('PROTOCOL'), mode === 'starttls' ? 'smtp+starttls' : 'smtps', after);
        let portEdit: TextEdit | undefined;
        if (legacy?.hostText !== undefined && !g('SMTP_PORT')) portEdit = r.replace(g('HOST')!, `${legacy.hostText}:${p}`);
        else portEdit = r.setOrInsert(keyOf('SMTP_PORT'), String(p), after);
        const legacyTls = g('IS_TLS_ENABLED') ? r.replace(g('IS_TLS_ENABLED')!, boolInStyle(mode === 'implicit', t('IS_TLS_ENABLED'))) : undefined;
        return r.edits(protocolEdit, portEdit, legacyTls);
      },
      enableVerification: verify.enable,
    },
  });
}

// ---- Grafana -----------------------------------------------------------------------------------------------------

/**
 * Grafana `GF_SMTP_*`: off unless GF_SMTP_ENABLED is true; GF_SMTP_HOST is `host:port` (default localhost:25);
 * implicit TLS exactly when the port is 465, otherwise STARTTLS per GF_SMTP_STARTTLS_POLICY (MandatoryStartTLS,
 * NoStartTLS, anything else opportunistic).
 */
function grafana(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    GF_SMTP_ENABLED: 'mailer', GF_SMTP_HOST: 'host', GF_SMTP_USER: 'user', GF_SMTP_PASSWORD: 'password',
    GF_SMTP_SKIP_VERIFY: 'verify', GF_SMTP_STARTTLS_POLICY: 'tls',
  });
  if (!Object.keys(roles).some((k) => r.has(k))) return;
  r.mark('grafana', roles);
  const enabled = r.bool('GF_SMTP_ENABLED');
  const hostEntry = r.get('GF_SMTP_HOST');
  const parts = hostEntry ? hostPortSettings(r, hostEntry) : { host: byDefault('localhost', 'GF_SMTP_HOST'), port: byDefault<number | string>(25, 'GF_SMTP_HOST') };
  const port = parts.port;
  const portKnown = !hostEntry || !readEnvValue(hostEntry.value).unknown;
  const policyEntry = r.get('GF_SMTP_STARTTLS_POLICY');
  const policy = r.text('GF_SMTP_STARTTLS_POLICY')?.trim();
  let tls: Setting<TlsMode>;
  if (portNumber(port) === 465) tls = { value: 'implicit', origin: 'implied', key: 'GF_SMTP_HOST (port 465)', span: port?.span };
  else if (policyEntry && policy === 'MandatoryStartTLS') tls = r.setting(policyEntry, 'starttls');
  else if (policyEntry && policy === 'NoStartTLS') tls = r.setting(policyEntry, 'none');
  else tls = policyEntry ? r.setting(policyEntry, 'opportunistic') : byDefault('opportunistic', 'GF_SMTP_STARTTLS_POLICY');
  const verify = verifySwitches(r, [{ key: 'GF_SMTP_SKIP_VERIFY', disables: (v) => envBool(v) === true, secureValue: (v) => boolInStyle(false, v) }]);
  push(r, {
    label: 'Grafana GF_SMTP_* settings',
    ecosystem: 'grafana',
    active: enabled === true,
    inactiveReason: enabled === true ? undefined : 'GF_SMTP_ENABLED is not true, so Grafana sends no mail',
    host: parts.host,
    port,
    tls,
    tlsFromPort: true,
    tlsGuessed: !portKnown,
    verifyDisabled: verify.settings,
    user: r.user('GF_SMTP_USER'),
    password: r.password('GF_SMTP_PASSWORD'),
    anchor: r.anchor(['GF_SMTP_HOST', 'GF_SMTP_ENABLED', ...Object.keys(roles)]),
    edit: {
      setTransport: (p, mode) => {
        if (!hostEntry || parts.hostText === undefined) return undefined;
        const hostEdit = r.replace(hostEntry, `${parts.hostText}:${p}`);
        const policyEdit = mode === 'starttls' ? r.setOrInsert('GF_SMTP_STARTTLS_POLICY', 'MandatoryStartTLS', ['GF_SMTP_HOST']) : undefined;
        return r.edits(hostEdit, policyEdit);
      },
      enableVerification: verify.enable,
    },
  });
}

// ---- n8n ---------------------------------------------------------------------------------------------------------

/**
 * n8n: N8N_EMAIL_MODE defaults to smtp (empty turns mail off); N8N_SMTP_PORT defaults to 465 and N8N_SMTP_SSL
 * (implicit TLS) to true. With SSL off, N8N_SMTP_STARTTLS (default true) upgrades when offered; n8n cannot
 * require STARTTLS.
 */
function n8n(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    N8N_EMAIL_MODE: 'mailer', N8N_SMTP_HOST: 'host', N8N_SMTP_PORT: 'port', N8N_SMTP_SSL: 'tls', N8N_SMTP_STARTTLS: 'tls',
    N8N_SMTP_USER: 'user', N8N_SMTP_PASS: 'password',
  });
  if (!Object.keys(roles).some((k) => r.has(k))) return;
  r.mark('n8n', roles);
  const mode = r.has('N8N_EMAIL_MODE') ? r.text('N8N_EMAIL_MODE')?.trim() : 'smtp';
  const hostSet = r.has('N8N_SMTP_HOST') && r.text('N8N_SMTP_HOST')?.trim() !== '';
  const inactiveReason =
    mode !== undefined && mode !== 'smtp'
      ? `N8N_EMAIL_MODE is "${mode}", so n8n sends no mail`
      : !hostSet
        ? 'N8N_SMTP_HOST is not set, so n8n sends no mail'
        : undefined;
  const ssl = r.bool('N8N_SMTP_SSL');
  const starttls = r.bool('N8N_SMTP_STARTTLS');
  const tls: Setting<TlsMode> =
    ssl !== false
      ? r.has('N8N_SMTP_SSL') && ssl === true
        ? r.setting(r.get('N8N_SMTP_SSL')!, 'implicit')
        : byDefault('implicit', 'N8N_SMTP_SSL')
      : starttls === false
        ? r.setting(r.get('N8N_SMTP_STARTTLS')!, 'none')
        : r.setting(r.get('N8N_SMTP_SSL')!, 'opportunistic');
  push(r, {
    label: 'n8n N8N_SMTP_* settings',
    ecosystem: 'n8n',
    active: !inactiveReason,
    inactiveReason,
    host: r.hostSetting('N8N_SMTP_HOST'),
    port: r.portSetting('N8N_SMTP_PORT') ?? (r.has('N8N_SMTP_PORT') ? undefined : byDefault(465, 'N8N_SMTP_PORT')),
    tls,
    tlsGuessed: ssl === undefined && r.has('N8N_SMTP_SSL'),
    verifyDisabled: [],
    user: r.user('N8N_SMTP_USER'),
    password: r.password('N8N_SMTP_PASS'),
    anchor: r.anchor(['N8N_SMTP_HOST', 'N8N_SMTP_PORT', ...Object.keys(roles)]),
    edit: {
      setTransport: (p, m) => {
        const after = ['N8N_SMTP_PORT', 'N8N_SMTP_HOST', 'N8N_EMAIL_MODE'];
        const port = r.setOrInsert('N8N_SMTP_PORT', String(p), ['N8N_SMTP_HOST', 'N8N_EMAIL_MODE']);
        const style = r.text('N8N_SMTP_SSL') ?? r.text('N8N_SMTP_STARTTLS') ?? 'true';
        if (m === 'implicit') return r.edits(port, ssl === false ? r.replace(r.get('N8N_SMTP_SSL')!, boolInStyle(true, style)) : undefined);
        const sslOff = r.setOrInsert('N8N_SMTP_SSL', boolInStyle(false, style), after);
        const startOn = starttls === false ? r.replace(r.get('N8N_SMTP_STARTTLS')!, boolInStyle(true, style)) : undefined;
        return r.edits(port, sslOff, startOn);
      },
    },
  });
}

// ---- Vaultwarden -------------------------------------------------------------------------------------------------

/**
 * Vaultwarden: SMTP_SECURITY starttls (default, required) | force_tls (implicit) | off, port defaulting to
 * 587/465/25 accordingly; legacy SMTP_SSL (STARTTLS!) + SMTP_EXPLICIT_TLS (implicit). Mail needs SMTP_HOST.
 */
function vaultwarden(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    SMTP_HOST: 'host', SMTP_PORT: 'port', SMTP_SECURITY: 'tls', SMTP_USERNAME: 'user', SMTP_PASSWORD: 'password',
    SMTP_ACCEPT_INVALID_CERTS: 'verify', SMTP_ACCEPT_INVALID_HOSTNAMES: 'verify', SMTP_SSL: 'tls', SMTP_EXPLICIT_TLS: 'tls',
    SMTP_AUTH_MECHANISM: 'auth', USE_SENDMAIL: 'mailer',
  });
  if (!Object.keys(roles).some((k) => r.has(k) && k !== 'USE_SENDMAIL')) return;
  r.mark('vaultwarden', roles);
  const security = r.word('SMTP_SECURITY');
  let mode: TlsMode | undefined;
  let tls: Setting<TlsMode>;
  const modes: Record<string, TlsMode> = keyTable({ starttls: 'starttls', force_tls: 'implicit', off: 'none' });
  if (r.has('SMTP_SECURITY')) {
    mode = security === undefined ? undefined : modes[security];
    tls = r.setting(r.get('SMTP_SECURITY')!, mode ?? 'none');
  } else if (r.has('SMTP_SSL') || r.has('SMTP_EXPLICIT_TLS')) {
    const ssl = r.bool('SMTP_SSL') ?? true;
    const explicit = r.bool('SMTP_EXPLICIT_TLS') ?? false;
    mode = !ssl ? 'none' : explicit ? 'implicit' : 'starttls';
    const source = !ssl || !r.has('SMTP_EXPLICIT_TLS') ? r.get('SMTP_SSL') : r.get('SMTP_EXPLICIT_TLS');
    tls = source ? r.setting(source, mode) : byDefault(mode, 'SMTP_SECURITY');
  } else {
    mode = 'starttls';
    tls = byDefault<TlsMode>('starttls', 'SMTP_SECURITY');
  }
  const defaultPort = mode === 'implicit' ? 465 : mode === 'none' ? 25 : 587;
  const sendmail = r.bool('USE_SENDMAIL') === true;
  const inactiveReason = sendmail ? 'USE_SENDMAIL is true, so Vaultwarden does not use SMTP' : !r.has('SMTP_HOST') ? 'SMTP_HOST is not set, so Vaultwarden sends no mail' : undefined;
  const verify = verifySwitches(r, ['SMTP_ACCEPT_INVALID_CERTS', 'SMTP_ACCEPT_INVALID_HOSTNAMES'].map((key) => ({ key, disables: (v: string) => envBool(v) === true, secureValue: (v: string) => boolInStyle(false, v) })));
  push(r, {
    label: 'Vaultwarden SMTP_* settings',
    ecosystem: 'vaultwarden',
    active: !inactiveReason,
    inactiveReason,
    host: r.hostSetting('SMTP_HOST'),
    port: r.portSetting('SMTP_PORT') ?? (r.has('SMTP_PORT') || !mode ? undefined : byDefault(defaultPort, 'SMTP_PORT')),
    tls,
    tlsGuessed: mode === undefined,
    verifyDisabled: verify.settings,
    user: r.user('SMTP_USERNAME'),
    password: r.password('SMTP_PASSWORD'),
    anchor: r.anchor(['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURITY']),
    edit: {
      setTransport: (p, m) => {
        const word = m === 'starttls' ? 'starttls' : 'force_tls';
        const legacy = r.has('SMTP_SSL') || r.has('SMTP_EXPLICIT_TLS');
        const securityEdit = r.has('SMTP_SECURITY') || legacy || m !== 'starttls' ? r.setOrInsert('SMTP_SECURITY', word, ['SMTP_PORT', 'SMTP_HOST']) : undefined;
        const portDefault = m === 'starttls' ? 587 : 465;
        const portEdit = r.has('SMTP_PORT') || p !== portDefault ? r.setOrInsert('SMTP_PORT', String(p), ['SMTP_HOST']) : undefined;
        return r.edits(portEdit, securityEdit);
      },
      enableVerification: verify.enable,
    },
  });
}

// ---- Outline -----------------------------------------------------------------------------------------------------

/**
 * Outline (Nodemailer): SMTP_SECURE defaults to true in production (implicit TLS, so 587 needs SMTP_SECURE=false),
 * and SMTP_SECURE=false also makes Outline connect with `tls.rejectUnauthorized: false` (server/emails/mailer.tsx):
 * on Outline, only implicit TLS is verified TLS. Mail needs SMTP_HOST; SMTP_SERVICE picks a Nodemailer well-known
 * service instead of host/port/TLS.
 */
function outline(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    SMTP_HOST: 'host', SMTP_PORT: 'port', SMTP_SECURE: 'tls', SMTP_USERNAME: 'user', SMTP_PASSWORD: 'password',
    SMTP_SERVICE: 'mailer', SMTP_DISABLE_STARTTLS: 'tls', EMAIL_PROVIDER: 'mailer',
  });
  if (!['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE', 'SMTP_SERVICE'].some((k) => r.has(k))) return;
  r.mark('outline', roles);
  const provider = r.word('EMAIL_PROVIDER');
  const service = r.text('SMTP_SERVICE')?.trim();
  const inactiveReason =
    provider && provider !== 'smtp'
      ? `EMAIL_PROVIDER is "${provider}", not SMTP`
      : service
        ? 'SMTP_SERVICE names a Nodemailer well-known service, which picks host, port and TLS itself'
        : !r.has('SMTP_HOST')
          ? 'SMTP_HOST is not set, so Outline sends no mail'
          : undefined;
  const secureEntry = r.get('SMTP_SECURE');
  const secure = r.bool('SMTP_SECURE');
  const noStarttls = r.bool('SMTP_DISABLE_STARTTLS') === true;
  const tls: Setting<TlsMode> =
    secure === false
      ? noStarttls
        ? r.setting(r.get('SMTP_DISABLE_STARTTLS')!, 'none')
        : r.setting(secureEntry!, 'opportunistic')
      : secureEntry && secure === true
        ? r.setting(secureEntry, 'implicit')
        : byDefault('implicit', 'SMTP_SECURE');
  const verifyDisabled = secure === false ? [r.setting(secureEntry!, 'SMTP_SECURE=false, with which Outline sets tls.rejectUnauthorized=false')] : [];
  push(r, {
    label: 'Outline SMTP_* settings',
    ecosystem: 'outline',
    active: !inactiveReason,
    inactiveReason,
    host: r.hostSetting('SMTP_HOST'),
    port: r.portSetting('SMTP_PORT') ?? (r.has('SMTP_PORT') ? undefined : byDefault(secure === false ? 587 : 465, 'SMTP_PORT')),
    tls,
    // No switch to flip: verification comes back only with implicit TLS (the transport fixes).
    verifyDisabled,
    user: r.user('SMTP_USERNAME'),
    password: r.password('SMTP_PASSWORD'),
    anchor: r.anchor(['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE']),
    edit: {
      // STARTTLS is not offered: Outline turns certificate checks off whenever SMTP_SECURE is false.
      setTransport: (p, m) => {
        if (m !== 'implicit') return undefined;
        const port = r.setOrInsert('SMTP_PORT', String(p), ['SMTP_HOST']);
        const secureOn = secureEntry && secure !== true ? r.replace(secureEntry, boolInStyle(true, r.text('SMTP_SECURE'))) : undefined;
        return r.edits(port, secureOn);
      },
    },
  });
}

// ---- Nextcloud (docker image) ----------------------------------------------------------------------------------

/**
 * The nextcloud image's smtp.config.php: SMTP_SECURE ssl = implicit TLS; anything else leaves Symfony Mailer to
 * choose (implicit on 465, else STARTTLS when offered). SMTP_PORT defaults to 465 when SMTP_SECURE is set, else 25.
 * Auth only when both SMTP_NAME and SMTP_PASSWORD (or _FILE) are set. Mail settings apply only with SMTP_HOST.
 */
function nextcloud(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    SMTP_HOST: 'host', SMTP_PORT: 'port', SMTP_SECURE: 'tls', SMTP_NAME: 'user', SMTP_PASSWORD: 'password', SMTP_AUTHTYPE: 'auth',
  });
  if (!r.has('SMTP_HOST')) return;
  r.mark('nextcloud', roles);
  const secureEntry = r.get('SMTP_SECURE');
  const secure = r.word('SMTP_SECURE') ?? '';
  const port = r.portSetting('SMTP_PORT') ?? (r.has('SMTP_PORT') ? undefined : byDefault(secure ? 465 : 25, 'SMTP_PORT'));
  let tls: Setting<TlsMode>;
  let tlsFromPort = false;
  if (secure === 'ssl') tls = r.setting(secureEntry!, 'implicit');
  else {
    tlsFromPort = true;
    const mode: TlsMode = portNumber(port) === 465 ? 'implicit' : 'opportunistic';
    tls = secureEntry ? r.setting(secureEntry, mode) : byDefault(mode, 'SMTP_SECURE');
  }
  const hasName = !!r.text('SMTP_NAME')?.trim();
  const hasPassword = !!r.text('SMTP_PASSWORD')?.trim() || r.has('SMTP_PASSWORD_FILE');
  push(r, {
    label: 'Nextcloud SMTP_* settings',
    ecosystem: 'nextcloud',
    active: true,
    host: r.hostSetting('SMTP_HOST'),
    port,
    tls,
    tlsFromPort,
    tlsGuessed: tlsFromPort && !port,
    verifyDisabled: [],
    auth: hasName && hasPassword ? undefined : byDefault(false, 'SMTP_NAME'),
    user: r.user('SMTP_NAME'),
    password: r.password('SMTP_PASSWORD'),
    anchor: r.anchor(['SMTP_HOST', 'SMTP_PORT', 'SMTP_SECURE']),
    edit: {
      setTransport: (p, m) => {
        if (m === 'implicit') {
          const secureEdit = r.setOrInsert('SMTP_SECURE', 'ssl', ['SMTP_HOST']);
          const portEdit = r.has('SMTP_PORT') || p !== 465 ? r.setOrInsert('SMTP_PORT', String(p), ['SMTP_SECURE', 'SMTP_HOST']) : undefined;
          return r.edits(secureEdit, portEdit);
        }
        // Nextcloud cannot require STARTTLS; `tls` states the intent (honoured by releases before Symfony Mailer).
        const portEdit = r.setOrInsert('SMTP_PORT', String(p), ['SMTP_SECURE', 'SMTP_HOST']);
        return r.edits(portEdit, secure === 'ssl' ? r.replace(secureEntry!, 'tls') : undefined);
      },
    },
  });
}

// ---- Supabase Auth (GoTrue) ------------------------------------------------------------------------------------

/**
 * Supabase Auth has no TLS switch: implicit TLS on 465, otherwise STARTTLS when the server offers it. Self-hosted
 * `docker/.env` uses SMTP_HOST/PORT/USER/PASS, the compose file maps them to GOTRUE_SMTP_*. The template's
 * `supabase-mail` host is the dev mail catcher.
 */
function gotrue(r: EnvReader, prefix: 'SMTP_' | 'GOTRUE_SMTP_', label: string): void {
  const k = (s: string) => `${prefix}${s}`;
  if (!r.has(k('HOST'))) return;
  r.mark('supabase', { [k('HOST')]: 'host', [k('PORT')]: 'port', [k('USER')]: 'user', [k('PASS')]: 'password' });
  const port = r.portSetting(k('PORT'));
  const n = portNumber(port);
  const tls: Setting<TlsMode> = {
    value: n === 465 ? 'implicit' : 'opportunistic',
    origin: 'implied',
    key: `${k('PORT')} (Supabase Auth picks TLS from the port)`,
    span: port?.span,
    keySpan: port?.keySpan,
  };
  push(r, {
    label,
    ecosystem: 'supabase',
    active: true,
    host: r.hostSetting(k('HOST')),
    port,
    tls,
    tlsFromPort: true,
    tlsGuessed: n === undefined,
    verifyDisabled: [],
    user: r.user(k('USER')),
    password: r.password(k('PASS')),
    anchor: r.anchor([k('HOST'), k('PORT')]),
    edit: { setTransport: (p) => r.edits(r.setOrInsert(k('PORT'), String(p), [k('HOST')])) },
  });
}

// ---- Authentik, Sentry: Django semantics ---------------------------------------------------------------------------

function authentik(r: EnvReader): void {
  const k = (s: string) => `AUTHENTIK_EMAIL__${s}`;
  djangoStyleProfile(r, {
    label: 'Authentik AUTHENTIK_EMAIL__* settings',
    ecosystem: 'authentik',
    keys: { host: k('HOST'), port: k('PORT'), tls: k('USE_TLS'), ssl: k('USE_SSL'), user: k('USERNAME'), pass: k('PASSWORD') },
    presence: ['HOST', 'PORT', 'USE_TLS', 'USE_SSL', 'USERNAME', 'PASSWORD'].map(k),
  });
}

function sentry(r: EnvReader): void {
  djangoStyleProfile(r, {
    label: 'Sentry SENTRY_EMAIL_* settings',
    ecosystem: 'sentry',
    keys: { host: 'SENTRY_EMAIL_HOST', port: 'SENTRY_EMAIL_PORT', tls: 'SENTRY_EMAIL_USE_TLS', ssl: 'SENTRY_EMAIL_USE_SSL', user: 'SENTRY_EMAIL_USER', pass: 'SENTRY_EMAIL_PASSWORD' },
    presence: ['SENTRY_EMAIL_HOST'],
  });
}

// ---- Plausible ---------------------------------------------------------------------------------------------------

/**
 * Plausible CE: MAILER_ADAPTER Bamboo.Mua (default) relays through SMTP_HOST_ADDR (port 587 by default; implicit TLS
 * when SMTP_HOST_SSL_ENABLED is true or the port is 465, else STARTTLS when offered); Bamboo.SMTPAdapter (host
 * `mail`, port 25, opportunistic, implicit only with SSL_ENABLED). Other adapters are HTTP APIs.
 */
function plausible(r: EnvReader): void {
  const roles: Record<string, SymbolRole> = keyTable({
    MAILER_ADAPTER: 'mailer', SMTP_HOST_ADDR: 'host', SMTP_HOST_PORT: 'port', SMTP_HOST_SSL_ENABLED: 'tls',
    SMTP_USER_NAME: 'user', SMTP_USER_PWD: 'password',
  });
  if (!['SMTP_HOST_ADDR', 'SMTP_HOST_PORT', 'SMTP_HOST_SSL_ENABLED', 'SMTP_USER_PWD'].some((k) => r.has(k))) return;
  r.mark('plausible', roles);
  const adapter = r.text('MAILER_ADAPTER')?.trim() || 'Bamboo.Mua';
  const mua = adapter === 'Bamboo.Mua';
  const smtpAdapter = adapter === 'Bamboo.SMTPAdapter';
  const inactiveReason = !mua && !smtpAdapter
    ? `MAILER_ADAPTER is ${adapter}, which does not send over SMTP`
    : mua && !r.has('SMTP_HOST_ADDR')
      ? 'SMTP_HOST_ADDR is not set, so Plausible delivers straight to the recipients\' mail servers'
      : undefined;
  const port = r.portSetting('SMTP_HOST_PORT') ?? (r.has('SMTP_HOST_PORT') ? undefined : byDefault(mua ? 587 : 25, 'SMTP_HOST_PORT'));
  const sslEntry = r.get('SMTP_HOST_SSL_ENABLED');
  const ssl = r.bool('SMTP_HOST_SSL_ENABLED') === true;
  let tls: Setting<TlsMode>;
  let tlsFromPort = false;
  if (ssl) tls = r.setting(sslEntry!, 'implicit');
  else if (mua) {
    tlsFromPort = true;
    const mode: TlsMode = portNumber(port) === 465 ? 'implicit' : 'opportunistic';
    tls = sslEntry ? r.setting(sslEntry, mode) : byDefault(mode, 'SMTP_HOST_SSL_ENABLED');
  } else tls = sslEntry ? r.setting(sslEntry, 'opportunistic') : byDefault('opportunistic', 'SMTP_HOST_SSL_ENABLED');
  push(r, {
    label: 'Plausible SMTP_HOST_* settings',
    ecosystem: 'plausible',
    active: !inactiveReason,
    inactiveReason,
    host: r.hostSetting('SMTP_HOST_ADDR') ?? (smtpAdapter && !r.has('SMTP_HOST_ADDR') ? byDefault('mail', 'SMTP_HOST_ADDR') : undefined),
    port,
    tls,
    tlsFromPort,
    tlsGuessed: tlsFromPort && !port,
    verifyDisabled: [],
    user: r.user('SMTP_USER_NAME'),
    password: r.password('SMTP_USER_PWD'),
    anchor: r.anchor(['SMTP_HOST_ADDR', 'SMTP_HOST_PORT', 'SMTP_HOST_SSL_ENABLED', 'MAILER_ADAPTER']),
    edit: {
      setTransport: (p, m) => {
        const portEdit = r.setOrInsert('SMTP_HOST_PORT', String(p), ['SMTP_HOST_ADDR', 'MAILER_ADAPTER']);
        const style = r.text('SMTP_HOST_SSL_ENABLED') ?? 'true';
        const sslEdit =
          m === 'implicit'
            ? r.setOrInsert('SMTP_HOST_SSL_ENABLED', boolInStyle(true, style), ['SMTP_HOST_PORT', 'SMTP_HOST_ADDR'])
            : ssl
              ? r.replace(sslEntry!, boolInStyle(false, style))
              : undefined;
        return r.edits(portEdit, sslEdit);
      },
    },
  });
}

// ---- Ghost -------------------------------------------------------------------------------------------------------

/**
 * Ghost's env form of config.*.json (`mail__options__port`...), passed to Nodemailer: `secure` true is implicit TLS;
 * left unset, Nodemailer picks implicit TLS on 465 by itself; `requireTLS` requires STARTTLS, `ignoreTLS` skips it.
 * A transport other than SMTP, or a well-known `service`, decides the rest itself.
 */
function ghost(r: EnvReader): void {
  const o = (s: string) => `mail__options__${s}`;
  const roles: Record<string, SymbolRole> = keyTable({
    mail__transport: 'mailer', [o('host')]: 'host', [o('port')]: 'port', [o('secure')]: 'tls', [o('secureConnection')]: 'tls',
    [o('requireTLS')]: 'tls', [o('ignoreTLS')]: 'tls', [o('auth__user')]: 'user', [o('auth__pass')]: 'password',
    [o('service')]: 'mailer', [o('tls__rejectUnauthorized')]: 'verify',
  });
  if (!Object.keys(roles).some((k) => r.has(k))) return;
  r.mark('ghost', roles);
  const transport = r.text('mail__transport')?.trim();
  const service = r.text(o('service'))?.trim();
  const inactiveReason =
    transport !== undefined && transport.toLowerCase() !== 'smtp'
      ? `mail__transport is "${transport}", not SMTP`
      : service
        ? `${o('service')} names a Nodemailer well-known service, which picks host, port and TLS itself`
        : undefined;
  const secureKey = r.has(o('secure')) ? o('secure') : o('secureConnection');
  const secureEntry = r.get(secureKey);
  const secure = r.bool(secureKey);
  const requireTls = r.bool(o('requireTLS')) === true;
  const ignoreTls = r.bool(o('ignoreTLS')) === true;
  const port = r.portSetting(o('port')) ?? (r.has(o('port')) ? undefined : byDefault(secure ? 465 : 587, o('port')));
  const fromPort = secure === undefined;
  let tls: Setting<TlsMode>;
  if (secure === true) tls = r.setting(secureEntry!, 'implicit');
  else if (fromPort && portNumber(port) === 465) tls = { value: 'implicit', origin: 'implied', key: `${o('port')} 465 without ${o('secure')}`, span: port?.span };
  else if (ignoreTls) tls = r.setting(r.get(o('ignoreTLS'))!, 'none');
  else if (requireTls) tls = r.setting(r.get(o('requireTLS'))!, 'starttls');
  else tls = secureEntry ? r.setting(secureEntry, 'opportunistic') : byDefault('opportunistic', o('requireTLS'));
  const verify = verifySwitches(r, [{ key: o('tls__rejectUnauthorized'), disables: (v) => envBool(v) === false, secureValue: (v) => boolInStyle(true, v) }]);
  push(r, {
    label: 'Ghost mail__* settings',
    ecosystem: 'ghost',
    active: !inactiveReason,
    inactiveReason,
    host: r.hostSetting(o('host')) ?? (r.has(o('host')) ? undefined : byDefault('localhost', o('host'))),
    port,
    tls,
    tlsFromPort: fromPort,
    tlsGuessed: fromPort && !port,
    verifyDisabled: verify.settings,
    user: r.user(o('auth__user')),
    password: r.password(o('auth__pass')),
    anchor: r.anchor(['mail__transport', o('host'), o('port'), ...Object.keys(roles)]),
    edit: {
      setTransport: (p, m) => {
        const after = [o('port'), o('host'), 'mail__transport'];
        const portEdit = r.setOrInsert(o('port'), String(p), [o('host'), 'mail__transport', o('auth__user')]);
        const ignoreOff = ignoreTls ? r.replace(r.get(o('ignoreTLS'))!, boolInStyle(false, r.text(o('ignoreTLS')))) : undefined;
        if (m === 'implicit') return r.edits(portEdit, r.setOrInsert(secureKey, 'true', after), ignoreOff);
        const secureOff = secure === true ? r.replace(secureEntry!, boolInStyle(false, r.text(secureKey))) : undefined;
        return r.edits(portEdit, secureOff, r.setOrInsert(o('requireTLS'), 'true', after), ignoreOff);
      },
      enableVerification: verify.enable,
    },
  });
}
