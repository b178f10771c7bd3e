// Self-hosted apps configured by environment variables or their own config files: Mastodon, Discourse,
// Gitea/Forgejo, Grafana, Vaultwarden, Authentik, Supabase Auth, Sentry, Plausible, Prometheus Alertmanager, plus
// Compose's env_file and the generic SMTP_* variables. Facts: shared/reference/smtp-settings.md §8,
// docs/formats/compose-and-env.md, docs/formats/ini-and-mail-tools.md, docs/formats/yaml-properties-json.md and
// engine/env/apps.ts. The same word differs per app: Mastodon SMTP_TLS is implicit TLS, Vaultwarden's legacy
// SMTP_SSL is STARTTLS.
import { ENV_SECRET, PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

const VERIFY_MODE: KeyDoc = {
  meaning: 'Certificate verification (the mail gem).',
  values: '`peer`, `none`, `client_once`, `fail_if_no_peer_cert`',
  default: 'unset: verify',
  note: `\`none\` turns checks off. ${VERIFY_OFF}`,
};

// --- Mastodon (§8.1) -----------------------------------------------------------------------------------------------

const MASTODON_IMPLICIT = 'Implicit TLS (TLS from the first byte), not STARTTLS: use port 465. Counts only when exactly `true`.';
const MASTODON: Record<string, KeyDoc> = {
  SMTP_SERVER: { meaning: 'Host name of the SMTP server.', default: '`localhost`' },
  SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '587 (with SMTP_ENABLE_STARTTLS) or 465 (with SMTP_TLS=true)', default: 'unset: 25' },
  SMTP_LOGIN: { meaning: 'User name for SMTP authentication.' },
  SMTP_PASSWORD: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
  SMTP_AUTH_METHOD: { meaning: 'Authentication mechanism; `none` sends without logging in.', values: '`plain`, `login`, `cram_md5`, `none`', default: '`plain`' },
  SMTP_OPENSSL_VERIFY_MODE: VERIFY_MODE,
  SMTP_CA_FILE: { meaning: 'CA bundle used to verify the server certificate.', default: '`/etc/ssl/certs/ca-certificates.crt`' },
  SMTP_TLS: {
    meaning: MASTODON_IMPLICIT,
    values: '`true` / `false`',
    default: 'off',
    note: 'The trap: `SMTP_TLS=true` on port 587 fails ("wrong version number"); for 587 set SMTP_ENABLE_STARTTLS=always. The mail gem refuses it next to a STARTTLS setting.',
  },
  SMTP_SSL: { meaning: `The same as SMTP_TLS: ${MASTODON_IMPLICIT}`, values: '`true` / `false`', default: 'off' },
  SMTP_ENABLE_STARTTLS: {
    meaning: 'STARTTLS: `always` requires it, `auto` upgrades only when the server offers it, `never` sends in plaintext.',
    values: '`always`, `auto`, `never` (newer releases also `false`)',
    default: 'unset: SMTP_ENABLE_STARTTLS_AUTO decides (opportunistic)',
  },
  SMTP_ENABLE_STARTTLS_AUTO: { meaning: 'Legacy: opportunistic STARTTLS, used when SMTP_ENABLE_STARTTLS is unset; `false` means plaintext.', values: '`true` / `false`', default: '`true`' },
  SMTP_DELIVERY_METHOD: { meaning: 'How Mastodon delivers mail; only `smtp` uses these settings.', values: '`smtp`, `sendmail`, `file`, …', default: '`smtp`' },
};

// --- Discourse (§8.2) ----------------------------------------------------------------------------------------------

