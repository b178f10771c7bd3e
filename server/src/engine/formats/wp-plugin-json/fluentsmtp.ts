// FluentSMTP's `fluentmail-settings` option: { connections: { <hash>: { provider_settings: {...}, title } },
// mappings, misc }. Every connection can carry mail (mappings route senders to connections, misc names the default
// and the fallback), so each SMTP connection is its own profile. Booleans are the strings 'yes' / 'no'.
// Applied as: SMTPSecure = encryption unless 'none'; SMTPAutoTLS = (auto_tls != 'no'); SMTPAuth only for auth 'yes'.
import type { Node } from 'jsonc-parser';
import type { MailProfile, SecretValue, Setting, TlsMode } from '../../model';
import { Collector, ObjectReader, defaulted, objectAnchor } from './collector';
import { keyOf, objectAt, properties, valueAt, valueNode, type JsonDoc } from './json-doc';
import { tlsTransportEdits } from './transport-edits';
import { looksEncrypted, portValue, scalarText } from './values';

export function isFluentSmtpSettings(obj: Node): boolean {
  const connections = objectAt(obj, 'connections');
  return properties(connections).some((p) => objectAt(valueNode(p), 'provider_settings') !== undefined);
}

/**
 * FluentSMTP encrypts stored secrets as base64(16-byte IV + AES-256-CTR output) with a key from wp-config
 * (LOGGED_IN_KEY or FLUENTMAIL_ENCRYPT_KEY): not readable from this dump, so kept as a reference (still redacted).
 */
const FLUENT_CIPHERTEXT_MIN_BYTES = 17;

export function readFluentSmtpSettings(doc: JsonDoc, settings: Node, collector: Collector): MailProfile[] {
  collector.secretsIn(doc, settings);
  collector.scanObject(doc, settings, '');
  const connectionsObj = objectAt(settings, 'connections');
  collector.scanObject(doc, connectionsObj, 'connections.');
  const profiles: MailProfile[] = [];
  const seen = new Set<string>();
  // The last of duplicate connection ids is the one PHP keeps; visit each id once.
  for (const connProp of properties(connectionsObj).reverse()) {
    const id = keyOf(connProp);
    if (seen.has(id)) continue;
    seen.add(id);
    const connection = valueNode(connProp);
    const psObj = objectAt(connection, 'provider_settings');
    if (!connection || !psObj) continue;
    profiles.unshift(readConnection(doc, id, connection, psObj, collector));
  }
  return profiles;
}

function readConnection(doc: JsonDoc, id: string, connection: Node, psObj: Node, collector: Collector): MailProfile {
  const eco = 'fluentsmtp';
  new ObjectReader(doc, connection, '', eco, collector).value('title', 'other');
  const ps = new ObjectReader(doc, psObj, 'provider_settings.', eco, collector);

  const providerNode = ps.value('provider', 'mailer');
  const provider = scalarText(providerNode);
  const title = scalarText(valueAt(connection, 'title')) || scalarText(valueAt(psObj, 'sender_email')) || id;
  const host = ps.literal('host', 'host', scalarText);
  const portSetting = ps.literal('port', 'port', portValue);
  const port: Setting<number | string> =
    portSetting && !(portSetting.value === '') ? portSetting : defaulted('provider_settings.port', 25);

  const encNode = ps.value('encryption', 'tls');
  const encryption = encNode ? scalarText(encNode) : 'none';
  const autoTlsNode = ps.value('auto_tls', 'tls');
  const autoTls = autoTlsNode ? scalarText(autoTlsNode) !== 'no' : true;
  const tlsMode: TlsMode = encryption === 'tls' ? 'starttls' : encryption === 'ssl' ? 'implicit' : autoTls ? 'opportunistic' : 'none';
  let tls: Setting<TlsMode>;
  if (encNode) tls = ps.from(encNode, 'provider_settings.encryption', tlsMode);
  else if (autoTlsNode) tls = ps.from(autoTlsNode, 'provider_settings.auto_tls', tlsMode);
  else tls = defaulted('provider_settings.encryption', tlsMode);

  const authNode = ps.value('auth', 'auth');
  const auth: Setting<boolean> = authNode ? ps.from(authNode, 'provider_settings.auth', scalarText(authNode) === 'yes') : defaulted('provider_settings.auth', true);

  // key_store 'wp_config': the credentials come from FLUENTMAIL_SMTP_USERNAME / FLUENTMAIL_SMTP_PASSWORD.
  const keyStoreNode = ps.value('key_store', 'other');
  const fromConstants = scalarText(keyStoreNode) === 'wp_config';
  const userNode = ps.value('username', 'user');
  const user: Setting<string> | undefined = fromConstants
    ? ps.from(keyStoreNode, 'FLUENTMAIL_SMTP_USERNAME', 'FLUENTMAIL_SMTP_USERNAME', 'implied')
    : userNode
      ? ps.from(userNode, 'provider_settings.username', scalarText(userNode))
      : undefined;
  const passwordNode = ps.value('password', 'password');
  let password: Setting<SecretValue> | undefined;
  if (fromConstants) {
    password = ps.from<SecretValue>(keyStoreNode, 'FLUENTMAIL_SMTP_PASSWORD', { kind: 'reference', text: 'FLUENTMAIL_SMTP_PASSWORD' }, 'implied');
  } else if (passwordNode) {
    const text = scalarText(passwordNode);
    const encrypted = scalarText(valueAt(psObj, 'disable_encryption')) !== 'yes';
    const value: SecretValue =
      text === '' ? { kind: 'empty', text: '' } : encrypted && looksEncrypted(text, FLUENT_CIPHERTEXT_MIN_BYTES) ? { kind: 'reference', text: '' } : { kind: 'literal', text };
    password = ps.from(passwordNode, 'provider_settings.password', value);
  }

  const active = provider === 'smtp';
  return {
    label: `FluentSMTP connection "${title}"`,
    ecosystem: eco,
    active,
    inactiveReason: active ? undefined : `provider is "${provider || 'not set'}", not "smtp": this connection sends through the provider's API`,
    host,
    port,
    tls,
    verifyDisabled: [],
    auth,
    user,
    password,
    secretsFile: false,
    anchor: providerNode ? doc.span(providerNode) : objectAnchor(doc, psObj),
    edit: {
      // FluentSMTP saves every field as text, so a new port is written as "587".
      setTransport: (newPort, mode) =>
        ps.fileEdits(tlsTransportEdits(doc, { obj: psObj, portKey: 'port', encryptionKey: 'encryption', encryptionNode: encNode, encryption, newPortType: 'string' }, newPort, mode)),
    },
  };
}
