// Hover documentation for mail setting keys, per ecosystem: what the key means, its allowed values and its default,
// in that ecosystem's own words. Facts from /work/shared/reference/smtp-settings.md §0, §1, §2, §3.2, §3.3, §4.1.
// The same word means different things per ecosystem (`tls` is STARTTLS in PHPMailer, implicit TLS elsewhere), so
// every entry is keyed by ecosystem + key and never shared by guesswork.
import type { EcosystemId, SymbolRole } from '../engine/model';

export interface KeyDoc {
  /** What the setting does. */
  meaning: string;
  /** Allowed values, as the ecosystem spells them. */
  values?: string;
  /** What applies when the key is not set. */
  default?: string;
  /** A pitfall worth a line of its own. */
  note?: string;
}

export const ECOSYSTEM_LABELS: Record<string, string> = {
  'wp-mail-smtp': 'WP Mail SMTP',
  'easy-wp-smtp': 'Easy WP SMTP',
  'wp-smtp-constants': 'SMTP_* constants for a phpmailer_init snippet',
  phpmailer: 'PHPMailer',
  laravel: 'Laravel',
  symfony: 'Symfony Mailer',
  django: 'Django',
  'generic-env': 'SMTP environment variables',
  fluentsmtp: 'FluentSMTP',
  'post-smtp': 'Post SMTP',
};

export function ecosystemLabel(id: EcosystemId): string {
  return ECOSYSTEM_LABELS[id] ?? id;
}

const PLAINTEXT_SECRET = 'Keep the real value out of committed files: read it from the environment or a secret store.';

// --- WordPress plugins (§1) ---------------------------------------------------------------------------------------

const WPMS_ENCRYPTION: KeyDoc = {
  meaning: 'Encryption of the SMTP connection, handed to PHPMailer as SMTPSecure.',
  values: "`''` (none), `'ssl'` = implicit TLS (use port 465), `'tls'` = STARTTLS (use port 587)",
  default: "none (`''`); with auto TLS on, PHPMailer still upgrades with STARTTLS when the server offers it",
  note: "The plugin's own comment says 'tls' is not STARTTLS; in PHPMailer, which does the sending, 'tls' *is* STARTTLS.",
};
const WPMS_AUTOTLS: KeyDoc = {
  meaning: 'Opportunistic STARTTLS when the encryption is none: upgrade if the server offers it, else send in plaintext.',
  values: '`true` / `false` (cast to bool)',
  default: '`true`',
  note: "With encryption none and auto TLS false the connection is plaintext end to end.",
};
const WPMS_AUTH: KeyDoc = { meaning: 'Log in to the SMTP server with the user name and password.', values: '`true` / `false` (cast to bool)', default: '`true`' };

function wpPluginKeys(prefix: string): Record<string, KeyDoc> {
  return {
    [`${prefix}_ON`]: {
      meaning: `Master switch: only when it is exactly the boolean \`true\` do the ${prefix}_* constants replace the settings saved in the database.`,
      values: '`true` / `false` (strict boolean)',
      default: 'not defined: the constants are ignored',
      note: `\`define('${prefix}_ON', 'true')\` or \`1\` does not count: the constants are then ignored.`,
    },
    [`${prefix}_MAILER`]: {
      meaning: 'Which mailer sends mail: `smtp` uses the SMTP_* constants; `mail` uses PHP mail(); the others are provider APIs.',
      values: "`'mail'`, `'smtp'`, `'sendgrid'`, `'mailgun'`, `'amazonses'`, `'postmark'`, `'sparkpost'`, `'smtp2go'`, `'gmail'`, `'outlook'`, `'zoho'`, …",
      default: "`'mail'` (PHP mail())",
    },
    [`${prefix}_SMTP_HOST`]: { meaning: 'Host name of the SMTP server.', values: 'a host name', default: 'empty: SMTP settings are not applied' },
    [`${prefix}_SMTP_PORT`]: { meaning: 'TCP port of the SMTP server.', values: 'an integer or numeric string: 587 (STARTTLS) or 465 (implicit TLS)', default: '25 (PHPMailer default)' },
    [`${prefix}_SSL`]: WPMS_ENCRYPTION,
    [`${prefix}_SMTP_AUTH`]: WPMS_AUTH,
    [`${prefix}_SMTP_AUTOTLS`]: WPMS_AUTOTLS,
    [`${prefix}_SMTP_USER`]: { meaning: 'User name for SMTP authentication.', values: 'a string' },
    [`${prefix}_SMTP_PASS`]: { meaning: 'Password for SMTP authentication, written in plaintext in wp-config.php.', values: 'a string', note: PLAINTEXT_SECRET },
  };
}