const DISCOURSE_BOOL = 'Only `true` and `false` are booleans; any other text counts as true.';
const DISCOURSE: Record<string, KeyDoc> = {
  DISCOURSE_SMTP_ADDRESS: { meaning: 'Host name of the SMTP server. Without it Discourse delivers with sendmail.' },
  DISCOURSE_SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (with DISCOURSE_SMTP_FORCE_TLS)', default: '25 (the sample app.yml suggests 587)' },
  DISCOURSE_SMTP_USER_NAME: { meaning: 'User name for SMTP authentication.' },
  DISCOURSE_SMTP_PASSWORD: { meaning: 'Password for SMTP authentication.', note: `${PLAINTEXT_SECRET} In app.yml a \`#\` in the password breaks the YAML.` },
  DISCOURSE_SMTP_AUTHENTICATION: { meaning: 'Authentication mechanism.', values: '`plain`, `login`, `cram_md5`', default: '`plain`' },
  DISCOURSE_SMTP_ENABLE_START_TLS: {
    meaning: "The mail gem's `enable_starttls_auto`: upgrade with STARTTLS when the server offers it (opportunistic); `false` = plaintext.",
    values: '`true` / `false`',
    default: '`true`',
    note: DISCOURSE_BOOL,
  },
  DISCOURSE_SMTP_FORCE_TLS: { meaning: 'Implicit TLS (TLS from the first byte). Use with port 465.', values: '`true` / `false`', default: '`false`', note: DISCOURSE_BOOL },
  DISCOURSE_SMTP_OPENSSL_VERIFY_MODE: { ...VERIFY_MODE, default: 'empty: verify' },
};

// --- Gitea / Forgejo (§8.4): app.ini [mailer] keys, also read from GITEA__mailer__* / FORGEJO__mailer__* -----------

const GITEA_PROTOCOL_TRAP = '`smtp` is **no TLS at all** (not even opportunistic STARTTLS); STARTTLS is `smtp+starttls`.';
const GITEA: Record<string, KeyDoc> = {
  ENABLED: { meaning: '[mailer]: turns the mailer on.', values: '`true` / `false`', default: '`false`' },
  PROTOCOL: {
    meaning: '[mailer]: how to connect. `smtps` = implicit TLS, `smtp+starttls` = STARTTLS (required), `smtp` = plaintext, `smtp+unix` = local socket, `sendmail`/`dummy` = not SMTP.',
    values: '`smtp`, `smtps`, `smtp+starttls`, `smtp+unix`, `sendmail`, `dummy`',
    default: 'empty: from the port — 25 `smtp`, 465 `smtps`, 587 `smtp+starttls`, any other port (2525!) `smtps`',
    note: GITEA_PROTOCOL_TRAP,
  },
  SMTP_ADDR: { meaning: '[mailer]: host name of the SMTP server (a path means a unix socket).' },
  SMTP_PORT: { meaning: '[mailer]: TCP port of the SMTP server.', values: '587 (`smtp+starttls`) or 465 (`smtps`)', default: 'empty: from PROTOCOL (25, 465 or 587)' },
  USER: { meaning: '[mailer]: user name; the mailer logs in when it is set.' },
  PASSWD: { meaning: '[mailer]: password for SMTP authentication.', note: PLAINTEXT_SECRET },
  FORCE_TRUST_SERVER_CERT: { meaning: '[mailer]: `true` skips certificate verification.', values: '`true` / `false`', default: '`false`', note: VERIFY_OFF },
  FROM: { meaning: '[mailer]: sender address (`"Name" <addr>` allowed).' },
  SENDMAIL_PATH: { meaning: '[mailer]: the sendmail program, used with PROTOCOL `sendmail`.', default: '`sendmail`' },
  HOST: { meaning: '[mailer], deprecated: `host:port` of the SMTP server; used when SMTP_ADDR is absent.' },
  IS_TLS_ENABLED: { meaning: '[mailer], deprecated: `true` means `smtps` (implicit TLS), `false` means `smtp+starttls`; used when PROTOCOL is empty.', values: '`true` / `false`' },
  SKIP_VERIFY: { meaning: '[mailer], deprecated name of FORCE_TRUST_SERVER_CERT: `true` skips certificate verification.', values: '`true` / `false`', default: '`false`', note: VERIFY_OFF },
  MAILER_TYPE: { meaning: '[mailer], deprecated: the mailer kind, mapped to PROTOCOL.', values: '`smtp`, `sendmail`, `dummy`' },
};

