// Keycloak realm exports: `"smtpServer": {...}` of a realm (the file's top level, each item of a `realms` array, or
// each item of a top-level array). Every value is a string and Keycloak compares switches with "true".equals(...)
// (DefaultEmailSenderProvider); JSON booleans and numbers are read as their text, as Jackson coerces them into
// the Map<String, String>.
// - `port` unset: Jakarta Mail's default, 25;
// - `ssl` "true": implicit TLS; otherwise `starttls` "true" sets mail.smtp.starttls.enable only: opportunistic;
// - `auth` not "true": Keycloak connects without credentials, whatever `user`/`password` say;
// - `password` `**********` is the admin console's mask, not a secret.
import type { Node } from 'jsonc-parser';
import type { SecretValue, Setting, SymbolRole, TextEdit, TlsMode } from '../../model';
import { insertProperties, keyNode, lastProperty, objectAt, replaceNode, valueAt, valueNode, type JsonDoc } from '../wp-plugin-json/json-doc';
import { duplicatesOf, type JsonResult } from './ghost';
import { keyTable } from '../../key-table';

const ROLES: Record<string, SymbolRole> = keyTable({ host: 'host', port: 'port', ssl: 'tls', starttls: 'tls', auth: 'auth', user: 'user', password: 'password' });

/** Realm objects that carry an smtpServer. */
export function keycloakRealms(root: Node | undefined): Node[] {
  if (!root) return [];
  const withSmtp = (n: Node | undefined) => n?.type === 'object' && objectAt(n, 'smtpServer') !== undefined;
  if (root.type === 'array') return (root.children ?? []).filter(withSmtp);
  if (root.type !== 'object') return [];
  const out: Node[] = withSmtp(root) ? [root] : [];
  const realms = valueAt(root, 'realms');
  if (realms?.type === 'array') out.push(...(realms.children ?? []).filter(withSmtp));
  return out;
}

/** A value as Keycloak's Map<String, String> holds it. */
function text(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string' || node.type === 'number' || node.type === 'boolean') return String(node.value);
  return undefined;
}

export function keycloakProfiles(doc: JsonDoc, realms: Node[]): JsonResult {
  const result: JsonResult = { profiles: [], symbols: [], secrets: [], duplicates: [] };
  for (const realm of realms) {
    const smtp = objectAt(realm, 'smtpServer')!;
    const name = text(valueAt(realm, 'realm')) ?? text(valueAt(realm, 'id')) ?? 'realm';
    result.duplicates.push(...duplicatesOf(doc, smtp, 'smtpServer.', 'the last value wins (Keycloak reads the JSON with Jackson)'));
    const nodes: Record<string, Node | undefined> = {};
    for (const key of Object.keys(ROLES)) {
      const prop = lastProperty(smtp, key);
      const v = valueNode(prop);
      nodes[key] = v;
      if (prop) result.symbols.push({ key: `smtpServer.${key}`, role: ROLES[key], ecosystem: 'keycloak', keySpan: doc.span(keyNode(prop)), valueSpan: v ? doc.span(v) : undefined });
    }
    const hostText = text(nodes.host)?.trim();
    if (!hostText) continue; // email not configured for this realm
    const setting = <T>(key: string, value: T): Setting<T> => {
      const node = nodes[key]!;
      return { value, origin: 'literal', key: `smtpServer.${key}`, span: doc.span(node), keySpan: doc.span(keyNode(node.parent!)) };
    };
    const isTrue = (key: string) => text(nodes[key]) === 'true';

    let port: Setting<number | string>;
    const portText = text(nodes.port)?.trim();
    if (portText) port = setting('port', /^\d{1,9}$/.test(portText) ? Number(portText) : portText);
    else port = { value: 25, origin: 'default', key: 'smtpServer.port' };
    const tls: Setting<TlsMode> = isTrue('ssl')
      ? setting('ssl', 'implicit')
      : isTrue('starttls')
        ? setting('starttls', 'opportunistic')
        : nodes.starttls
          ? setting('starttls', 'none')
          : nodes.ssl
            ? setting('ssl', 'none')
            : { value: 'none', origin: 'default', key: 'smtpServer.starttls' };
    const auth: Setting<boolean> = nodes.auth ? setting('auth', isTrue('auth')) : { value: false, origin: 'default', key: 'smtpServer.auth' };
    const userText = text(nodes.user);
    const passText = text(nodes.password);
    let password: Setting<SecretValue> | undefined;
    if (passText !== undefined) {
      password = setting('password', { kind: passText === '' ? 'empty' : 'literal', text: passText });
      if (!/^\*+$/.test(passText)) for (const form of doc.sourceForms(passText)) if (form.length >= 3) result.secrets.push(form);
    }

    /** Set a key to a string value, keeping a number node a number; insert missing keys after the port or host. */
    const setTransport = (p: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
      const edits: TextEdit[] = [];
      const inserts: [string, string][] = [];
      const set = (key: string, value: string) => {
        const node = nodes[key];
        if (text(node) === value) return;
        if (node) edits.push(replaceNode(node, node.type === 'number' && /^\d+$/.test(value) ? value : JSON.stringify(value)));
        else inserts.push([key, JSON.stringify(value)]);
      };
      set('port', String(p));
      if (mode === 'starttls') {
        if (isTrue('ssl')) set('ssl', 'false');
        set('starttls', 'true');
        // Credentials only count with auth "true"; without a user there is nothing to log in with.
        if (userText) set('auth', 'true');
      } else set('ssl', 'true');
      const ins = insertProperties(doc, smtp, lastProperty(smtp, 'port') ?? lastProperty(smtp, 'host'), inserts);
      if (ins) edits.push(ins);
      return edits.length ? edits : undefined;
    };

    result.profiles.push({
      label: `Keycloak realm "${name}" smtpServer`,
      ecosystem: 'keycloak',
      active: true,
      host: setting('host', hostText),
      port,
      tls,
      verifyDisabled: [],
      auth,
      user: userText ? setting('user', userText) : undefined,
      password,
      anchor: doc.span(nodes.host!.parent!),
      edit: { setTransport },
    });
  }
  return result;
}
