// Node.js: Nodemailer transport options, and the apps that pass settings on to it: Ghost (config.<env>.json and
// its mail__* environment form), Outline and n8n. Facts: shared/reference/smtp-settings.md §7,
// docs/formats/python-ruby-javascript.md, docs/formats/yaml-properties-json.md, docs/formats/compose-and-env.md,
// engine/env/apps.ts. The word trap: `secure: true` is implicit TLS, not STARTTLS.
import { ENV_SECRET, PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

const SECURE_TRAP = '`secure: true` is implicit TLS (465), not "use STARTTLS": on 587 the handshake fails ("wrong version number"); `false` on 465 hangs.';

const NODEMAILER: Record<string, KeyDoc> = {
  host: { meaning: 'Host name of the SMTP server.', default: "`'localhost'`" },
  port: { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '587, or 465 with `secure: true`' },
  secure: {
    meaning: 'Implicit TLS: TLS from the first byte. Left unset on port 465, Nodemailer turns it on by itself.',
    values: '`true` / `false`',
    default: 'unset: implicit TLS on 465, else STARTTLS when the server offers it',
    note: SECURE_TRAP,
  },
  requireTLS: { meaning: 'Require STARTTLS: fail when the server does not offer it.', values: '`true` / `false`', default: '`false`: STARTTLS only when offered (opportunistic)' },
  ignoreTLS: { meaning: 'Never use STARTTLS, even when offered: the connection stays plaintext.', values: '`true` / `false`', default: '`false`' },
  opportunisticTLS: { meaning: 'Carry on unencrypted when the STARTTLS upgrade fails.', values: '`true` / `false`', default: '`false`' },
  service: { meaning: "A well-known service name (`'gmail'`, `'SendGrid'`, …); Nodemailer fills in host, port and `secure` from its own list.", note: 'With `service` set, host, port and secure written here are overridden.' },
  auth: { meaning: 'Credentials: `{ user, pass }` or an OAuth2 object. Without `auth` Nodemailer sends without logging in.' },
  'auth.user': { meaning: 'User name for SMTP authentication.' },
  'auth.pass': { meaning: 'Password for SMTP authentication.', note: PLAINTEXT_SECRET },
  'tls.rejectUnauthorized': { meaning: "Verify the server's certificate (Node TLS option).", values: '`true` / `false`', default: '`true`', note: `\`false\` turns checks off. ${VERIFY_OFF}` },
  'tls.checkServerIdentity': { meaning: 'Custom host-name check (Node TLS option); a function that accepts anything turns the check off.', default: "Node's own check", note: VERIFY_OFF },
};

/** Ghost's mail keys: config.<env>.json paths, and (with `__` for `.`) the same names as environment variables. */
const GHOST: Record<string, KeyDoc> = {
  'mail.transport': { meaning: 'Ghost mail transport; `SMTP` (any case) sends with the options below.', values: '`SMTP`, `Direct`', default: '`Direct`: Ghost ignores `options` and delivers straight to the recipients\' MX on port 25' },
  'mail.options.service': { meaning: 'A Nodemailer well-known service (`Mailgun`, `SendGrid`, …): it sets host, port and TLS itself.' },
  'mail.options.host': { meaning: 'Host name of the SMTP server (Nodemailer `host`).', default: "`'localhost'`" },
  'mail.options.port': { meaning: 'TCP port of the SMTP server (Nodemailer `port`).', values: '587 (STARTTLS) or 465 (implicit TLS)', default: '465 with `secure`, else 587' },
  'mail.options.secure': {
    meaning: 'Implicit TLS (Nodemailer `secure`). Left unset on port 465, Nodemailer turns it on by itself.',
    values: '`true` / `false`',
    default: 'unset',
    note: `${SECURE_TRAP} In config JSON it is read for truthiness: the string \`"false"\` means true.`,
  },
  'mail.options.secureConnection': { meaning: 'Old alias of `secure`: implicit TLS.', values: '`true` / `false`', note: SECURE_TRAP },
  'mail.options.requireTLS': { meaning: 'Require STARTTLS (Nodemailer `requireTLS`).', values: '`true` / `false`', default: '`false`: STARTTLS only when offered' },
  'mail.options.ignoreTLS': { meaning: 'Never use STARTTLS (Nodemailer `ignoreTLS`): plaintext.', values: '`true` / `false`', default: '`false`' },
  'mail.options.auth.user': { meaning: 'User name for SMTP authentication.' },
  'mail.options.auth.pass': { meaning: 'Password for SMTP authentication.', note: PLAINTEXT_SECRET },
  'mail.options.tls.rejectUnauthorized': { meaning: "Verify the server's certificate.", values: '`true` / `false`', default: '`true`', note: VERIFY_OFF },
};

const OUTLINE: Record<string, KeyDoc> = {
  EMAIL_PROVIDER: { meaning: 'Which provider Outline sends mail with; anything other than `smtp` leaves the SMTP_* settings unused.' },
  SMTP_SERVICE: { meaning: 'A Nodemailer well-known service name; it picks host, port and TLS instead of the SMTP_* settings.' },
  SMTP_HOST: { meaning: 'Host name of the SMTP server. Without it Outline sends no mail.' },
  SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '465 (with the default SMTP_SECURE=true) or 587 (with SMTP_SECURE=false)' },
  SMTP_SECURE: {
    meaning: 'Implicit TLS (Nodemailer `secure`). `false` means STARTTLS when offered, and Outline then also stops verifying the certificate.',
    values: '`true` / `false`',
    default: '`true`: implicit TLS, so port 587 needs SMTP_SECURE=false',
    note: 'On Outline only implicit TLS (465, SMTP_SECURE=true) is verified TLS.',
  },
  SMTP_DISABLE_STARTTLS: { meaning: 'With SMTP_SECURE=false, `true` never upgrades with STARTTLS: plaintext.', values: '`true` / `false`', default: '`false`' },
  SMTP_USERNAME: { meaning: 'User name for SMTP authentication.' },
  SMTP_PASSWORD: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
};