const WP_MAIL_SMTP: Record<string, KeyDoc> = {
  ...wpPluginKeys('WPMS'),
  // Keys of the `wp_mail_smtp` option (a `wp option get wp_mail_smtp --format=json` dump).
  mailer: { meaning: 'Which mailer sends mail (`mail.mailer` in the wp_mail_smtp option).', values: "`'mail'`, `'smtp'` or a provider API", default: "`'mail'`" },
  host: { meaning: 'Host name of the SMTP server (`smtp.host`).', values: 'a host name' },
  port: { meaning: 'TCP port of the SMTP server (`smtp.port`).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '25' },
  encryption: { ...WPMS_ENCRYPTION, meaning: 'Encryption of the SMTP connection (`smtp.encryption`).', values: "`'none'`, `'ssl'` = implicit TLS (465), `'tls'` = STARTTLS (587)", default: "`'none'`" },
  autotls: { ...WPMS_AUTOTLS, meaning: 'Opportunistic STARTTLS when the encryption is none (`smtp.autotls`).' },
  auth: { ...WPMS_AUTH, meaning: 'Log in with the user name and password (`smtp.auth`).' },
  user: { meaning: 'User name for SMTP authentication (`smtp.user`).' },
  pass: { meaning: 'Password for SMTP authentication (`smtp.pass`); the plugin stores it encrypted in the database.', note: PLAINTEXT_SECRET },
};

const EASY_WP_SMTP: Record<string, KeyDoc> = {
  ...wpPluginKeys('EASY_WP_SMTP'),
  // Easy WP SMTP 1.x option `swpsmtp_options` -> smtp_settings.*
  host: { meaning: 'Host name of the SMTP server (`smtp_settings.host`).', default: '`smtp.example.com`' },
  port: { meaning: 'TCP port of the SMTP server (`smtp_settings.port`).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '25' },
  type_encryption: {
    meaning: 'Encryption of the SMTP connection (`smtp_settings.type_encryption`).',
    values: "`'none'`, `'ssl'` = implicit TLS (465), `'tls'` = STARTTLS (587)",
    default: "`'none'`; version 1.x also turns PHPMailer's auto TLS off, so none means plaintext",
  },
  autentication: { meaning: 'Log in with the user name and password (`smtp_settings.autentication`, spelled so by the plugin).', values: "`'yes'` / `'no'`", default: "`'yes'`" },
  username: { meaning: 'User name for SMTP authentication.' },
  password: { meaning: 'Password for SMTP authentication (base64 or encrypted in the database).', note: PLAINTEXT_SECRET },
  insecure_ssl: { meaning: 'Disables certificate checks (verify_peer, verify_peer_name off; self-signed allowed).', values: '`1` = checks off, `0` = checks on', default: '`0`', note: 'Leave it off: without certificate checks anyone on the path can read the password.' },
};

const FLUENTSMTP: Record<string, KeyDoc> = {
  provider: { meaning: 'Which connection type sends mail (`provider_settings.provider`).', values: "`'smtp'`, `'ses'`, `'mailgun'`, `'sendgrid'`, `'postmark'`, `'gmail'`, `'outlook'`, …" },
  host: { meaning: 'Host name of the SMTP server.' },
  port: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)', default: "`''`" },
  encryption: { meaning: 'Encryption, handed to PHPMailer as SMTPSecure.', values: "`'none'`, `'ssl'` = implicit TLS (465), `'tls'` = STARTTLS (587)", default: "`'none'`" },
  auto_tls: { meaning: 'Opportunistic STARTTLS when the encryption is none.', values: "`'yes'` / `'no'`", default: "`'yes'`" },
  auth: { meaning: 'Log in with the user name and password.', values: "`'yes'` / `'no'`", default: "`'yes'`" },
  username: { meaning: 'User name for SMTP authentication.' },
  password: { meaning: 'Password for SMTP authentication.', note: "Set `key_store` to `'wp_config'` and define FLUENTMAIL_SMTP_PASSWORD to keep it out of the database dump." },
  key_store: { meaning: 'Where the credentials live.', values: "`'db'` (the settings) or `'wp_config'` (FLUENTMAIL_SMTP_USERNAME / FLUENTMAIL_SMTP_PASSWORD constants)", default: "`'db'`" },
  FLUENTMAIL_SMTP_USERNAME: { meaning: "FluentSMTP's SMTP user name, read when the connection's key_store is `'wp_config'`." },
  FLUENTMAIL_SMTP_PASSWORD: { meaning: "FluentSMTP's SMTP password, read when the connection's key_store is `'wp_config'`.", note: PLAINTEXT_SECRET },
};

const POST_SMTP: Record<string, KeyDoc> = {
  transport_type: { meaning: 'Which transport sends mail.', values: "`'smtp'`, `'default'` (PHP mail()), `'gmail_api'`, `'sendgrid_api'`, `'mailgun_api'`, …" },
  hostname: { meaning: 'Host name of the SMTP server.' },
  port: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)' },
  enc_type: { meaning: 'Encryption of the SMTP connection.', values: "`'none'`, `'ssl'` = implicit TLS (465), `'tls'` = STARTTLS (587)" },
  auth_type: { meaning: 'How to log in.', values: "`'none'`, `'plain'`, `'login'`, `'crammd5'`, `'oauth2'`" },
  basic_auth_username: { meaning: 'User name for SMTP authentication.' },
  basic_auth_password: { meaning: 'Password for SMTP authentication; stored only base64-encoded, which is not encryption.', note: PLAINTEXT_SECRET },
  fallback_smtp_enabled: { meaning: 'Use a second SMTP server when the first fails.' },
  fallback_smtp_hostname: { meaning: 'Host name of the fallback SMTP server.' },
  fallback_smtp_port: { meaning: 'TCP port of the fallback SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)' },
  fallback_smtp_security: { meaning: 'Encryption of the fallback connection.', values: "`'none'`, `'ssl'` = implicit TLS, `'tls'` = STARTTLS" },
  fallback_smtp_use_auth: { meaning: 'Log in to the fallback server.' },
  fallback_smtp_username: { meaning: 'User name for the fallback server.' },
  fallback_smtp_password: { meaning: 'Password for the fallback server.', note: PLAINTEXT_SECRET },
  POST_SMTP_AUTH_USERNAME: { meaning: 'Post SMTP user name, overriding the one in the database.' },
  POST_SMTP_AUTH_PASSWORD: { meaning: 'Post SMTP password, overriding the one in the database.', note: PLAINTEXT_SECRET },
};

