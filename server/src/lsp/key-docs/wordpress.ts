// WordPress mail plugins and PHPMailer, which they all hand their settings to.
// Facts: shared/reference/smtp-settings.md §1 (plugins), §2 (PHPMailer); the formats in engine/formats/php and
// engine/formats/wp-plugin-json. `tls` here is STARTTLS (PHPMailer's SMTPSecure), `ssl` implicit TLS.
import { PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

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
  note: 'With encryption none and auto TLS false the connection is plaintext end to end.',
};
const WPMS_AUTH: KeyDoc = { meaning: 'Log in to the SMTP server with the user name and password.', values: '`true` / `false` (cast to bool)', default: '`true`' };
const PLUGIN_ENCRYPTION_VALUES = "`'none'`, `'ssl'` = implicit TLS (465), `'tls'` = STARTTLS (587)";

function wpPluginConstants(prefix: string): Record<string, KeyDoc> {
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

/** Keys of the `wp_mail_smtp` option as `wp option get … --format=json` dumps it (Easy WP SMTP 2.x uses the same shape). */
function wpOptionKeys(option: string): Record<string, KeyDoc> {
  return {
    mailer: { meaning: `Which mailer sends mail (\`mail.mailer\` in the ${option} option).`, values: "`'mail'`, `'smtp'` or a provider API", default: "`'mail'` (PHP mail()): the SMTP settings are unused" },
    host: { meaning: 'Host name of the SMTP server (`smtp.host`).', values: 'a host name', default: 'empty: PHPMailer stays on PHP mail()' },
    port: { meaning: 'TCP port of the SMTP server (`smtp.port`).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '25' },
    encryption: { ...WPMS_ENCRYPTION, meaning: 'Encryption of the SMTP connection (`smtp.encryption`).', values: PLUGIN_ENCRYPTION_VALUES, default: "`'none'`" },
    autotls: { ...WPMS_AUTOTLS, meaning: 'Opportunistic STARTTLS when the encryption is none (`smtp.autotls`).' },
    auth: { ...WPMS_AUTH, meaning: 'Log in with the user name and password (`smtp.auth`).' },
    user: { meaning: 'User name for SMTP authentication (`smtp.user`).' },
    pass: { meaning: 'Password for SMTP authentication (`smtp.pass`); the plugin stores it encrypted when it can.', note: PLAINTEXT_SECRET },
  };
}

const WP_MAIL_SMTP: Record<string, KeyDoc> = { ...wpPluginConstants('WPMS'), ...wpOptionKeys('wp_mail_smtp') };

const EASY_WP_SMTP: Record<string, KeyDoc> = {
  ...wpPluginConstants('EASY_WP_SMTP'),
  // 2.x option (same shape as WP Mail SMTP's) and its export
  ...wpOptionKeys('easy_wp_smtp'),
  allow_smtp_insecure_ssl: {
    meaning: 'Easy WP SMTP 2.x "Allow Insecure SSL Certificates" (`general.allow_smtp_insecure_ssl`): turns verify_peer and verify_peer_name off.',
    values: '`true` / `false`',
    default: '`false`',
    note: VERIFY_OFF,
  },
  data: { meaning: 'Easy WP SMTP export: the settings, as a JSON document inside this JSON string.' },
  ver: { meaning: 'Easy WP SMTP export: the format version of `data`.' },
  checksum: { meaning: 'Easy WP SMTP export: MD5 of `data`; the importer rejects a file whose checksum does not match (fixes rewrite it).' },
  // 1.x option `swpsmtp_options`
  'smtp_settings.host': { meaning: 'Host name of the SMTP server (Easy WP SMTP 1.x).', default: '`smtp.example.com`' },
  'smtp_settings.port': { meaning: 'TCP port of the SMTP server (Easy WP SMTP 1.x).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '25' },
  type_encryption: {
    meaning: 'Encryption of the SMTP connection (`smtp_settings.type_encryption`, Easy WP SMTP 1.x).',
    values: PLUGIN_ENCRYPTION_VALUES,
    default: "`'none'`; version 1.x also turns PHPMailer's auto TLS off, so none means plaintext",
  },
  autentication: { meaning: 'Log in with the user name and password (`smtp_settings.autentication`, spelled so by the plugin).', values: "`'yes'` / `'no'`", default: "`'yes'`" },
  username: { meaning: 'User name for SMTP authentication (Easy WP SMTP 1.x).' },
  password: { meaning: 'Password for SMTP authentication (Easy WP SMTP 1.x): base64 text, or encrypted when the plugin encrypts passwords.', note: PLAINTEXT_SECRET },
  insecure_ssl: { meaning: 'Disables certificate checks (verify_peer, verify_peer_name off; self-signed allowed).', values: '`1` turns the checks off; only `false` (or no value) keeps them on: `0` turns them off too', default: 'not set: checks on', note: VERIFY_OFF },
  from_email_field: { meaning: 'Sender address (Easy WP SMTP 1.x). The plugin applies its SMTP settings only once this and the sender name are filled in.' },
  from_name_field: { meaning: 'Sender name (Easy WP SMTP 1.x). The plugin applies its SMTP settings only once this and the sender address are filled in.' },
};

const FLUENTSMTP: Record<string, KeyDoc> = {
  title: { meaning: "The connection's name in the FluentSMTP settings screen." },
  provider: { meaning: 'Which connection type sends mail (`provider_settings.provider`).', values: "`'smtp'`, `'ses'`, `'mailgun'`, `'sendgrid'`, `'postmark'`, `'gmail'`, `'outlook'`, …" },
  host: { meaning: 'Host name of the SMTP server.' },
  port: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)', default: "`''`" },
  encryption: { meaning: 'Encryption, handed to PHPMailer as SMTPSecure.', values: PLUGIN_ENCRYPTION_VALUES, default: "`'none'`" },
  auto_tls: { meaning: 'Opportunistic STARTTLS when the encryption is none.', values: "`'yes'` / `'no'`", default: "`'yes'`" },
  auth: { meaning: 'Log in with the user name and password.', values: "`'yes'` / `'no'`", default: "`'yes'`" },
  username: { meaning: 'User name for SMTP authentication.' },
  password: { meaning: 'Password for SMTP authentication.', note: "Set `key_store` to `'wp_config'` and define FLUENTMAIL_SMTP_PASSWORD to keep it out of the database dump." },
  key_store: { meaning: 'Where the credentials live.', values: "`'db'` (the settings) or `'wp_config'` (FLUENTMAIL_SMTP_USERNAME / FLUENTMAIL_SMTP_PASSWORD constants)", default: "`'db'`" },
  FLUENTMAIL_SMTP_USERNAME: { meaning: "FluentSMTP's SMTP user name, read when the connection's key_store is `'wp_config'`." },
  FLUENTMAIL_SMTP_PASSWORD: { meaning: "FluentSMTP's SMTP password, read when the connection's key_store is `'wp_config'`.", note: PLAINTEXT_SECRET },
};

const POST_SMTP: Record<string, KeyDoc> = {
  run_mode: { meaning: 'Whether Post SMTP delivers mail.', values: "`'production'` (send), `'log_only'` (log, never send), `'ignore'` (drop)" },
  transport_type: { meaning: 'Which transport sends mail.', values: "`'smtp'`, `'default'` (PHP mail()), `'gmail_api'`, `'sendgrid_api'`, `'mailgun_api'`, …" },
  hostname: { meaning: 'Host name of the SMTP server.' },
  port: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)' },
  enc_type: { meaning: 'Encryption of the SMTP connection.', values: PLUGIN_ENCRYPTION_VALUES },
  auth_type: { meaning: 'How to log in.', values: "`'none'`, `'plain'`, `'login'`, `'crammd5'`, `'oauth2'`" },
  basic_auth_username: { meaning: 'User name for SMTP authentication.' },
  basic_auth_password: { meaning: 'Password for SMTP authentication; stored only base64-encoded, which is not encryption.', note: PLAINTEXT_SECRET },
  fallback_smtp_enabled: { meaning: 'Use a second SMTP server when the first fails.', values: "`'yes'` / `'no'`", default: 'off' },
  fallback_smtp_hostname: { meaning: 'Host name of the fallback SMTP server.' },
  fallback_smtp_port: { meaning: 'TCP port of the fallback SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)' },
  fallback_smtp_security: { meaning: 'Encryption of the fallback connection.', values: PLUGIN_ENCRYPTION_VALUES },
  fallback_smtp_use_auth: { meaning: 'Log in to the fallback server.' },
  fallback_smtp_username: { meaning: 'User name for the fallback server.' },
  fallback_smtp_password: { meaning: 'Password for the fallback server.', note: PLAINTEXT_SECRET },
  POST_SMTP_AUTH_USERNAME: { meaning: 'Post SMTP user name, overriding the one in the database.' },
  POST_SMTP_AUTH_PASSWORD: { meaning: 'Post SMTP password, overriding the one in the database.', note: PLAINTEXT_SECRET },
};

// Generic SMTP_* constants for phpmailer_init snippets (§1.5): their meaning is whatever the snippet does with them.
const SNIPPET_NOTE = 'What it does depends on the phpmailer_init code that reads it; the usual snippet assigns it to the PHPMailer property named above.';
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
  SMTP_NOVERIFYSSL: { meaning: 'WP Simple SMTP: turns certificate verification off.', values: '`true` / `false`', note: VERIFY_OFF },
};