// --- Grafana (§8.5): [smtp] keys and their GF_SMTP_* overrides -------------------------------------------------------

const GRAFANA_HOST: KeyDoc = {
  meaning: '`host:port` of the SMTP server; the port is required. Port 465 means implicit TLS, any other port STARTTLS per the policy.',
  default: '`localhost:25`',
};
const GRAFANA_POLICY: KeyDoc = {
  meaning: 'STARTTLS on ports other than 465: `MandatoryStartTLS` requires it, `OpportunisticStartTLS` upgrades only when offered, `NoStartTLS` stays plaintext.',
  values: '`OpportunisticStartTLS`, `MandatoryStartTLS`, `NoStartTLS`',
  default: '`OpportunisticStartTLS` (also for any unknown value)',
};
const GRAFANA_VERIFY: KeyDoc = { meaning: '`true` skips certificate verification.', values: '`true` / `false`', default: '`false`', note: VERIFY_OFF };
const GRAFANA_ENABLED: KeyDoc = { meaning: 'Turns sending mail on.', values: '`true` / `false`', default: '`false`' };
const GRAFANA_PASSWORD: KeyDoc = { meaning: 'Password for SMTP authentication; wrap it in `"""…"""` when it holds `#` or `;`. `$__env{…}` and `$__file{…}` read it from elsewhere.', note: PLAINTEXT_SECRET };
const GRAFANA: Record<string, KeyDoc> = {
  enabled: GRAFANA_ENABLED,
  host: GRAFANA_HOST,
  user: { meaning: 'User name; Grafana logs in when it is set.' },
  password: GRAFANA_PASSWORD,
  skip_verify: GRAFANA_VERIFY,
  startTLS_policy: GRAFANA_POLICY,
  cert_file: { meaning: 'Client certificate file, for servers that want one.' },
  key_file: { meaning: 'Key file of the client certificate.' },
  from_address: { meaning: 'Sender address.', default: '`admin@grafana.localhost`' },
  from_name: { meaning: 'Sender name.', default: '`Grafana`' },
  ehlo_identity: { meaning: 'Name announced in EHLO.', default: 'the instance name' },
  GF_SMTP_ENABLED: GRAFANA_ENABLED,
  GF_SMTP_HOST: GRAFANA_HOST,
  GF_SMTP_USER: { meaning: 'User name; Grafana logs in when it is set.' },
  GF_SMTP_PASSWORD: GRAFANA_PASSWORD,
  GF_SMTP_SKIP_VERIFY: GRAFANA_VERIFY,
  GF_SMTP_STARTTLS_POLICY: GRAFANA_POLICY,
};

// --- Vaultwarden (§8.6) ----------------------------------------------------------------------------------------------

