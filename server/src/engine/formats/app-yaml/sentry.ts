// Sentry self-hosted `sentry/config.yml`: `mail.backend` (`smtp` by default, `dummy`/`console` send nothing),
// `mail.host` (localhost), `mail.port` (25), `mail.username`, `mail.password`, `mail.use-tls` (STARTTLS, required),
// `mail.use-ssl` (implicit TLS). Django's SMTP backend semantics: neither switch means plaintext; it logs in only
// when both a username and a password are set.
import type { MailProfile, SecretValue, Setting, SettingSymbol, SymbolRole, TextEdit, TlsMode } from '../../model';
import { flattenDoc, insertFlat, isScalarNode, replaceScalar, scalarEditable, type FlatDoc, type YamlEntry, type YamlFile } from './yaml-doc';
import { keyTable } from '../../key-table';

const ROLES: Record<string, SymbolRole> = keyTable({
  'mail.backend': 'mailer',
  'mail.host': 'host',
  'mail.port': 'port',
  'mail.username': 'user',
  'mail.password': 'password',
  'mail.use-tls': 'tls',
  'mail.use-ssl': 'tls',
});

/** Sentry's config.yml keys that decide that this YAML is one (`mail.host: 'smtp'` is in the shipped template). */
export const SENTRY_SNIFF = /(^|\n)mail\.(backend|host|port)[ \t]*:/;

export interface SentryResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
}

const truthy = (v: string | undefined) => v !== undefined && ['true', '1'].includes(v.trim().toLowerCase());

export function sentryProfiles(file: YamlFile): SentryResult {
  const result: SentryResult = { profiles: [], symbols: [], secrets: [] };
  file.docs.forEach((doc) => {
    const flat: FlatDoc = flattenDoc(file, doc);
    const get = (key: string): YamlEntry | undefined => {
      let found: YamlEntry | undefined;
      for (const e of flat.entries) if (e.path === key) found = e;
      return found;
    };
    for (const e of flat.entries) {
      const role = ROLES[e.path];
      if (role) result.symbols.push({ key: e.path, role, ecosystem: 'sentry', keySpan: e.keySpan, valueSpan: e.valueSpan });
    }
    const hostE = get('mail.host');
    const portE = get('mail.port');
    if (!hostE && !portE && !get('mail.backend')) return;
    const setting = <T>(e: YamlEntry, value: T): Setting<T> => ({ value, origin: 'literal', key: e.path, span: e.valueSpan, keySpan: e.keySpan });

    const backend = get('mail.backend')?.value?.trim().toLowerCase() ?? 'smtp';
    const active = backend === 'smtp' || backend.includes('smtp');
    const tlsE = get('mail.use-tls');
    const sslE = get('mail.use-ssl');
    const tls: Setting<TlsMode> =
      sslE && truthy(sslE.value)
        ? setting(sslE, 'implicit')
        : tlsE && truthy(tlsE.value)
          ? setting(tlsE, 'starttls')
          : tlsE
            ? setting(tlsE, 'none')
            : sslE
              ? setting(sslE, 'none')
              : { value: 'none', origin: 'default', key: 'mail.use-tls' };
    let port: Setting<number | string> = { value: 25, origin: 'default', key: 'mail.port' };
    if (portE?.value !== undefined && portE.value.trim() !== '') {
      const t = portE.value.trim();
      port = setting(portE, /^\d{1,9}$/.test(t) ? Number(t) : t);
    }
    const host: Setting<string> | undefined =
      hostE?.value?.trim() ? setting(hostE, hostE.value.trim()) : hostE ? undefined : { value: 'localhost', origin: 'default', key: 'mail.host' };
    const userE = get('mail.username');
    const passE = get('mail.password');
    const user = userE?.value ? setting(userE, userE.value) : undefined;
    let password: Setting<SecretValue> | undefined;
    if (passE) {
      const text = passE.value ?? '';
      password = setting(passE, { kind: text === '' ? 'empty' : 'literal', text });
      if (text.length >= 3) result.secrets.push(text);
    }
    // Django logs in only with both. A username without any mail.password here leaves it open: the password is
    // often set outside this file (SENTRY_MAIL_PASSWORD in sentry.conf.py).
    let auth: Setting<boolean> | undefined;
    if (!user) auth = userE ? setting(userE, false) : { value: false, origin: 'default', key: 'mail.username' };
    else if (password?.value.kind === 'literal') auth = { value: true, origin: 'implied', key: 'mail.username and mail.password' };
    else if (password) auth = setting(passE!, false);

    const setValues = (pairs: [string, string][]): TextEdit[] | undefined => {
      const edits: TextEdit[] = [];
      const inserts: { key: string; value: string; after?: string[] }[] = [];
      for (const [key, value] of pairs) {
        const e = get(key);
        const v = e?.pair.value;
        if (e && isScalarNode(v)) {
          if (e.value?.trim().toLowerCase() === value) continue;
          // A value that cannot be rewritten in place (a line break in it): no half fix, which the next pass would
          // judge anew (the port stays, TLS flips back and forth).
          if (!scalarEditable(file, v)) return undefined;
          edits.push(replaceScalar(v, value));
          continue;
        }
        inserts.push({ key, value, after: key === 'mail.port' ? ['mail.host'] : ['mail.port', 'mail.host'] });
      }
      if (inserts.length === 0) return edits;
      const inserted = insertFlat(file, flat, inserts, (p) => p);
      return inserted && [...edits, ...inserted];
    };
    result.profiles.push({
      label: 'Sentry mail.* settings',
      ecosystem: 'sentry',
      active,
      inactiveReason: active ? undefined : `mail.backend is "${backend}", which does not send mail over SMTP`,
      host,
      port,
      tls,
      verifyDisabled: [],
      auth,
      user,
      password,
      anchor: (hostE ?? portE ?? get('mail.backend')!).span,
      edit: {
        setTransport: (p, mode) => {
          const [on, off] = mode === 'starttls' ? ['mail.use-tls', 'mail.use-ssl'] : ['mail.use-ssl', 'mail.use-tls'];
          const pairs: [string, string][] = [['mail.port', String(p)], [on, 'true']];
          if (truthy(get(off)?.value)) pairs.push([off, 'false']);
          const edits = setValues(pairs);
          return edits?.length ? edits : undefined;
        },
      },
    });
  });
  return result;
}
