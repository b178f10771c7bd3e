// Mail tools that hand mail to a relay: Postfix as a relay client, msmtp, sSMTP, nullmailer.
// Facts: shared/reference/smtp-settings.md §9, docs/formats/ini-and-mail-tools.md.
import { PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

const POSTFIX: Record<string, KeyDoc> = {
  relayhost: {
    meaning: 'The relay all mail goes to. Brackets skip the MX lookup: `[smtp.example.com]:587`.',
    values: '`[host]:port`, `host:port`, `[host]`; service names `submission` (587), `smtps` (465)',
    default: 'empty: deliver straight to each recipient\'s MX on port 25 (no relay)',
    note: 'No port means 25. After changing it, make the key in sasl_passwd match it exactly and run postmap.',
  },
  smtp_tls_security_level: {
    meaning: 'TLS towards the relay: `none`; `may` = opportunistic, unverified; `encrypt` = required, unverified; `verify`/`secure` = required and verified; `dane` = per DNS TLSA records.',
    values: '`none`, `may`, `encrypt`, `dane`, `dane-only`, `fingerprint`, `verify`, `secure`',
    default: 'empty: the legacy smtp_use_tls / smtp_enforce_tls decide (plaintext); Debian and Ubuntu ship `may`',
  },
  smtp_use_tls: { meaning: 'Legacy: opportunistic STARTTLS, used when smtp_tls_security_level is empty.', values: '`yes` / `no`', default: '`no`' },
  smtp_enforce_tls: { meaning: 'Legacy: required, verified TLS, used when smtp_tls_security_level is empty.', values: '`yes` / `no`', default: '`no`' },
  smtp_tls_enforce_peername: { meaning: 'Legacy: with smtp_enforce_tls, `no` skips the host-name check.', values: '`yes` / `no`', default: '`yes`' },
  smtp_tls_wrappermode: {
    meaning: 'Implicit TLS (for port 465). Postfix runs it only with a security level of `encrypt` or stronger.',
    values: '`yes` / `no`',
    default: '`no`: port 465 needs it',
  },
  smtp_tls_policy_maps: { meaning: 'A table of per-destination TLS policies that override smtp_tls_security_level.' },
  smtp_tls_CAfile: { meaning: 'CA certificates for verifying the relay (levels `verify`/`secure`).', values: 'a file, e.g. `/etc/ssl/certs/ca-certificates.crt`', default: 'empty: Postfix has no built-in CA list' },
  smtp_tls_CApath: { meaning: 'Directory of CA certificates for verifying the relay.', default: 'empty' },
  smtp_sasl_auth_enable: { meaning: 'Log in to the relay (SASL).', values: '`yes` / `no`', default: '`no`' },
  smtp_sasl_password_maps: {
    meaning: 'Where the relay credentials are looked up: `hash:/etc/postfix/sasl_passwd` (lines `[host]:port user:password`, the key matching relayhost exactly).',
    note: `\`static:user:password\` writes the password into main.cf. The sasl_passwd file holds it in plaintext: keep it mode 600. ${PLAINTEXT_SECRET}`,
  },
  smtp_sasl_security_options: {
    meaning: 'Which SASL mechanisms may be used.',
    values: '`noanonymous`, `noplaintext`, … (comma-separated)',
    default: '`noplaintext, noanonymous`',
    note: 'Relays that offer only PLAIN/LOGIN usually need `noanonymous` alone.',
  },
};

const MSMTP: Record<string, KeyDoc> = {
  host: { meaning: 'Host name of the relay for this account.' },
  port: { meaning: 'TCP port of the relay.', values: '587 (`tls on`) or 465 (`tls on` + `tls_starttls off`)', default: '25, or 465 with `tls on` and `tls_starttls off`' },
  tls: { meaning: 'Use TLS. A bare `tls` means on.', values: '`on` / `off`', default: '`off`: msmtp never upgrades on its own, so the connection is plaintext' },
  tls_starttls: { meaning: 'How TLS starts: `on` = STARTTLS, `off` = implicit TLS (port 465).', values: '`on` / `off`', default: '`on`' },
  tls_nostarttls: { meaning: 'Old spelling of `tls_starttls off`: implicit TLS.' },
  tls_certcheck: { meaning: 'Verify the relay\'s certificate.', values: '`on` / `off`', default: '`on`', note: `\`off\` turns all checks off. ${VERIFY_OFF}` },
  tls_nocertcheck: { meaning: 'Old spelling of `tls_certcheck off`: no certificate checks.', note: VERIFY_OFF },
  tls_trust_file: { meaning: 'CA certificates to verify against.', values: 'a file, or `system`', default: '`system`', note: 'Empty (without tls_fingerprint) leaves nothing to verify against.' },
  tls_fingerprint: { meaning: "Trust exactly the certificate with this fingerprint instead of a CA." },
  auth: { meaning: 'Log in to the relay.', values: '`on`, `off`, or a method (`plain`, `login`, …)', default: '`off`' },
  user: { meaning: 'User name for SMTP authentication.' },
  password: { meaning: 'Password for SMTP authentication, in plaintext in the file.', note: 'Prefer `passwordeval` (or a keyring) so the file holds no password.' },
  passwordeval: { meaning: 'A command whose output is the password (`gpg -q -d …`, `pass show …`): the file holds no secret.' },
  protocol: { meaning: 'Protocol to speak.', values: '`smtp`, `lmtp`', default: '`smtp`' },
  from: { meaning: 'Envelope sender address of this account.' },
};

const SSMTP_YES = 'Only `YES` (any case) means yes.';
const SSMTP: Record<string, KeyDoc> = {
  mailhub: { meaning: 'The relay, as `host[:port]`. The last mailhub line wins.', default: 'host `mailhub`, port 25' },
  RemotePort: { meaning: 'Port of the relay (some builds).', default: '25' },
  UseTLS: { meaning: 'Implicit TLS: TLS from the first byte (port 465).', values: '`YES` / `NO`', default: '`NO`', note: `${SSMTP_YES} A later \`UseTLS=NO\` also turns STARTTLS off.` },
  UseSTARTTLS: { meaning: 'STARTTLS, required (also turns UseTLS on). Use with port 587.', values: '`YES` / `NO`', default: '`NO`', note: SSMTP_YES },
  AuthUser: { meaning: 'User name; ssmtp logs in when it is set. The first AuthUser line wins.' },
  AuthPass: { meaning: 'Password, in plaintext; a `#` in it starts a comment and cuts it short.', note: 'ssmtp.conf must be readable by every user who sends mail. Prefer msmtp with passwordeval.' },
  AuthMethod: { meaning: 'Authentication mechanism.', values: '`cram-md5`; otherwise AUTH LOGIN' },
  TLS_CA_File: { meaning: 'CA file for verifying the relay (patched builds).' },
  TLS_CA_Dir: { meaning: 'CA directory for verifying the relay (patched builds).' },
  UseTLSCert: { meaning: 'Present the client certificate TLSCert to the relay.', values: '`YES` / `NO`', default: '`NO`' },
  TLSCert: { meaning: 'Client certificate file (with UseTLSCert).' },
};

const NULLMAILER: Record<string, KeyDoc> = {
  host: { meaning: 'The relay this remotes line sends to; the next word is the protocol (`smtp` or `qmqp`).' },
  port: { meaning: 'Port of the relay.', default: '25, or 465 with `--ssl`' },
  ssl: { meaning: 'Implicit TLS: TLS from the first byte (port 465).' },
  tls: { meaning: 'Implicit TLS, as `--ssl`.' },
  starttls: { meaning: 'STARTTLS, required. Use with port 587.', note: 'Without `--ssl` or `--starttls` the line sends in plaintext.' },
  insecure: { meaning: 'Do not abort when the certificate fails validation.', note: VERIFY_OFF },
  x509cafile: { meaning: 'CA certificates for verifying the relay.', default: '`/etc/ssl/certs/ca-certificates.crt`' },
  'auth-login': { meaning: 'Use AUTH LOGIN instead of picking a mechanism from what the server offers.' },
  user: { meaning: 'User name; nullmailer logs in when it is set.' },
  pass: { meaning: 'Password, in plaintext in the remotes file.', note: 'Keep the remotes file unreadable for other users.' },
};

export const MTA_DOCS: EcosystemDocs[] = [
  { id: 'postfix', label: 'Postfix', docs: POSTFIX },
  { id: 'msmtp', label: 'msmtp', docs: MSMTP },
  { id: 'ssmtp', label: 'sSMTP', docs: SSMTP },
  { id: 'nullmailer', label: 'nullmailer', docs: NULLMAILER },
];