const PHPMAILER_STREAM = "Stream context option under `SMTPOptions['ssl']`.";
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
  verify_peer: { meaning: `${PHPMAILER_STREAM} \`false\` accepts any certificate.`, values: '`true` / `false`', default: '`true`', note: VERIFY_OFF },
  verify_peer_name: { meaning: `${PHPMAILER_STREAM} \`false\` accepts a certificate issued for another host name.`, values: '`true` / `false`', default: '`true`', note: VERIFY_OFF },
  allow_self_signed: { meaning: `${PHPMAILER_STREAM} \`true\` accepts self-signed certificates.`, values: '`true` / `false`', default: '`false`', note: VERIFY_OFF },
};

export const WORDPRESS_DOCS: EcosystemDocs[] = [
  { id: 'wp-mail-smtp', label: 'WP Mail SMTP', docs: WP_MAIL_SMTP },
  { id: 'easy-wp-smtp', label: 'Easy WP SMTP', docs: EASY_WP_SMTP },
  { id: 'fluentsmtp', label: 'FluentSMTP', docs: FLUENTSMTP },
  { id: 'post-smtp', label: 'Post SMTP', docs: POST_SMTP },
  { id: 'wp-smtp-constants', label: 'SMTP_* constants for a phpmailer_init snippet', docs: WP_SMTP_CONSTANTS },
  { id: 'phpmailer', label: 'PHPMailer', docs: PHPMAILER },
];
