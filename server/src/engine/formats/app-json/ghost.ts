// Ghost `config.<env>.json`: `mail.transport` ("SMTP"; without it Ghost uses its Direct transport) and
// `mail.options`, handed to Nodemailer as they are. Nodemailer semantics (lib/smtp-connection):
// - `secure` is read for truthiness (the string "false" is true): implicit TLS;
// - `secure` unset and port 465: implicit TLS by itself; `secure: false` on 465: plaintext on the TLS port;
// - port defaults to 465 when secure, else 587; host to localhost;
// - `ignoreTLS` never upgrades, `requireTLS` requires STARTTLS, neither: STARTTLS when offered (opportunistic);
// - `tls.rejectUnauthorized: false` (the boolean) turns certificate checks off;
// - `service` (a Nodemailer well-known name) replaces host, port and secure with the provider's own: the port
//   rules stay quiet, certificate and password checks still apply.
import type { Node } from 'jsonc-parser';
import type { DuplicateSetting, MailProfile, SecretValue, Setting, SettingSymbol, SymbolRole, TextEdit, TlsMode } from '../../model';
import { duplicateKeys, insertProperties, keyNode, lastProperty, objectAt, properties, removeProperty, replaceNode, valueNode, type JsonDoc } from '../wp-plugin-json/json-doc';
import { keyTable } from '../../key-table';

export interface JsonResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  duplicates: DuplicateSetting[];
}

const ROLES: Record<string, SymbolRole> = keyTable({
  service: 'host',
  host: 'host',
  port: 'port',
  secure: 'tls',
  requireTLS: 'tls',
  ignoreTLS: 'tls',
  user: 'user',
  pass: 'password',
  rejectUnauthorized: 'verify',
});

/** JavaScript truthiness of a JSON value. */
function truthy(node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const v = node.value;
  if (node.type === 'null') return false;
  if (node.type === 'object' || node.type === 'array') return true;
  return Boolean(v);
}

export function duplicatesOf(doc: JsonDoc, obj: Node | undefined, prefix: string, rule: string): DuplicateSetting[] {
  const out: DuplicateSetting[] = [];
  for (const [key, props] of duplicateKeys(obj)) {
    const winner = props[props.length - 1];
    for (const loser of props.slice(0, -1)) {
      out.push({ key: prefix + key, winner: doc.span(keyNode(winner)), loser: doc.span(keyNode(loser)), rule, removal: [removeProperty(loser)] });
    }
  }
  return out;
}

