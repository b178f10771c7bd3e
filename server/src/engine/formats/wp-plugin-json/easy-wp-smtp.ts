// Easy WP SMTP: the 1.x option `swpsmtp_options` ({ from_email_field, from_name_field, smtp_settings: {...} }), and
// the settings export file { "data": "<JSON text>", "ver": 2, "checksum": md5(data) } whose settings are a JSON
// document inside a JSON string. The 1.x plugin always sets SMTPAutoTLS = false, so 'none' is plaintext; it applies
// its SMTP settings only once From email and From name are filled in.
import type { Node } from 'jsonc-parser';
import type { MailProfile, SecretValue, Setting, TextEdit, TlsMode } from '../../model';
import { Collector, ObjectReader, defaulted, objectAnchor } from './collector';
import { embeddedDoc, hasKey, objectAt, replaceNode, valueAt, type JsonDoc } from './json-doc';
import { tlsTransportEdits } from './transport-edits';
import { decodeBase64Text, phpTruthy, portValue, scalarText } from './values';

export function isEasyWpSmtp1Options(obj: Node): boolean {
  return objectAt(obj, 'smtp_settings') !== undefined;
}

export function isEasyWpSmtpExport(obj: Node): boolean {
  return valueAt(obj, 'data')?.type === 'string' && (hasKey(obj, 'checksum') || hasKey(obj, 'ver'));
}

/**
 * Read an export file: parse the JSON held in "data" (its ranges mapped back into the file) and hand its root to
 * `readSettings`; edits inside "data" also rewrite "checksum". Returns why not, when the payload cannot be read.
 */
export function readEasyWpSmtpExport(
  doc: JsonDoc,
  exportObj: Node,
  collector: Collector,
  readSettings: (inner: JsonDoc, root: Node) => MailProfile[] | undefined,
): MailProfile[] | { skipped: string } {
  const r = new ObjectReader(doc, exportObj, '', 'easy-wp-smtp', collector);
  const dataNode = r.value('data', 'other')!;
  const checksumNode = r.value('checksum', 'other');
  r.value('ver', 'other');
  const inner = embeddedDoc(doc.text, dataNode, checksumNode?.type === 'string' ? checksumNode : undefined);
  if (!inner) return { skipped: 'Easy WP SMTP export whose "data" string is malformed' };
  if (inner.root?.type !== 'object') {
    // The importer also takes PHP-serialized payloads; those are not read here.
    return { skipped: 'Easy WP SMTP export whose "data" is not JSON (a PHP-serialized payload is not read)' };
  }
  return readSettings(inner, inner.root) ?? { skipped: 'Easy WP SMTP export without SMTP settings' };
}

/**
 * Easy WP SMTP 1.x options. `exportData` is the object that holds them in an export (with swpsmtp_pass_encrypted and
 * swpsmtp_enc_key next to them), when there is one.
 */
export function readEasyWpSmtp1Options(doc: JsonDoc, options: Node, exportData: Node | undefined, collector: Collector): MailProfile {
  const eco = 'easy-wp-smtp';
  collector.secretsIn(doc, exportData ?? options);
  const top = new ObjectReader(doc, options, '', eco, collector);
  const smtpObj = objectAt(options, 'smtp_settings')!;
  const s = new ObjectReader(doc, smtpObj, 'smtp_settings.', eco, collector);
  const fromEmail = scalarText(top.value('from_email_field', 'other'));
  const fromName = scalarText(top.value('from_name_field', 'other'));

  const host = s.literal('host', 'host', scalarText);
  const port: Setting<number | string> = s.literal('port', 'port', portValue) ?? defaulted('smtp_settings.port', 25);
  const encNode = s.value('type_encryption', 'tls');
  const encryption = encNode ? scalarText(encNode) : 'none';
  const tlsMode: TlsMode = encryption === 'tls' ? 'starttls' : encryption === 'ssl' ? 'implicit' : 'none';
  const tls: Setting<TlsMode> = encNode ? s.from(encNode, 'smtp_settings.type_encryption', tlsMode) : defaulted('smtp_settings.type_encryption', tlsMode);
  const authNode = s.value('autentication', 'auth'); // sic: the plugin's spelling
  const auth: Setting<boolean> = authNode
    ? s.from(authNode, 'smtp_settings.autentication', scalarText(authNode) === 'yes')
    : defaulted('smtp_settings.autentication', true);
  const user = s.literal('username', 'user', scalarText);

  // The password is base64 text, or ciphertext when swpsmtp_pass_encrypted is set. The export carries the key
  // (swpsmtp_enc_key) right next to the ciphertext, so then the password is as readable as plaintext.
  const passEncrypted = phpTruthy(valueAt(exportData, 'swpsmtp_pass_encrypted'));
  const keyInFile = scalarText(valueAt(exportData, 'swpsmtp_enc_key')) !== '';
  const password = s.literal<SecretValue>('password', 'password', (v) => {
    const stored = scalarText(v);
    if (stored === '') return { kind: 'empty', text: '' };
    if (passEncrypted) return keyInFile ? { kind: 'literal', text: stored } : { kind: 'reference', text: '' };
    const decoded = decodeBase64Text(stored);
    if (decoded !== undefined) s.secret(decoded);
    return { kind: 'literal', text: decoded ?? stored };
  });

  // The plugin tests `isset(insecure_ssl) && insecure_ssl !== false` and saves 1 or false: any value other than
  // false or null (0 and "0" included) turns verify_peer and verify_peer_name off.
  const verifyDisabled: Setting<string>[] = [];
  const verifyEdits = new Map<Setting<string>, () => TextEdit[]>();
  const insecure = s.value('insecure_ssl', 'verify');
  if (insecure && insecure.type !== 'null' && !(insecure.type === 'boolean' && insecure.value === false)) {
    const written = doc.text.slice(insecure.offset, insecure.offset + insecure.length);
    const sw = s.from(insecure, 'smtp_settings.insecure_ssl', `smtp_settings.insecure_ssl is ${written}`);
    verifyDisabled.push(sw);
    // false is what the plugin itself saves when the box is unticked (0 would still count as on).
    verifyEdits.set(sw, () => s.fileEdits([replaceNode(insecure, 'false')]));
  }

  const active = fromEmail !== '' && fromName !== '';
  return {
    label: 'Easy WP SMTP 1.x settings (swpsmtp_options)',
    ecosystem: eco,
    active,
    inactiveReason: active ? undefined : 'from_email_field or from_name_field is empty: Easy WP SMTP 1.x does not apply its SMTP settings',
    host,
    port,
    tls,
    verifyDisabled,
    auth,
    user,
    password,
    secretsFile: false,
    anchor: objectAnchor(doc, smtpObj),
    edit: {
      setTransport: (newPort, mode) =>
        s.fileEdits(tlsTransportEdits(doc, { obj: smtpObj, portKey: 'port', encryptionKey: 'type_encryption', encryptionNode: encNode, encryption, newPortType: 'number' }, newPort, mode)),
      enableVerification: (sw) => verifyEdits.get(sw)?.(),
    },
  };
}
