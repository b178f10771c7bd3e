// PHP applications: Laravel (.env and config/mail.php), Symfony Mailer, Nextcloud (config.php and the docker image's
// SMTP_* variables) and php.ini's own mail() client. Facts: shared/reference/smtp-settings.md §3.1-§3.4,
// docs/formats/php-apps.md, docs/formats/ini-and-mail-tools.md.
import { ENV_SECRET, PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

// --- Laravel (§3.2) ----------------------------------------------------------------------------------------------

const LARAVEL_VERIFY: KeyDoc = {
  meaning: 'Symfony transport option: `false` turns off certificate and host-name verification.',
  values: '`true` / `false`',
  default: '`true`',
  note: VERIFY_OFF,
};
const MAILERS = '`smtp`, `sendmail`, `mailgun`, `ses`, `ses-v2`, `postmark`, `resend`, `log`, `array`, `failover`, `roundrobin`';

const LARAVEL: Record<string, KeyDoc> = {
  MAIL_MAILER: {
    meaning: 'Which mailer the app uses by default (`mail.default`).',
    values: MAILERS,
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
  MAIL_PASSWORD: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
  MAIL_URL: {
    meaning: 'A DSN (`smtp://user:pass@host:port?options`) merged over the smtp mailer settings; when it holds a value, host, port and scheme come from it.',
    values: '`smtp://…`, `smtps://…` (implicit TLS); query options such as `verify_peer=0`, `require_tls=1`',
  },
  MAIL_EHLO_DOMAIN: { meaning: 'Domain announced in EHLO.', default: 'the host of APP_URL' },
  MAIL_FROM_ADDRESS: { meaning: 'Default sender address.' },
  MAIL_FROM_NAME: { meaning: 'Default sender name.' },
  // config/mail.php (mail.default, mail.mailers.<name>.<key>, or the flat Laravel ≤ 6 file)
  default: {
    meaning: 'The mailer used when the code does not name one (config/mail.php).',
    values: `a mailer name from \`mailers\`: ${MAILERS}`,
    note: "A literal other than `'smtp'` (say `'log'`) means the smtp mailer only sends where the code asks for it by name.",
  },
  driver: { meaning: 'The mailer of a Laravel ≤ 6 config/mail.php (SwiftMailer).', values: '`smtp`, `sendmail`, `mailgun`, `ses`, `log`, `array`, …' },
  transport: { meaning: 'Transport of this mailer in config/mail.php; only `smtp` uses the host and port.', values: '`smtp`, `sendmail`, `ses`, `log`, `failover`, …' },
  url: { meaning: 'A DSN merged over this mailer (usually `env(\'MAIL_URL\')`); when it holds a value, its host, port and scheme win.' },
  host: { meaning: 'Host name of the SMTP server (config/mail.php).', default: "`env('MAIL_HOST', '127.0.0.1')` in the 11+ skeleton" },
  port: { meaning: 'TCP port of the SMTP server (config/mail.php).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: 'without a port Symfony uses 465 with implicit TLS (25 for localhost)' },
  scheme: { meaning: 'Transport scheme (config/mail.php, Laravel 11+): `smtps` = implicit TLS; `smtp` = implicit on 465, else STARTTLS when offered.', values: '`smtp`, `smtps`', default: 'unset: chosen from the port' },
  encryption: {
    meaning: 'Legacy encryption (config/mail.php). SwiftMailer (≤ 8): `tls` = STARTTLS, `ssl` = implicit TLS, else plaintext. Ignored from Laravel 11.35.1.',
    values: '`tls` (STARTTLS), `ssl` (implicit TLS), `null`',
  },
  username: { meaning: 'User name for SMTP authentication (config/mail.php).' },
  password: { meaning: 'Password for SMTP authentication (config/mail.php).', note: "Use `env('MAIL_PASSWORD')`, not a literal." },
  verify_peer: LARAVEL_VERIFY,
  auto_tls: { meaning: 'Symfony transport option (symfony/mailer 7.1+): `false` disables opportunistic STARTTLS, so the connection stays plaintext.', values: '`true` / `false`', default: '`true`' },
  require_tls: { meaning: 'Symfony transport option (symfony/mailer 7.3+): fail unless TLS or STARTTLS is achieved.', values: '`true` / `false`', default: '`false`' },
  stream: { meaning: "SwiftMailer stream options (Laravel ≤ 8): `'ssl' => ['verify_peer' => false, …]` turns certificate checks off.", note: VERIFY_OFF },
};

// --- Symfony Mailer (§3.3) ---------------------------------------------------------------------------------------

const SYMFONY_DSN: KeyDoc = {
  meaning:
    'Transport DSN `scheme://user:pass@host:port?options`. `smtps://` is always implicit TLS; `smtp://` uses implicit TLS on 465 (and when the port is omitted for a host other than localhost), otherwise plaintext with STARTTLS when offered.',
  values: '`smtp://…`, `smtps://…`, provider bridges such as `sendgrid+smtp://KEY@default`, `failover(…)`, `roundrobin(…)`, `null://null`',
  default: '`null://null` (the Flex recipe): nothing is sent',
  note: 'Options: `verify_peer=0` turns certificate checks off; `require_tls=1` (7.3+) makes TLS mandatory; `auto_tls=0` disables STARTTLS. URL-encode special characters in the user info.',
};
const SYMFONY: Record<string, KeyDoc> = {
  MAILER_DSN: SYMFONY_DSN,
  verify_peer: { ...LARAVEL_VERIFY, meaning: 'DSN option: a false value (`0`, `false`, `off`, `no`) turns off both peer and peer-name verification.' },
  auto_tls: { meaning: 'DSN option (7.1+): `false` disables opportunistic STARTTLS on `smtp://`.', values: 'a boolean', default: 'true' },
  require_tls: { meaning: 'DSN option (7.3+): fail unless TLS or STARTTLS is achieved.', values: 'a boolean', default: 'false' },
  dsn: { ...SYMFONY_DSN, meaning: `The default transport (framework.mailer.dsn), usually \`%env(MAILER_DSN)%\`. ${SYMFONY_DSN.meaning}` },
  'transports.*': { ...SYMFONY_DSN, meaning: `A named transport (framework.mailer.transports), picked per message with the X-Transport header. ${SYMFONY_DSN.meaning}` },
};

// --- Nextcloud (§3.4) --------------------------------------------------------------------------------------------

const NEXTCLOUD_SECURE_TRAP = "Only `'ssl'` is honoured: `'tls'` does not require STARTTLS (Nextcloud cannot), it leaves the choice to Symfony Mailer.";
const NEXTCLOUD_STREAM = "Under `mail_smtpstreamoptions['ssl']`, passed to the socket.";
const NEXTCLOUD: Record<string, KeyDoc> = {
  mail_smtpmode: {
    meaning: 'How Nextcloud sends mail.',
    values: "`'smtp'`, `'sendmail'`, `'qmail'` (`'php'`, `'null'` in old releases)",
    default: "`'smtp'`",
    note: "From Nextcloud 26, `'qmail'` and `'php'` fall back to SMTP.",
  },
  mail_smtphost: { meaning: 'Host name of the SMTP server.', default: "`'127.0.0.1'` (a local relay)" },
  mail_smtpport: { meaning: 'TCP port of the SMTP server; strings such as `\'587\'` are read as numbers.', values: '587 or 465 (with `mail_smtpsecure` `\'ssl\'`)', default: '25' },
  mail_smtpsecure: {
    meaning: "Encryption. `'ssl'` = implicit TLS; anything else (`'tls'` and `''` included) lets Symfony Mailer choose: implicit TLS on 465, otherwise STARTTLS when the server offers it.",
    values: "`''`, `'ssl'`, `'tls'`",
    default: "`''`",
    note: `${NEXTCLOUD_SECURE_TRAP} Up to Nextcloud 25 (SwiftMailer) \`'tls'\` was required STARTTLS and \`''\` plaintext.`,
  },
  mail_smtpauth: { meaning: 'Log in with `mail_smtpname` and `mail_smtppassword`.', values: '`true` / `false`', default: '`false`' },
  mail_smtpauthtype: { meaning: 'Authentication mechanism; a legacy setting from the PHPMailer era.', default: "`'LOGIN'`" },
  mail_smtpname: { meaning: 'User name for SMTP authentication.', default: "`''`" },
  mail_smtppassword: { meaning: 'Password for SMTP authentication, in plaintext in config.php.', default: "`''`", note: PLAINTEXT_SECRET },
  mail_smtpstreamoptions: {
    meaning: 'Socket stream options merged into the mailer.',
    default: '`[]`',
    note: "`['ssl' => ['verify_peer' => false, 'verify_peer_name' => false, 'allow_self_signed' => true]]` turns certificate checks off.",
  },
  verify_peer: { meaning: `${NEXTCLOUD_STREAM} \`false\` accepts any certificate.`, values: '`true` / `false`', default: '`true`', note: VERIFY_OFF },
  verify_peer_name: { meaning: `${NEXTCLOUD_STREAM} \`false\` accepts a certificate issued for another host name.`, values: '`true` / `false`', default: '`true`', note: VERIFY_OFF },
  allow_self_signed: { meaning: `${NEXTCLOUD_STREAM} \`true\` accepts self-signed certificates.`, values: '`true` / `false`', default: '`false`', note: VERIFY_OFF },
  // The nextcloud docker image's smtp.config.php reads these variables.
  SMTP_HOST: { meaning: 'Nextcloud image: host of the SMTP server (`mail_smtphost`). The image applies its SMTP settings only when this is set.' },
  SMTP_SECURE: {
    meaning: "Nextcloud image: `mail_smtpsecure`. `ssl` = implicit TLS; `tls` or empty lets Symfony Mailer choose (implicit on 465, else STARTTLS when offered).",
    values: '`ssl`, `tls` or empty',
    default: 'empty',
    note: NEXTCLOUD_SECURE_TRAP,
  },
  SMTP_PORT: { meaning: 'Nextcloud image: port of the SMTP server (`mail_smtpport`).', values: '587 or 465', default: '465 when SMTP_SECURE is set, else 25' },
  SMTP_NAME: { meaning: 'Nextcloud image: SMTP user name (`mail_smtpname`). The image turns authentication on only when both this and SMTP_PASSWORD are set.' },
  SMTP_PASSWORD: { meaning: 'Nextcloud image: SMTP password (`mail_smtppassword`); SMTP_PASSWORD_FILE reads it from a file instead.', note: ENV_SECRET },
  SMTP_AUTHTYPE: { meaning: 'Nextcloud image: `mail_smtpauthtype`, the authentication mechanism.', default: '`LOGIN`' },
};

// --- php.ini mail() (§3.1) -----------------------------------------------------------------------------------------

const PHP_INI: Record<string, KeyDoc> = {
  SMTP: {
    meaning: "Host for PHP's built-in mail() client, which only Windows uses. That client speaks plain SMTP: no TLS and no authentication.",
    default: '`localhost`',
    note: 'To reach a remote relay safely, point `sendmail_path` at a local mail tool (msmtp, Postfix) or use an SMTP library.',
  },
  smtp_port: { meaning: "Port for PHP's built-in mail() client (Windows only); always plaintext, whatever the port.", default: '25' },
  sendmail_path: {
    meaning: 'The program mail() runs (always on Unix; on Windows too when set). When set, `SMTP` and `smtp_port` are not used: lint that program\'s configuration.',
    values: 'a command line, e.g. `/usr/sbin/sendmail -t -i`, `/usr/bin/msmtp -t`',
    default: '`sendmail -t -i` on Unix',
  },
  sendmail_from: { meaning: 'Sender address for mail() on Windows.' },
};

export const PHP_APP_DOCS: EcosystemDocs[] = [
  { id: 'laravel', label: 'Laravel', docs: LARAVEL },
  { id: 'symfony', label: 'Symfony Mailer', docs: SYMFONY },
  { id: 'nextcloud', label: 'Nextcloud', docs: NEXTCLOUD },
  { id: 'php-ini', label: 'php.ini mail()', docs: PHP_INI },
];