export function ghostProfiles(doc: JsonDoc, root: Node): JsonResult | undefined {
  const mail = objectAt(root, 'mail');
  if (!mail) return undefined;
  const result: JsonResult = { profiles: [], symbols: [], secrets: [], duplicates: [] };
  const options = objectAt(mail, 'options');
  const auth = objectAt(options, 'auth');
  const tlsObj = objectAt(options, 'tls');
  const rule = 'the last value wins (JSON.parse)';
  result.duplicates.push(...duplicatesOf(doc, mail, 'mail.', rule), ...duplicatesOf(doc, options, 'mail.options.', rule), ...duplicatesOf(doc, auth, 'mail.options.auth.', rule));

  const symbol = (obj: Node | undefined, key: string, path: string) => {
    const p = lastProperty(obj, key);
    const v = valueNode(p);
    if (p) result.symbols.push({ key: path, role: ROLES[key] ?? 'mailer', ecosystem: 'ghost', keySpan: doc.span(keyNode(p)), valueSpan: v ? doc.span(v) : undefined });
    return v;
  };
  const transportNode = symbol(mail, 'transport', 'mail.transport');
  const serviceNode = symbol(options, 'service', 'mail.options.service');
  const hostNode = symbol(options, 'host', 'mail.options.host');
  const portNode = symbol(options, 'port', 'mail.options.port');
  const secureNode = symbol(options, 'secure', 'mail.options.secure');
  const requireNode = symbol(options, 'requireTLS', 'mail.options.requireTLS');
  const ignoreNode = symbol(options, 'ignoreTLS', 'mail.options.ignoreTLS');
  const userNode = symbol(auth, 'user', 'mail.options.auth.user');
  const passNode = symbol(auth, 'pass', 'mail.options.auth.pass');
  const rejectNode = symbol(tlsObj, 'rejectUnauthorized', 'mail.options.tls.rejectUnauthorized');
  if (!options && !transportNode) return result;

  const setting = <T>(node: Node, key: string, value: T): Setting<T> => {
    const prop = node.parent;
    return { value, origin: 'literal', key, span: doc.span(node), keySpan: prop?.type === 'property' ? doc.span(keyNode(prop)) : undefined };
  };
  const transport = typeof transportNode?.value === 'string' ? transportNode.value : undefined;
  const active = transport?.toLowerCase() === 'smtp';
  const inactiveReason = active
    ? undefined
    : transport
      ? `mail.transport is "${transport}", not SMTP`
      : 'mail.transport is not set, so Ghost uses its Direct transport and ignores mail.options';
  const service = typeof serviceNode?.value === 'string' && serviceNode.value.trim() ? serviceNode.value.trim() : undefined;

  const secure = truthy(secureNode);
  let port: Setting<number | string> | undefined;
  if (service) {
    // host, port and secure come from Nodemailer's table
  } else if (portNode && (portNode.type === 'number' || portNode.type === 'string') && String(portNode.value).trim() !== '') {
    const t = String(portNode.value).trim();
    port = setting(portNode, 'mail.options.port', /^\d{1,9}$/.test(t) ? Number(t) : t);
  } else {
    port = { value: secure ? 465 : 587, origin: 'default', key: 'mail.options.port' };
  }
  let tls: Setting<TlsMode>;
  const tlsFromPort = secureNode === undefined;
  if (secure) tls = setting(secureNode!, 'mail.options.secure', 'implicit');
  else if (secureNode === undefined && port?.value === 465) tls = { value: 'implicit', origin: 'implied', key: 'mail.options.port 465 without secure' };
  else if (truthy(ignoreNode)) tls = setting(ignoreNode!, 'mail.options.ignoreTLS', 'none');
  else if (truthy(requireNode)) tls = setting(requireNode!, 'mail.options.requireTLS', 'starttls');
  else if (requireNode) tls = setting(requireNode, 'mail.options.requireTLS', 'opportunistic');
  else tls = { value: 'opportunistic', origin: 'default', key: 'mail.options.requireTLS' };
  // On 465 what starts the connection in plaintext is the explicit `secure: false`: point there.
  if (secureNode && !secure && port?.value === 465) tls = setting(secureNode, 'mail.options.secure', tls.value);

  const host: Setting<string> | undefined = service
    ? undefined
    : typeof hostNode?.value === 'string' && hostNode.value.trim()
      ? setting(hostNode, 'mail.options.host', hostNode.value.trim())
      : hostNode
        ? undefined
        : { value: 'localhost', origin: 'default', key: 'mail.options.host' };
  const user = typeof userNode?.value === 'string' && userNode.value ? setting(userNode, 'mail.options.auth.user', userNode.value) : undefined;
  let password: Setting<SecretValue> | undefined;
  if (passNode && passNode.type === 'string') {
    const text = String(passNode.value);
    password = setting(passNode, 'mail.options.auth.pass', { kind: text === '' ? 'empty' : 'literal', text });
    for (const form of doc.sourceForms(text)) if (form.length >= 3) result.secrets.push(form);
  }
  const authSetting: Setting<boolean> = user
    ? { value: true, origin: 'implied', key: 'mail.options.auth.user' }
    : userNode
      ? setting(userNode, 'mail.options.auth.user', false)
      : { value: false, origin: 'default', key: 'mail.options.auth' };
  const verifyDisabled: Setting<string>[] = [];
  if (rejectNode?.type === 'boolean' && rejectNode.value === false) verifyDisabled.push(setting(rejectNode, 'mail.options.tls.rejectUnauthorized', 'tls.rejectUnauthorized: false'));

  const anchorNode = hostNode ?? serviceNode ?? transportNode ?? options ?? mail;
  const anchorProp = anchorNode.parent?.type === 'property' ? anchorNode.parent : anchorNode;

  const setTransport = (p: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
    if (!options || service) return undefined;
    const edits: TextEdit[] = [];
    const inserts: [string, string][] = [];
    const portText = portNode?.type === 'string' ? JSON.stringify(String(p)) : String(p);
    if (portNode) {
      if (String(portNode.value).trim() !== String(p)) edits.push(replaceNode(portNode, portText));
    } else inserts.push(['port', String(p)]);
    if (mode === 'starttls') {
      if (secureNode && truthy(secureNode)) edits.push(replaceNode(secureNode, 'false'));
      if (ignoreNode && truthy(ignoreNode)) edits.push(replaceNode(ignoreNode, 'false'));
      if (requireNode) {
        if (!truthy(requireNode)) edits.push(replaceNode(requireNode, 'true'));
      } else inserts.push(['requireTLS', 'true']);
    } else if (secureNode) {
      if (!truthy(secureNode)) edits.push(replaceNode(secureNode, 'true'));
    } else inserts.push(['secure', 'true']);
    const after = lastProperty(options, 'port') ?? lastProperty(options, 'host');
    const ins = insertProperties(doc, options, after, inserts);
    if (ins) edits.push(ins);
    return edits.length ? edits : undefined;
  };

  result.profiles.push({
    label: service ? `Ghost mail.options (service "${service}")` : 'Ghost mail.options',
    ecosystem: 'ghost',
    active,
    inactiveReason,
    host,
    port,
    tls,
    tlsFromPort,
    // The provider's table decides host, port and TLS: nothing to judge about them here.
    tlsGuessed: service !== undefined,
    verifyDisabled,
    auth: service ? undefined : authSetting,
    user,
    password,
    anchor: doc.span(anchorProp),
    edit: {
      setTransport,
      enableVerification: () => {
        const prop = rejectNode?.parent;
        if (!prop || !tlsObj) return undefined;
        const only = properties(tlsObj).length === 1 && tlsObj.parent?.type === 'property';
        return [removeProperty(only ? tlsObj.parent! : prop)];
      },
    },
  });
  return result;
}