// --- generic SMTP_* constants for phpmailer_init snippets (§1.5) ----------------------------------------------------

const SNIPPET_NOTE = 'What it does depends on the phpmailer_init code that reads it; the usual snippet assigns it to the PHPMailer property named below.';
const WP_SMTP_CONSTANTS: Record<string, KeyDoc> = {
  SMTP_HOST: { meaning: 'Host name of the SMTP server (PHPMailer `Host`).', note: SNIPPET_NOTE },
  SMTP_PORT: { meaning: 'TCP port of the SMTP server (PHPMailer `Port`).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '25 (PHPMailer default)', note: SNIPPET_NOTE },
  SMTP_SECURE: { meaning: 'Encryption (PHPMailer `SMTPSecure`).', values: "`'tls'` = STARTTLS (587), `'ssl'` = implicit TLS (465), `''` = none", default: "`''`", note: SNIPPET_NOTE },
  SMTP_SEC: { meaning: 'Encryption for WP Simple SMTP.', values: "`'def'` (default), `'ssl'` = implicit TLS, `'tls'` = STARTTLS" },
  SMTP_AUTH: { meaning: 'Log in with the user name and password (PHPMailer `SMTPAuth`).', values: '`true` / `false`', note: SNIPPET_NOTE },
  SMTP_USER: { meaning: 'User name for SMTP authentication (PHPMailer `Username`).' },
  SMTP_USERNAME: { meaning: 'User name for SMTP authentication (PHPMailer `Username`).' },
  SMTP_PASS: { meaning: 'Password for SMTP authentication (PHPMailer `Password`).', note: PLAINTEXT_SECRET },
  SMTP_PASSWORD: { meaning: 'Password for SMTP authentication (PHPMailer `Password`).', note: PLAINTEXT_SECRET },
  SMTP_NOVERIFYSSL: { meaning: 'WP Simple SMTP: turns certificate verification off.', values: '`true` / `false`', note: 'Leave it off: without certificate checks anyone on the path can read the password.' },
};

// --- PHPMailer (§2) ----------------------------------------------------------------------------------------------

const PHPMAILER: Record<string, KeyDoc> = {
  isSMTP: { meaning: 'Send through SMTP (sets `Mailer` to `smtp`). Without it Host and Port are ignored and PHP mail() is used.' },
  Mailer: { meaning: 'How PHPMailer sends.', values: "`'mail'`, `'smtp'` (what isSMTP() sets), `'sendmail'`, `'qmail'`", default: "`'mail'`" },
  Host: {
    meaning: 'SMTP server; a `;`-separated list is tried in order. Each entry may carry `ssl://` or `tls://` (overrides SMTPSecure) and `:port` (overrides Port).',
    default: "`'localhost'`",
  },
  Port: { meaning: 'TCP port of the SMTP server.', values: '587 with STARTTLS or 465 with implicit TLS', default: '25' },
  SMTPSecure: {
    meaning: 'Encryption of the connection.',
    values: "`''` (none), `'tls'` / `PHPMailer::ENCRYPTION_STARTTLS` = STARTTLS (587), `'ssl'` / `PHPMailer::ENCRYPTION_SMTPS` = implicit TLS (465)",
    default: "`''`",
    note: "Compared with `===`: `'TLS'`, `'starttls'` or `true` are not recognised and act like `''`.",
  },
  SMTPAutoTLS: {
    meaning: "Upgrade with STARTTLS when the server offers it, even when SMTPSecure is ''; silently plaintext when it does not (and never for Host 'localhost').",
    values: '`true` / `false`',
    default: '`true`',
  },
  SMTPAuth: { meaning: 'Log in with Username and Password.', values: '`true` / `false`', default: '`false`' },
  Username: { meaning: 'User name for SMTP authentication.', default: "`''`" },
  Password: { meaning: 'Password for SMTP authentication.', default: "`''`", note: PLAINTEXT_SECRET },
  AuthType: { meaning: 'Authentication mechanism.', values: "`'CRAM-MD5'`, `'LOGIN'`, `'PLAIN'`, `'XOAUTH2'`", default: "`''` (the best the server offers)" },
  SMTPOptions: {
    meaning: 'Stream context options for the socket.',
    note: "`'ssl' => ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => true]` turns certificate checks off; give a `cafile` instead.",
  },
};

// --- Laravel (§3.2) ----------------------------------------------------------------------------------------------

const LARAVEL_VERIFY: KeyDoc = {
  meaning: 'Symfony transport option: `false` turns off certificate and host-name verification.',
  values: '`true` / `false`',
  default: '`true`',
  note: 'Leave it on: without verification anyone on the path can read the password.',
};
const LARAVEL: Record<string, KeyDoc> = {
  MAIL_MAILER: {
    meaning: 'Which mailer the app uses by default (`mail.default`).',
    values: '`smtp`, `sendmail`, `mailgun`, `ses`, `ses-v2`, `postmark`, `resend`, `log`, `array`, `failover`, `roundrobin`',
    default: '`log` in Laravel 11.5+ skeletons (`smtp` before)',
  },
  MAIL_DRIVER: { meaning: 'The mailer, in Laravel 6 and older (renamed MAIL_MAILER in 7).', values: 'as MAIL_MAILER' },
  MAIL_HOST: { meaning: 'Host name of the SMTP server.', default: '`127.0.0.1` in the Laravel 11+ skeleton (`smtp.mailgun.org` up to 10)' },
  MAIL_PORT: { meaning: 'TCP port of the SMTP server. From Laravel 11.35.1, port 465 alone selects implicit TLS (smtps).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '2525 in the Laravel 11+ skeleton (587 up to 10)' },
  MAIL_SCHEME: {
    meaning: 'Transport scheme (Laravel 11+): `smtps` = implicit TLS, `smtp` = plaintext start with STARTTLS when the server offers it.',
    values: '`smtp`, `smtps` or unset',
    default: 'unset: `smtps` on port 465, else `smtp`',
  },
  MAIL_ENCRYPTION: {
    meaning: 'Legacy encryption switch. Laravel up to 10: `tls` = STARTTLS (implicit TLS only on 465). From 11.35.1 it is ignored: use MAIL_SCHEME and the port.',
    values: '`tls`, `ssl`, `null`',
    default: '`tls` in skeletons up to 10',
    note: '11.35.0 alone mapped `tls` to implicit TLS, which broke port 587.',
  },
  MAIL_USERNAME: { meaning: 'User name for SMTP authentication.' },
  MAIL_PASSWORD: { meaning: 'Password for SMTP authentication.', note: '.env files are the place for it; keep .env out of version control.' },
  MAIL_URL: { meaning: 'A DSN (`smtp://user:pass@host:port`) merged over the smtp mailer settings.' },
  MAIL_EHLO_DOMAIN: { meaning: 'Domain announced in EHLO.', default: 'the host of APP_URL' },
  MAIL_FROM_ADDRESS: { meaning: 'Default sender address.' },
  MAIL_FROM_NAME: { meaning: 'Default sender name.' },
  // config/mail.php keys of the smtp mailer
  transport: { meaning: 'Transport of this mailer in config/mail.php.', values: '`smtp`, `sendmail`, `ses`, `log`, …' },
  host: { meaning: 'Host name of the SMTP server (config/mail.php).' },
  port: { meaning: 'TCP port of the SMTP server (config/mail.php).', values: '587 (STARTTLS) or 465 (implicit TLS)' },
  scheme: { meaning: 'Transport scheme (config/mail.php, Laravel 11+).', values: '`smtp`, `smtps`' },
  encryption: { meaning: 'Legacy encryption (config/mail.php); ignored from Laravel 11.35.1.', values: '`tls` (STARTTLS), `ssl`' },
  username: { meaning: 'User name for SMTP authentication (config/mail.php).' },
  password: { meaning: 'Password for SMTP authentication (config/mail.php).', note: "Use `env('MAIL_PASSWORD')`, not a literal." },
  verify_peer: LARAVEL_VERIFY,
  auto_tls: { meaning: 'Symfony transport option: `false` disables opportunistic STARTTLS.', values: '`true` / `false`', default: '`true`' },
  require_tls: { meaning: 'Symfony transport option (symfony/mailer 7.3+): fail unless TLS or STARTTLS is achieved.', values: '`true` / `false`', default: '`false`' },
};

// --- Symfony Mailer (§3.3) ---------------------------------------------------------------------------------------

const SYMFONY: Record<string, KeyDoc> = {
  MAILER_DSN: {
    meaning:
      'Transport DSN `scheme://user:pass@host:port?options`. `smtps://` is always implicit TLS; `smtp://` uses implicit TLS on 465 (and when the port is omitted for a host other than localhost), otherwise plaintext with STARTTLS when offered.',
    values: '`smtp://…`, `smtps://…`, provider bridges such as `sendgrid+smtp://KEY@default`, `failover(…)`, `roundrobin(…)`, `null://null`',
    default: '`null://null` (the Flex recipe): nothing is sent',
    note: 'Options: `verify_peer=0` turns certificate checks off; `require_tls=1` (7.3+) makes TLS mandatory; `auto_tls=0` disables STARTTLS. URL-encode special characters in the user info.',
  },
  verify_peer: { ...LARAVEL_VERIFY, meaning: 'DSN option: a false value (`0`, `false`, `off`, `no`) turns off both peer and peer-name verification.' },
  auto_tls: { meaning: 'DSN option (7.1+): `false` disables opportunistic STARTTLS on `smtp://`.', values: 'a boolean', default: 'true' },
  require_tls: { meaning: 'DSN option (7.3+): fail unless TLS or STARTTLS is achieved.', values: 'a boolean', default: 'false' },
  dsn: { meaning: 'Transport DSN (framework.mailer.dsn), usually `%env(MAILER_DSN)%`.' },
};

// --- Django (§4.1) -----------------------------------------------------------------------------------------------

const DJANGO: Record<string, KeyDoc> = {
  EMAIL_BACKEND: { meaning: 'Backend class that sends mail.', values: '`django.core.mail.backends.smtp.EmailBackend`, or the console, file, locmem and dummy backends for development', default: 'the SMTP backend' },
  EMAIL_HOST: { meaning: 'Host name of the SMTP server.', default: "`'localhost'`" },
  EMAIL_PORT: { meaning: 'TCP port of the SMTP server.', values: '587 with EMAIL_USE_TLS, 465 with EMAIL_USE_SSL', default: '25' },
  EMAIL_HOST_USER: { meaning: 'User name; Django logs in only when both user and password are non-empty.', default: "`''`" },
  EMAIL_HOST_PASSWORD: { meaning: 'Password for SMTP authentication.', default: "`''`", note: PLAINTEXT_SECRET },
  EMAIL_USE_TLS: {
    meaning: 'STARTTLS, required: Django raises an error when the server does not offer it. Use with port 587.',
    values: '`True` / `False`',
    default: '`False`',
    note: "`os.environ.get('EMAIL_USE_TLS', False)` gives the string 'False', which is truthy. Not both EMAIL_USE_TLS and EMAIL_USE_SSL.",
  },
  EMAIL_USE_SSL: { meaning: 'Implicit TLS (SMTP_SSL). Use with port 465.', values: '`True` / `False`', default: '`False`', note: 'Not both EMAIL_USE_TLS and EMAIL_USE_SSL: Django raises ValueError.' },
  EMAIL_URL: {
    meaning: 'django-environ mail URL: `smtp+tls://` and `smtps://` both mean STARTTLS (EMAIL_USE_TLS); `smtp+ssl://` means implicit TLS (EMAIL_USE_SSL).',
    values: '`smtp://`, `smtps://`, `smtp+tls://`, `smtp+ssl://`, `consolemail://`, …',
  },
  EMAIL_TIMEOUT: { meaning: 'Socket timeout in seconds.', default: 'None (no timeout)' },
};

// --- generic SMTP_* environment variables --------------------------------------------------------------------------

const APP_DEPENDENT = 'Its exact meaning depends on the app that reads it.';
const GENERIC_ENV: Record<string, KeyDoc> = {
  SMTP_HOST: { meaning: 'Host name of the SMTP server.', note: APP_DEPENDENT },
  SMTP_SERVER: { meaning: 'Host name of the SMTP server.', note: APP_DEPENDENT },
  SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)', note: APP_DEPENDENT },
  SMTP_USER: { meaning: 'User name for SMTP authentication.' },
  SMTP_USERNAME: { meaning: 'User name for SMTP authentication.' },
  SMTP_LOGIN: { meaning: 'User name for SMTP authentication.' },
  SMTP_PASS: { meaning: 'Password for SMTP authentication.', note: '.env files are the place for it; keep them out of version control.' },
  SMTP_PASSWORD: { meaning: 'Password for SMTP authentication.', note: '.env files are the place for it; keep them out of version control.' },
  SMTP_SECURE: { meaning: 'Encryption switch. In Nodemailer-style apps `true` means implicit TLS (465); in PHPMailer-style apps `tls` means STARTTLS.', note: APP_DEPENDENT },
  SMTP_TLS: { meaning: 'TLS switch. Some apps mean implicit TLS by it (Mastodon), others STARTTLS.', note: APP_DEPENDENT },
  SMTP_SSL: { meaning: 'Implicit TLS switch in most apps that have it.', note: APP_DEPENDENT },
  SMTP_STARTTLS: { meaning: 'STARTTLS switch.', note: APP_DEPENDENT },
  SMTP_SECURITY: { meaning: 'Encryption mode (Vaultwarden): `starttls`, `force_tls` (implicit TLS) or `off`.', note: APP_DEPENDENT },
};

const TABLE: Record<string, Record<string, KeyDoc>> = {
  'wp-mail-smtp': WP_MAIL_SMTP,
  'easy-wp-smtp': EASY_WP_SMTP,
  'wp-smtp-constants': WP_SMTP_CONSTANTS,
  phpmailer: PHPMAILER,
  laravel: LARAVEL,
  symfony: SYMFONY,
  django: DJANGO,
  'generic-env': GENERIC_ENV,
  fluentsmtp: FLUENTSMTP,
  'post-smtp': POST_SMTP,
};

/**
 * The last name in a key as formats write it: `$phpmailer->Port` -> `Port`, `smtp.port` -> `port`,
 * `$config['mailers']['smtp']['port']` -> `port`, `isSMTP()` -> `isSMTP`.
 */
export function bareKey(key: string): string {
  let k = key.trim().replace(/\(\s*\)$/, '');
  const arrow = k.lastIndexOf('->');
  if (arrow >= 0) k = k.slice(arrow + 2);
  const bracket = /\[\s*['"]?([^'"\]]+)['"]?\s*\]$/.exec(k);
  if (bracket) k = bracket[1];
  const dot = k.lastIndexOf('.');
  if (dot >= 0 && dot < k.length - 1) k = k.slice(dot + 1);
  return k.replace(/^['"$]+|['"]+$/g, '');
}

export interface FoundKeyDoc {
  doc: KeyDoc;
  key: string;
  ecosystem: string;
}

/** The doc for a key in an ecosystem; when the ecosystem has no entry, the same key in another ecosystem that does. */
export function keyDoc(ecosystem: EcosystemId, key: string): FoundKeyDoc | undefined {
  const candidates = [...new Set([key, bareKey(key)])];
  const own = TABLE[ecosystem];
  if (own) {
    for (const k of candidates) if (own[k]) return { doc: own[k], key: k, ecosystem };
    for (const k of candidates) {
      const ci = Object.keys(own).find((x) => x.toLowerCase() === k.toLowerCase());
      if (ci) return { doc: own[ci], key: ci, ecosystem };
    }
  }
  // Environment-style names are unambiguous across ecosystems (MAIL_PORT is Laravel's wherever it appears).
  for (const k of candidates) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(k)) continue;
    for (const [eco, docs] of Object.entries(TABLE)) if (docs[k]) return { doc: docs[k], key: k, ecosystem: eco };
  }
  return undefined;
}

const ROLE_TEXT: Record<SymbolRole, string> = {
  host: 'the SMTP server host',
  port: 'the SMTP server port',
  tls: 'the encryption of the connection',
  auth: 'whether to log in to the SMTP server',
  user: 'the SMTP user name',
  password: 'the SMTP password',
  verify: 'certificate verification',
  mailer: 'which mailer sends mail',
  dsn: 'the mail transport DSN',
  other: 'a mail setting',
};

/** Markdown for a hover on a setting's key. Never includes the setting's value. */
export function keyHoverMarkdown(ecosystem: EcosystemId, key: string, role: SymbolRole): string {
  const found = keyDoc(ecosystem, key);
  const label = ecosystemLabel(found?.ecosystem ?? ecosystem);
  const lines = [`**\`${found?.key ?? bareKey(key)}\`** (${label})`, ''];
  if (!found) {
    lines.push(`Sets ${ROLE_TEXT[role]}.`);
    return lines.join('\n');
  }
  const { doc } = found;
  lines.push(doc.meaning);
  if (doc.values) lines.push('', `**Values:** ${doc.values}`);
  if (doc.default) lines.push('', `**Default:** ${doc.default}`);
  if (doc.note) lines.push('', `**Note:** ${doc.note}`);
  return lines.join('\n');
}
