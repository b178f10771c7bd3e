// WP Mail SMTP's `wp_mail_smtp` option, and Easy WP SMTP 2.x's `easy_wp_smtp` option (the same code family and
// shape): { mail: { mailer, ... }, smtp: { host, port, encryption, autotls, auth, user, pass }, general: { ... } }.
// Semantics follow the plugins' Processor: encryption 'tls' = STARTTLS, 'ssl' = implicit TLS; any other value leaves
// PHPMailer's SMTPSecure unrecognised, so AutoTLS decides: opportunistic when autotls is on, plaintext when off.
import type { Node } from 'jsonc-parser';
import type { EcosystemId, MailProfile, SecretValue, Setting, TextEdit, TlsMode } from '../../model';
import { Collector, ObjectReader, defaulted, objectAnchor } from './collector';
import { hasKey, objectAt, replaceNode, type JsonDoc } from './json-doc';
import { tlsTransportEdits } from './transport-edits';
import { looksEncrypted, phpTruthy, portValue, scalarText } from './values';

/** Does this object look like the options of WP Mail SMTP / Easy WP SMTP 2.x? */
export function isWpMailSmtpOptions(obj: Node): boolean {
  const mail = objectAt(obj, 'mail');
  const smtp = objectAt(obj, 'smtp');
  return (mail !== undefined && hasKey(mail, 'mailer')) || (smtp !== undefined && hasKey(smtp, 'autotls'));
}

/**
 * WP Mail SMTP stores smtp.pass as base64(24-byte nonce + sodium secretbox), so real ciphertext decodes to at least
 * 40 bytes of binary. The key lives elsewhere (WPMS_CRYPTO_KEY or the wp_mail_smtp_mail_key option), so such a value
 * is not readable from this dump: it is kept as a reference (still redacted). Anything else is the password itself:
 * the plugin falls back to storing plaintext when encryption is unavailable, and hand-edited dumps hold plaintext.
 */
const WPMS_CIPHERTEXT_MIN_BYTES = 40;

export interface WpOptionsVariant {
  ecosystem: EcosystemId;
  label: string;
  pluginName: string;
}

export function wpVariant(ecosystem: 'wp-mail-smtp' | 'easy-wp-smtp', where: string): WpOptionsVariant {
  const pluginName = ecosystem === 'wp-mail-smtp' ? 'WP Mail SMTP' : 'Easy WP SMTP';
  return { ecosystem, pluginName, label: `${pluginName} settings (${where})` };
}

export function readWpMailSmtpOptions(doc: JsonDoc, options: Node, collector: Collector, variant: WpOptionsVariant): MailProfile {
  const eco = variant.ecosystem;
  collector.secretsIn(doc, options);
  collector.scanObject(doc, options, '');
  const mail = new ObjectReader(doc, objectAt(options, 'mail'), 'mail.', eco, collector);
  const smtpObj = objectAt(options, 'smtp');
  const smtp = new ObjectReader(doc, smtpObj, 'smtp.', eco, collector);
  const general = new ObjectReader(doc, objectAt(options, 'general'), 'general.', eco, collector);

  const mailerNode = mail.value('mailer', 'mailer');
  const mailer = mailerNode ? scalarText(mailerNode) : 'mail'; // the plugin's default mailer is PHP mail()
  const host = smtp.literal('host', 'host', scalarText);
  const portSetting = smtp.literal('port', 'port', portValue);
  const port: Setting<number | string> = portSetting ?? defaulted('smtp.port', 25);

  const encNode = smtp.value('encryption', 'tls');
  const encryption = encNode ? scalarText(encNode) : 'none';
  const autotlsNode = smtp.value('autotls', 'tls');
  const autotls = autotlsNode ? phpTruthy(autotlsNode) : true; // saved as true on activation
  const tlsMode: TlsMode = encryption === 'tls' ? 'starttls' : encryption === 'ssl' ? 'implicit' : autotls ? 'opportunistic' : 'none';
  let tls: Setting<TlsMode>;
  if (encNode) tls = smtp.from(encNode, 'smtp.encryption', tlsMode);
  else if (autotlsNode) tls = smtp.from(autotlsNode, 'smtp.autotls', tlsMode);
  else tls = defaulted('smtp.encryption', tlsMode);

  const authNode = smtp.value('auth', 'auth');
  const auth: Setting<boolean> = authNode ? smtp.from(authNode, 'smtp.auth', phpTruthy(authNode)) : defaulted('smtp.auth', true);
  const user = smtp.literal('user', 'user', scalarText);
  const password = smtp.literal<SecretValue>('pass', 'password', (v) => {
    const text = scalarText(v);
    if (text === '') return { kind: 'empty', text: '' };
    if (looksEncrypted(text, WPMS_CIPHERTEXT_MIN_BYTES)) return { kind: 'reference', text: '' };
    return { kind: 'literal', text };
  });

  // Easy WP SMTP 2.x only: "Allow Insecure SSL Certificates" sets verify_peer/verify_peer_name off.
  const verifyDisabled: Setting<string>[] = [];
  const verifyEdits = new Map<Setting<string>, () => TextEdit[]>();
  if (eco === 'easy-wp-smtp') {
    const insecure = general.value('allow_smtp_insecure_ssl', 'verify');
    if (insecure && phpTruthy(insecure)) {
      const sw = general.from(insecure, 'general.allow_smtp_insecure_ssl', 'general.allow_smtp_insecure_ssl is on');
      verifyDisabled.push(sw);
      verifyEdits.set(sw, () => general.fileEdits([replaceNode(insecure, 'false')]));
    }
  }

  let active = mailer === 'smtp';
  let inactiveReason = active ? undefined : `mail.mailer is "${mailer}", not "smtp": ${variant.pluginName} does not send through these SMTP settings`;
  if (active && !host?.value.trim()) {
    active = false;
    inactiveReason = `smtp.host is empty, so ${variant.pluginName} leaves PHPMailer on PHP mail()`;
  }

  return {
    label: variant.label,
    ecosystem: eco,
    active,
    inactiveReason,
    host,
    port,
    tls,
    verifyDisabled,
    auth,
    user,
    password,
    secretsFile: false,
    anchor: mailerNode ? doc.span(mailerNode) : objectAnchor(doc, smtpObj ?? options),
    edit: {
      setTransport: (newPort, mode) =>
        smtpObj
          ? smtp.fileEdits(tlsTransportEdits(doc, { obj: smtpObj, portKey: 'port', encryptionKey: 'encryption', encryptionNode: encNode, encryption, newPortType: 'number' }, newPort, mode))
          : undefined,
      enableVerification: (sw) => verifyEdits.get(sw)?.(),
    },
  };
}
