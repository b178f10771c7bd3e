// Java: Spring Boot `spring.mail.*` with the Jakarta Mail properties under `spring.mail.properties.`, and Keycloak
// realm exports (`smtpServer`). Facts: shared/reference/smtp-settings.md §6 and §8.10,
// docs/formats/yaml-properties-json.md, engine/formats/properties/spring.ts.
import { PLAINTEXT_SECRET, VERIFY_OFF, type EcosystemDocs, type KeyDoc } from './types';

const JAKARTA_BOOL = 'Jakarta Mail reads the switch as a string: only `true` turns it on (`yes` does not).';

/** Jakarta Mail properties, for `mail.smtp.` and (with protocol smtps) `mail.smtps.`. */
function jakarta(protocol: 'smtp' | 'smtps'): Record<string, KeyDoc> {
  const p = `mail.${protocol}`;
  const ignored = protocol === 'smtp' ? ' Ignored when `spring.mail.protocol` is `smtps`.' : ' Read when `spring.mail.protocol` is `smtps`.';
  return {
    [`${p}.auth`]: {
      meaning: `Log in to the server.${ignored}`,
      values: '`true` / `false`',
      default: '`false`; Jakarta Mail still logs in when Spring passes both a username and a password',
    },
    [`${p}.port`]: { meaning: `Port, when \`spring.mail.port\` is not set.${ignored}`, values: '587 or 465' },
    [`${p}.starttls.enable`]: {
      meaning: `Use STARTTLS when the server offers it; on its own this is opportunistic.${ignored}`,
      values: '`true` / `false`',
      default: '`false`',
      note: `Add \`${p}.starttls.required: true\` to make STARTTLS mandatory. ${JAKARTA_BOOL}`,
    },
    [`${p}.starttls.required`]: { meaning: `Fail unless STARTTLS succeeds.${ignored}`, values: '`true` / `false`', default: '`false`', note: JAKARTA_BOOL },
    [`${p}.ssl.enable`]: { meaning: `Implicit TLS: TLS from the first byte. Use with port 465.${ignored}`, values: '`true` / `false`', default: '`false`', note: JAKARTA_BOOL },
    [`${p}.ssl.trust`]: {
      meaning: `Hosts whose certificates are trusted without checks.${ignored}`,
      values: '`*` (every host) or a space-separated host list',
      default: 'unset: certificates are checked',
      note: `\`*\`, or a list naming the relay, turns certificate checks off for it. ${VERIFY_OFF}`,
    },
    [`${p}.ssl.checkserveridentity`]: {
      meaning: `Check that the certificate was issued for the host name.${ignored}`,
      values: '`true` / `false`',
      default: 'historically `false` in JavaMail; set it to `true` explicitly',
      note: '`false` accepts a valid certificate for any host.',
    },
    [`${p}.socketFactory.class`]: {
      meaning: `Legacy idiom: \`javax.net.ssl.SSLSocketFactory\` makes the connection implicit TLS.${ignored}`,
      values: 'a class name',
      note: 'Prefer `ssl.enable: true`.',
    },
    [`${p}.socketFactory.port`]: { meaning: `Port for the socket factory; with the SSL socket factory it is the implicit-TLS port.${ignored}`, values: '465' },
    [`${p}.socketFactory.fallback`]: { meaning: `Whether to fall back to a plain socket when the socket factory fails.${ignored}`, values: '`true` / `false`', note: 'Set `false` with the SSL socket factory, or a failed handshake may be retried in plaintext.' },
    [`${p}.connectiontimeout`]: { meaning: 'Connect timeout in milliseconds.', default: 'infinite' },
    [`${p}.timeout`]: { meaning: 'Read timeout in milliseconds.', default: 'infinite' },
    [`${p}.writetimeout`]: { meaning: 'Write timeout in milliseconds.', default: 'infinite' },
    [`${p}.from`]: { meaning: 'Envelope sender (MAIL FROM) address.' },
  };
}

const SPRING: Record<string, KeyDoc> = {
  'spring.mail.host': { meaning: 'Host name of the SMTP server. Without it Spring Boot creates no mail sender.' },
  'spring.mail.port': { meaning: 'TCP port of the SMTP server.', values: '587 (STARTTLS) or 465 (implicit TLS)', default: "the protocol's default: 25 for `smtp`, 465 for `smtps`" },
  'spring.mail.username': { meaning: 'User name for SMTP authentication; with a password set too, Jakarta Mail logs in.' },
  'spring.mail.password': { meaning: 'Password for SMTP authentication.', note: `${PLAINTEXT_SECRET} A \`\${SMTP_PASSWORD}\` placeholder is the usual way.` },
  'spring.mail.protocol': {
    meaning: 'Protocol: `smtps` is implicit TLS, and then the `mail.smtps.*` properties apply instead of `mail.smtp.*`.',
    values: '`smtp`, `smtps`',
    default: '`smtp`',
  },
  'spring.mail.ssl.enabled': { meaning: 'Spring Boot 3.1+: implicit TLS (sets `mail.<protocol>.ssl.enable`). Use with port 465.', values: '`true` / `false`', default: '`false`' },
  'spring.mail.jndi-name': { meaning: 'Take the mail session from JNDI; the other spring.mail settings are then not used.' },
  'spring.mail.default-encoding': { meaning: 'Character set of MIME messages.', default: '`UTF-8`' },
  'spring.mail.test-connection': { meaning: 'Test the connection to the mail server at startup.', values: '`true` / `false`', default: '`false`' },
  ...jakarta('smtp'),
  ...jakarta('smtps'),
};

const KEYCLOAK_STRINGS = 'Keycloak compares with `"true".equals(...)`: write `"true"`.';
const KEYCLOAK: Record<string, KeyDoc> = {
  'smtpServer.host': { meaning: 'Host name of the SMTP server; without it the realm sends no email.' },
  'smtpServer.port': { meaning: 'TCP port of the SMTP server (a string).', values: '`"587"` (with starttls) or `"465"` (with ssl)', default: '25 (Jakarta Mail)' },
  'smtpServer.ssl': { meaning: 'Implicit TLS (`mail.smtp.ssl.enable`). Use with port 465.', values: '`"true"` / `"false"`', default: 'off', note: KEYCLOAK_STRINGS },
  'smtpServer.starttls': {
    meaning: 'Enables STARTTLS (`mail.smtp.starttls.enable` only), so the upgrade is opportunistic: Keycloak cannot require it.',
    values: '`"true"` / `"false"`',
    default: 'off',
    note: `For a required encryption use port 465 with \`ssl\`. ${KEYCLOAK_STRINGS}`,
  },
  'smtpServer.auth': { meaning: 'Log in with `user` and `password`; anything but `"true"` sends without logging in.', values: '`"true"` / `"false"`', default: 'off', note: KEYCLOAK_STRINGS },
  'smtpServer.user': { meaning: 'User name for SMTP authentication.' },
  'smtpServer.password': { meaning: 'Password for SMTP authentication; exports from the admin console show it masked as `**********`.', note: PLAINTEXT_SECRET },
};

export const JAVA_DOCS: EcosystemDocs[] = [
  { id: 'spring-boot', label: 'Spring Boot', docs: SPRING },
  { id: 'keycloak', label: 'Keycloak', docs: KEYCLOAK },
];
