// Post SMTP's `postman_options` option: a flat object. transport_type 'smtp' uses hostname / port / enc_type /
// auth_type / basic_auth_*; the fallback_smtp_* block is a second SMTP server used when the first fails.
// enc_type 'tls' = STARTTLS, 'ssl' = implicit TLS, 'none' = plaintext (Post SMTP's own transport never upgrades on its
// own). Passwords are stored base64-encoded, which is an encoding, not encryption: the decoded text is the password.
import type { Node } from 'jsonc-parser';
import type { MailProfile, SecretValue, Setting, TlsMode } from '../../model';
import { Collector, ObjectReader, defaulted, objectAnchor } from './collector';
import { hasKey, lastProperty, type JsonDoc } from './json-doc';
import { tlsTransportEdits } from './transport-edits';
import { decodeBase64Text, portValue, scalarText } from './values';
import { keyTable } from '../../key-table';

export function isPostSmtpOptions(obj: Node): boolean {
  return (
    hasKey(obj, 'transport_type') ||
    (hasKey(obj, 'hostname') && hasKey(obj, 'enc_type')) ||
    hasKey(obj, 'basic_auth_password') ||
    hasKey(obj, 'fallback_smtp_hostname')
  );
}

/** Key names of one SMTP server in the options: the main one or the fallback. */
interface ServerKeys {
  host: string;
  port: string;
  security: string;
  auth: string;
  username: string;
  password: string;
}

const MAIN: ServerKeys = {
  host: 'hostname',
  port: 'port',
  security: 'enc_type',
  auth: 'auth_type',
  username: 'basic_auth_username',
  password: 'basic_auth_password',
};

const FALLBACK: ServerKeys = {
  host: 'fallback_smtp_hostname',
  port: 'fallback_smtp_port',
  security: 'fallback_smtp_security',
  auth: 'fallback_smtp_use_auth',
  username: 'fallback_smtp_username',
  password: 'fallback_smtp_password',
};

/** run_mode values in which Post SMTP does not deliver mail at all. */
const NOT_DELIVERING: Record<string, string> = keyTable({ log_only: 'logs mail without sending it', ignore: 'drops mail without sending it' });

export function readPostSmtpOptions(doc: JsonDoc, options: Node, collector: Collector): MailProfile[] {
  collector.secretsIn(doc, options);
  const r = new ObjectReader(doc, options, '', 'post-smtp', collector);
  const runMode = scalarText(r.value('run_mode', 'other'));
  const notDelivering = NOT_DELIVERING[runMode] ? `run_mode is "${runMode}": Post SMTP ${NOT_DELIVERING[runMode]}` : undefined;

  const transportNode = r.value('transport_type', 'mailer');
  const transport = scalarText(transportNode);
  const mainReason =
    notDelivering ??
    (transport === 'smtp' ? undefined : transportNode ? `transport_type is "${transport}", not "smtp": Post SMTP sends through an API` : 'transport_type is not set: Post SMTP is not configured');
  const profiles = [readServer(doc, options, r, MAIN, 'Post SMTP', mainReason, transportNode)];

  if (hasKey(options, 'fallback_smtp_enabled') || hasKey(options, FALLBACK.host)) {
    const enabledNode = r.value('fallback_smtp_enabled', 'mailer');
    const enabled = scalarText(enabledNode) === 'yes';
    const reason = notDelivering ?? (enabled ? undefined : 'fallback_smtp_enabled is not "yes": the fallback server is off');
    profiles.push(readServer(doc, options, r, FALLBACK, 'Post SMTP fallback server', reason, enabledNode));
  }
  return profiles;
}

function readServer(
  doc: JsonDoc,
  options: Node,
  r: ObjectReader,
  keys: ServerKeys,
  label: string,
  inactiveReason: string | undefined,
  switchNode: Node | undefined,
): MailProfile {
  const host = r.literal(keys.host, 'host', scalarText);
  const port: Setting<number | string> = r.literal(keys.port, 'port', portValue) ?? defaulted(keys.port, 25);
  const secNode = r.value(keys.security, 'tls');
  const security = secNode ? scalarText(secNode) : 'none';
  const tlsMode: TlsMode = security === 'tls' ? 'starttls' : security === 'ssl' ? 'implicit' : 'none';
  const tls: Setting<TlsMode> = secNode ? r.from(secNode, keys.security, tlsMode) : defaulted(keys.security, tlsMode);

  const authNode = r.value(keys.auth, 'auth');
  const authText = scalarText(authNode);
  const auth: Setting<boolean> | undefined = authNode && authText !== '' ? r.from(authNode, keys.auth, authText !== 'none') : undefined;
  const user = r.literal(keys.username, 'user', scalarText);
  const password = r.literal<SecretValue>(keys.password, 'password', (v) => {
    const stored = scalarText(v);
    if (stored === '') return { kind: 'empty', text: '' };
    // PHP's base64_decode of the stored value is what Post SMTP sends; keep both spellings secret.
    const decoded = decodeBase64Text(stored);
    if (decoded !== undefined) r.secret(decoded);
    return { kind: 'literal', text: decoded ?? stored };
  });

  return {
    label,
    ecosystem: 'post-smtp',
    active: inactiveReason === undefined,
    inactiveReason,
    host,
    port,
    tls,
    verifyDisabled: [],
    auth,
    user,
    password,
    secretsFile: false,
    anchor: switchNode ? doc.span(switchNode) : objectAnchor(doc, options),
    edit: {
      // New keys go next to this server's host, where the plugin's own export writes them.
      setTransport: (newPort, mode) =>
        r.fileEdits(
          tlsTransportEdits(
            doc,
            { obj: options, portKey: keys.port, encryptionKey: keys.security, encryptionNode: secNode, encryption: security, newPortType: 'number', insertAfter: lastProperty(options, keys.host) },
            newPort,
            mode,
          ),
        ),
    },
  };
}