const VAULTWARDEN: Record<string, KeyDoc> = {
  SMTP_HOST: { meaning: 'Host name of the SMTP server. Without it Vaultwarden sends no mail.' },
  SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '587 (`starttls`), 465 (`force_tls`)', default: '587, 465 or 25 to match SMTP_SECURITY' },
  SMTP_SECURITY: {
    meaning: 'Encryption: `starttls` = STARTTLS, required; `force_tls` = implicit TLS; `off` = plaintext.',
    values: '`starttls`, `force_tls`, `off`',
    default: '`starttls`',
    note: 'Settings saved in the admin panel (data/config.json) override the environment.',
  },
  SMTP_USERNAME: { meaning: 'User name for SMTP authentication.' },
  SMTP_PASSWORD: { meaning: 'Password for SMTP authentication (required when SMTP_USERNAME is set).', note: ENV_SECRET },
  SMTP_AUTH_MECHANISM: { meaning: 'Authentication mechanisms to try.', values: '`Plain`, `Login`, `Xoauth2`, or a comma-separated list' },
  SMTP_ACCEPT_INVALID_CERTS: { meaning: '`true` accepts any certificate.', values: '`true` / `false`', default: '`false`', note: VERIFY_OFF },
  SMTP_ACCEPT_INVALID_HOSTNAMES: { meaning: '`true` accepts a certificate issued for another host name.', values: '`true` / `false`', default: '`false`', note: VERIFY_OFF },
  SMTP_SSL: {
    meaning: 'Legacy (replaced by SMTP_SECURITY): `true` alone means **STARTTLS**; only with SMTP_EXPLICIT_TLS=true is it implicit TLS. `false` = plaintext.',
    values: '`true` / `false`',
    default: '`true`',
    note: 'The trap: in Mastodon SMTP_SSL is implicit TLS; here it is STARTTLS.',
  },
  SMTP_EXPLICIT_TLS: { meaning: 'Legacy (replaced by SMTP_SECURITY): with SMTP_SSL, `true` means implicit TLS.', values: '`true` / `false`', default: '`false`' },
  USE_SENDMAIL: { meaning: '`true` sends with the sendmail command instead of SMTP.', values: '`true` / `false`', default: '`false`' },
};

// --- Django-style env vocabularies: Authentik (§8.8), Sentry (§8.11) -------------------------------------------------

function djangoStyle(app: string, keys: { host: string; port: string; user: string; pass: string; tls: string; ssl: string }): Record<string, KeyDoc> {
  return {
    [keys.host]: { meaning: `Host name of the SMTP server (${app}).`, default: '`localhost`' },
    [keys.port]: { meaning: `TCP port of the SMTP server (${app}).`, values: `587 with ${keys.tls}, 465 with ${keys.ssl}`, default: '25' },
    [keys.user]: { meaning: 'User name; as in Django, the login happens only when both user name and password are set.' },
    [keys.pass]: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
    [keys.tls]: { meaning: 'STARTTLS, required (Django semantics). Use with port 587.', values: '`true` / `false`', default: '`false`', note: `Not together with ${keys.ssl}.` },
    [keys.ssl]: { meaning: 'Implicit TLS (Django semantics). Use with port 465. With neither switch the connection is plaintext.', values: '`true` / `false`', default: '`false`' },
  };
}

const AUTHENTIK: Record<string, KeyDoc> = djangoStyle('authentik', {
  host: 'AUTHENTIK_EMAIL__HOST',
  port: 'AUTHENTIK_EMAIL__PORT',
  user: 'AUTHENTIK_EMAIL__USERNAME',
  pass: 'AUTHENTIK_EMAIL__PASSWORD',
  tls: 'AUTHENTIK_EMAIL__USE_TLS',
  ssl: 'AUTHENTIK_EMAIL__USE_SSL',
});

const SENTRY: Record<string, KeyDoc> = {
  ...djangoStyle('Sentry, legacy environment', {
    host: 'SENTRY_EMAIL_HOST',
    port: 'SENTRY_EMAIL_PORT',
    user: 'SENTRY_EMAIL_USER',
    pass: 'SENTRY_EMAIL_PASSWORD',
    tls: 'SENTRY_EMAIL_USE_TLS',
    ssl: 'SENTRY_EMAIL_USE_SSL',
  }),
  ...djangoStyle('Sentry config.yml', {
    host: 'mail.host',
    port: 'mail.port',
    user: 'mail.username',
    pass: 'mail.password',
    tls: 'mail.use-tls',
    ssl: 'mail.use-ssl',
  }),
  'mail.backend': { meaning: 'How Sentry sends mail; only `smtp` uses the mail.* SMTP settings.', values: '`smtp`, `dummy`, `console`', default: '`smtp`' },
};
SENTRY['mail.host'] = { ...SENTRY['mail.host'], note: "The shipped template's `smtp` is the bundled relay container, a local host." };

