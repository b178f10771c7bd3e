// Django's SMTP semantics, shared by every env vocabulary built on it: Django's own EMAIL_*, Flask-Mail's MAIL_*,
// Authentik's AUTHENTIK_EMAIL__* and Sentry's legacy SENTRY_EMAIL_*. USE_TLS is STARTTLS (required, an error when
// the server lacks it), USE_SSL is implicit TLS, neither means plaintext (no opportunistic upgrade), port 25.

import type { Setting, SymbolRole, TlsMode } from '../model';
import type { EnvReader } from './reader';
import { boolInStyle, envBool } from './values';

export interface DjangoStyleSpec {
  label: string;
  ecosystem: string;
  keys: { host: string; port: string; tls: string; ssl: string; user: string; pass: string };
  /** Keys whose presence means this vocabulary is configured. */
  presence: string[];
  /** Why the mailer does not send over SMTP, when it doesn't. */
  inactive?: () => string | undefined;
  /** Default host when the key is absent. */
  defaultHost?: string;
  /** Extra hover roles (the backend switch). */
  roles?: Record<string, SymbolRole>;
}

export function djangoStyleProfile(r: EnvReader, spec: DjangoStyleSpec): void {
  const { keys } = spec;
  if (!spec.presence.some((k) => r.has(k))) return;
  r.mark(spec.ecosystem, {
    [keys.host]: 'host',
    [keys.port]: 'port',
    [keys.tls]: 'tls',
    [keys.ssl]: 'tls',
    [keys.user]: 'user',
    [keys.pass]: 'password',
    ...spec.roles,
  });
  const inactiveReason = spec.inactive?.();
  const tlsEntry = r.get(keys.tls);
  const sslEntry = r.get(keys.ssl);
  const useTls = r.bool(keys.tls) === true;
  const useSsl = r.bool(keys.ssl) === true;
  const tls: Setting<TlsMode> = useSsl
    ? r.setting(sslEntry!, 'implicit')
    : useTls
      ? r.setting(tlsEntry!, 'starttls')
      : tlsEntry
        ? r.setting(tlsEntry, 'none')
        : sslEntry
          ? r.setting(sslEntry, 'none')
          : { value: 'none', origin: 'default', key: keys.tls };
  const port = r.portSetting(keys.port) ?? (r.has(keys.port) ? undefined : { value: 25, origin: 'default' as const, key: keys.port });
  const host = r.hostSetting(keys.host) ?? (r.has(keys.host) ? undefined : { value: spec.defaultHost ?? 'localhost', origin: 'default' as const, key: keys.host });
  r.profiles.push({
    label: spec.label,
    ecosystem: spec.ecosystem,
    active: !inactiveReason,
    inactiveReason,
    host,
    port,
    tls,
    verifyDisabled: [],
    user: r.user(keys.user),
    password: r.password(keys.pass),
    secretsFile: r.options.secretsFile,
    anchor: r.anchor([keys.host, keys.port, keys.tls, keys.ssl, ...spec.presence]),
    edit: {
      setTransport: (p, mode) => {
        const portEdit = r.setOrInsert(keys.port, String(p), [keys.host, keys.tls, keys.ssl]);
        const [on, off] = mode === 'starttls' ? [keys.tls, keys.ssl] : [keys.ssl, keys.tls];
        const style = r.text(on) ?? r.text(off) ?? 'True';
        const onEdit = r.setOrInsert(on, boolInStyle(true, style), [keys.port, keys.host]);
        const offEntry = r.get(off);
        const offText = r.text(off);
        const offEdit = offEntry && offText !== undefined && envBool(offText) !== false ? r.replace(offEntry, boolInStyle(false, offText)) : undefined;
        return r.edits(portEdit, onEdit, offEdit);
      },
    },
  });
}