const N8N: Record<string, KeyDoc> = {
  N8N_EMAIL_MODE: { meaning: 'n8n user-management mail: `smtp` sends through the N8N_SMTP_* settings; empty turns mail off.', values: '`smtp` or empty', default: '`smtp`' },
  N8N_SMTP_HOST: { meaning: 'Host name of the SMTP server. Without it n8n sends no mail.' },
  N8N_SMTP_PORT: { meaning: 'TCP port of the SMTP server.', values: '465 (with N8N_SMTP_SSL on) or 587 (with N8N_SMTP_SSL=false)', default: '465' },
  N8N_SMTP_SSL: {
    meaning: 'Implicit TLS.',
    values: '`true` / `false`',
    default: '`true`: so port 587 alone is a mismatch',
    note: 'Guides often write N8N_SMTP_TLS, which n8n does not read.',
  },
  N8N_SMTP_STARTTLS: { meaning: 'With N8N_SMTP_SSL=false, upgrade with STARTTLS when the server offers it (n8n cannot require it); `false` with SSL off is plaintext.', values: '`true` / `false`', default: '`true`' },
  N8N_SMTP_USER: { meaning: 'User name for SMTP authentication.' },
  N8N_SMTP_PASS: { meaning: 'Password for SMTP authentication.', note: ENV_SECRET },
};

export const NODE_DOCS: EcosystemDocs[] = [
  { id: 'nodemailer', label: 'Nodemailer', docs: NODEMAILER },
  { id: 'ghost', label: 'Ghost', docs: GHOST },
  { id: 'outline', label: 'Outline', docs: OUTLINE },
  { id: 'n8n', label: 'n8n', docs: N8N },
];