// --- Supabase Auth / GoTrue (§8.7) -----------------------------------------------------------------------------------

const GOTRUE_TLS = 'Supabase Auth has no TLS switch: implicit TLS on port 465, otherwise STARTTLS when the server offers it.';
function gotrue(prefix: string): Record<string, KeyDoc> {
  return {
    [`${prefix}HOST`]: { meaning: 'Host name of the SMTP server for auth emails.', note: "The template's `supabase-mail` is the development mail catcher: no mail reaches anyone." },
    [`${prefix}PORT`]: { meaning: `TCP port of the SMTP server. ${GOTRUE_TLS}`, values: '587 or 465', default: '2500 in the template (the mail catcher)' },
    [`${prefix}USER`]: { meaning: 'User name for SMTP authentication.' },
    [`${prefix}PASS`]: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
  };
}
const SUPABASE: Record<string, KeyDoc> = { ...gotrue('SMTP_'), ...gotrue('GOTRUE_SMTP_') };

// --- Plausible CE (§8.9) --------------------------------------------------------------------------------------------

const PLAUSIBLE: Record<string, KeyDoc> = {
  MAILER_ADAPTER: {
    meaning: 'Which mailer sends mail: `Bamboo.Mua` relays through SMTP_HOST_ADDR (or delivers to MX directly without it); `Bamboo.SMTPAdapter` is the legacy SMTP adapter; the others are HTTP APIs.',
    values: '`Bamboo.Mua`, `Bamboo.SMTPAdapter`, `Bamboo.PostmarkAdapter`, `Bamboo.MailgunAdapter`, …',
    default: '`Bamboo.Mua`',
  },
  SMTP_HOST_ADDR: { meaning: 'Host name of the SMTP relay.', default: 'unset: Bamboo.Mua delivers straight to the recipients\' mail servers; Bamboo.SMTPAdapter uses `mail`' },
  SMTP_HOST_PORT: { meaning: 'TCP port of the SMTP relay.', values: '587 or 465', default: '587 (Bamboo.Mua), 25 (Bamboo.SMTPAdapter)' },
  SMTP_HOST_SSL_ENABLED: {
    meaning: 'Implicit TLS. Off, Bamboo.Mua still uses implicit TLS on 465 and otherwise STARTTLS when offered.',
    values: '`true` / `false`',
    default: '`false`',
    note: '`true` on port 587 is a mismatch: the server expects STARTTLS there.',
  },
  SMTP_USER_NAME: { meaning: 'User name for SMTP authentication.' },
  SMTP_USER_PWD: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
};

// --- Prometheus Alertmanager: global smtp_* and the same fields in email_configs ------------------------------------

function alertmanagerField(field: string, doc: KeyDoc): Record<string, KeyDoc> {
  return { [`smtp_${field}`]: { ...doc, meaning: `global: ${doc.meaning}` }, [field]: { ...doc, meaning: `email_configs (overrides the global \`smtp_${field}\`): ${doc.meaning}` } };
}
const ALERTMANAGER: Record<string, KeyDoc> = {
  ...alertmanagerField('smarthost', { meaning: '`host:port` of the SMTP server; the port is required.', values: '`smtp.example.com:587`, `[2001:db8::1]:465`' }),
  ...alertmanagerField('auth_username', { meaning: 'User name; Alertmanager logs in only when it is set.' }),
  ...alertmanagerField('auth_password', { meaning: 'Password for SMTP authentication.', note: 'Prefer `auth_password_file` with a mounted secret.' }),
  ...alertmanagerField('auth_password_file', { meaning: 'File holding the SMTP password (instead of `auth_password`).' }),
  ...alertmanagerField('require_tls', {
    meaning: '`true` requires STARTTLS; `false` never uses it (plaintext). Not used when the connection is implicit TLS.',
    values: '`true` / `false`',
    default: '`true`',
  }),
  ...alertmanagerField('force_implicit_tls', {
    meaning: 'Implicit TLS (TLS from the first byte).',
    values: '`true` / `false`',
    default: 'unset: implicit TLS exactly when the port is 465',
  }),
  ...alertmanagerField('tls_config', {
    meaning: 'TLS client settings (`ca_file`, `server_name`, `insecure_skip_verify`, …), replaced as a whole rather than merged key by key.',
    note: `\`insecure_skip_verify: true\` turns certificate checks off. ${VERIFY_OFF}`,
  }),
};

