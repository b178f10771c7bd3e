// Ruby: the mail gem's SMTP settings, as Rails (smtp_settings), the mail gem itself (delivery_method :smtp) and
// GitLab Omnibus (gitlab_rails['smtp_*']) write them. Facts: shared/reference/smtp-settings.md §5 and §8.3,
// docs/formats/python-ruby-javascript.md. The word trap: `tls: true` is *implicit* TLS here, not STARTTLS.
import { PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

const IMPLICIT_TRAP = 'In the mail gem `tls` means implicit TLS (port 465), not STARTTLS; for 587 use `enable_starttls: true`. Combined with a STARTTLS setting, mail ≥ 2.8 raises ArgumentError.';

/** The mail gem's keys (mail ≥ 2.8 semantics), shared by Rails and plain mail-gem code. */
const MAIL_GEM: Record<string, KeyDoc> = {
  address: { meaning: 'Host name of the SMTP server.', default: "`'localhost'`" },
  port: { meaning: 'TCP port of the SMTP server.', values: '587 with `enable_starttls`, 465 with `tls: true`', default: '25' },
  user_name: { meaning: 'User name for SMTP authentication. Net::SMTP logs in whenever it is set.' },
  password: { meaning: 'Password for SMTP authentication.', note: PLAINTEXT_SECRET },
  authentication: { meaning: 'Authentication mechanism, used when `user_name` is set.', values: '`:plain`, `:login`, `:cram_md5`, `:xoauth2` (strings accepted)', default: 'nil: PLAIN when `user_name` is set' },
  tls: { meaning: 'Implicit TLS (SMTPS): TLS from the first byte. Use with port 465.', values: '`true` / `false`', default: 'nil (off)', note: IMPLICIT_TRAP },
  ssl: { meaning: 'Implicit TLS, the same as `tls`. Use with port 465.', values: '`true` / `false`', default: 'nil (off)', note: IMPLICIT_TRAP },
  force_ssl: { meaning: 'Implicit TLS, as smtp-lint reads it (like `ssl`).', values: '`true` / `false`', default: 'off' },
  enable_starttls: {
    meaning: 'STARTTLS: `true` / `:always` requires it, `:auto` upgrades only when the server offers it, `false` never upgrades.',
    values: '`true`, `:always`, `:auto`, `false`',
    default: 'nil: `:auto` (opportunistic)',
  },
  enable_starttls_auto: {
    meaning: 'Opportunistic STARTTLS: upgrade when the server offers it, else stay plaintext. Ignored when `enable_starttls` is set.',
    values: '`true` / `false`',
    default: 'nil: opportunistic',
    note: 'Opportunistic STARTTLS can be stripped by anyone on the path; `enable_starttls: true` makes it required.',
  },
  openssl_verify_mode: {
    meaning: 'Certificate verification.',
    values: "`'peer'`, `'none'`, `'client_once'`, `'fail_if_no_peer_cert'` (or the `OpenSSL::SSL::VERIFY_*` constant)",
    default: 'nil: verify the peer',
    note: `\`'none'\` / \`OpenSSL::SSL::VERIFY_NONE\` turns checks off. ${VERIFY_OFF}`,
  },
  delivery_method: { meaning: 'How mail is delivered; only `:smtp` uses these settings.', values: '`:smtp`, `:sendmail`, `:file`, `:test`, `:letter_opener`, …', default: '`:smtp`' },
};

const GITLAB_NOTE = "GitLab passes only `smtp_enable_starttls_auto` to the mail gem, so it cannot require STARTTLS: 587 is opportunistic, 465 with `smtp_tls` is the strict choice.";
const GITLAB: Record<string, KeyDoc> = {
  smtp_enable: { meaning: "Send through SMTP. Without it GitLab uses sendmail and ignores the other `smtp_*` settings.", values: '`true` / `false`', default: '`false`' },
  smtp_address: { ...MAIL_GEM.address, meaning: 'Host name of the SMTP server.' },
  smtp_port: { meaning: 'TCP port of the SMTP server.', values: '587 with `smtp_enable_starttls_auto`, 465 with `smtp_tls`', default: '25 (the template shows 465)' },
  smtp_user_name: MAIL_GEM.user_name,
  smtp_password: MAIL_GEM.password,
  smtp_authentication: { meaning: 'Authentication mechanism.', values: '`"login"`, `"plain"`, `"cram_md5"`' },
  smtp_tls: { ...MAIL_GEM.tls, default: '`false` in the template', note: `${IMPLICIT_TRAP} Omnibus also refuses it together with \`smtp_enable_starttls_auto\`.` },
  smtp_ssl: MAIL_GEM.ssl,
  smtp_force_ssl: { ...MAIL_GEM.force_ssl, meaning: 'Implicit TLS, as smtp-lint reads it (like `smtp_ssl`).' },
  smtp_enable_starttls: MAIL_GEM.enable_starttls,
  smtp_enable_starttls_auto: { ...MAIL_GEM.enable_starttls_auto, default: '`true` in the template', note: GITLAB_NOTE },
  smtp_openssl_verify_mode: MAIL_GEM.openssl_verify_mode,
};

export const RUBY_DOCS: EcosystemDocs[] = [
  { id: 'rails', label: 'Rails Action Mailer', docs: MAIL_GEM },
  { id: 'mail-gem', label: 'Ruby mail gem', docs: MAIL_GEM },
  { id: 'gitlab', label: 'GitLab Omnibus', docs: GITLAB },
];