// --- Compose and the generic SMTP_* variables -----------------------------------------------------------------------

const COMPOSE: Record<string, KeyDoc> = {
  env_file: {
    meaning: "Files whose variables Compose adds to the service's environment. smtp-lint judges a service on what the compose file itself says: lint those files on their own.",
  },
};

const APP_DEPENDENT = 'Its exact meaning depends on the app that reads it; smtp-lint could not tell which app this file is for.';
const GENERIC_ENV: Record<string, KeyDoc> = {
  SMTP_HOST: { meaning: 'Host name of the SMTP server.', note: APP_DEPENDENT },
  SMTP_SERVER: { meaning: 'Host name of the SMTP server.', note: APP_DEPENDENT },
  SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)', note: APP_DEPENDENT },
  SMTP_USER: { meaning: 'User name for SMTP authentication.' },
  SMTP_USERNAME: { meaning: 'User name for SMTP authentication.' },
  SMTP_LOGIN: { meaning: 'User name for SMTP authentication.' },
  SMTP_PASS: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
  SMTP_PASSWORD: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
  SMTP_AUTH: { meaning: 'Whether to log in to the SMTP server.', values: 'usually `true` / `false`', note: APP_DEPENDENT },
  SMTP_SECURE: { meaning: 'Encryption switch. In Nodemailer-style apps `true` means implicit TLS (465); in PHPMailer-style apps `tls` means STARTTLS.', note: APP_DEPENDENT },
  SMTP_TLS: { meaning: 'TLS switch. Some apps mean implicit TLS by it (Mastodon), others STARTTLS.', note: APP_DEPENDENT },
  SMTP_SSL: { meaning: 'Implicit TLS switch in most apps that have it (Vaultwarden\'s legacy SMTP_SSL is STARTTLS).', note: APP_DEPENDENT },
  SMTP_STARTTLS: { meaning: 'STARTTLS switch.', note: APP_DEPENDENT },
  SMTP_SECURITY: { meaning: 'Encryption mode (Vaultwarden): `starttls`, `force_tls` (implicit TLS) or `off`.', note: APP_DEPENDENT },
};

export const APP_DOCS: EcosystemDocs[] = [
  { id: 'mastodon', label: 'Mastodon', docs: MASTODON },
  { id: 'discourse', label: 'Discourse', docs: DISCOURSE },
  // Forgejo is a fork of Gitea and reads the same [mailer] keys: one table, two labels.
  { id: 'gitea', label: 'Gitea', docs: GITEA },
  { id: 'forgejo', label: 'Forgejo', docs: GITEA },
  { id: 'grafana', label: 'Grafana', docs: GRAFANA },
  { id: 'vaultwarden', label: 'Vaultwarden', docs: VAULTWARDEN },
  { id: 'authentik', label: 'authentik', docs: AUTHENTIK },
  { id: 'sentry', label: 'Sentry (self-hosted)', docs: SENTRY },
  { id: 'supabase', label: 'Supabase Auth (GoTrue)', docs: SUPABASE },
  { id: 'plausible', label: 'Plausible CE', docs: PLAUSIBLE },
  { id: 'alertmanager', label: 'Prometheus Alertmanager', docs: ALERTMANAGER },
  { id: 'compose', label: 'Docker Compose', docs: COMPOSE },
  { id: 'generic-env', label: 'SMTP environment variables', docs: GENERIC_ENV },
];
