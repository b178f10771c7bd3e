// Symfony config/packages/mailer.yaml (and framework.yaml): `framework.mailer.dsn` and each of
// `framework.mailer.transports`, also inside `when@<env>:` blocks. `'%env(MAILER_DSN)%'` (with or without env var
// processors) is a reference to the environment: judged where the variable is set, not here. A literal DSN is read
// with the same Symfony Mailer semantics as MAILER_DSN in .env (env/profiles.ts), through a one-entry list.
import { parseDsn } from '../../dsn';
import { envProfiles, type EnvEntry, type EnvWriter } from '../../env/profiles';
import type { MailProfile, ParseContext, SettingSymbol } from '../../model';
import { flattenDoc, type YamlFile } from './yaml-doc';

/** `framework.mailer.dsn`, `framework.mailer.transports.<name>`, optionally under `when@<env>`. */
const DSN_PATH = /^(?:(when@[^.]+)\.)?framework\.mailer\.(dsn|transports\.[^.]+)$/;
/** A container parameter or env reference: `%env(MAILER_DSN)%`, `%env(default:x:MAILER_DSN)%`, `%mailer_dsn%`. */
const REFERENCE = /^%[^%]+%$/;
const ENV_KEY = 'MAILER_DSN';

export interface SymfonyResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  /** The file configures framework.mailer at all (even only through references). */
  recognised: boolean;
}

/** Replace the env-var name the shared vocabulary uses with the YAML key path, in every setting's name. */
function relabel(profile: MailProfile, path: string): MailProfile {
  const rename = (key: string) => (key.startsWith(ENV_KEY) ? path + key.slice(ENV_KEY.length) : key);
  const fix = <T extends { key: string } | undefined>(s: T): T => (s ? { ...s, key: rename(s.key) } : s);
  return {
    ...profile,
    label: profile.label.startsWith(ENV_KEY) ? path + profile.label.slice(ENV_KEY.length) : profile.label,
    inactiveReason: profile.inactiveReason?.split(ENV_KEY).join(path),
    host: fix(profile.host),
    port: fix(profile.port),
    tls: fix(profile.tls),
    user: fix(profile.user),
    password: fix(profile.password),
    auth: fix(profile.auth),
    verifyDisabled: profile.verifyDisabled.map((s) => fix(s)),
  };
}

export function symfonyProfiles(file: YamlFile, ctx: ParseContext): SymfonyResult {
  const result: SymfonyResult = { profiles: [], symbols: [], secrets: [], recognised: false };
  const writer: EnvWriter = {
    replaceValue: (entry, newValue) => ({ ...entry.valueSpan, newText: newValue }),
    // A DSN is one value: nothing is ever inserted next to it or removed.
    insertAfter: (entry) => ({ start: entry.valueSpan.end, end: entry.valueSpan.end, newText: '' }),
    removeEntry: (entry) => ({ start: entry.valueSpan.end, end: entry.valueSpan.end, newText: '' }),
  };
  for (const doc of file.docs) {
    for (const e of flattenDoc(file, doc).entries) {
      const m = DSN_PATH.exec(e.path);
      if (!m) continue;
      result.recognised = true;
      const label = m[1] ? `${m[1]}: framework.mailer.${m[2]}` : `framework.mailer.${m[2]}`;
      result.symbols.push({ key: e.path, role: 'dsn', ecosystem: 'symfony', keySpan: e.keySpan, valueSpan: e.valueSpan });
      const value = e.value?.trim();
      if (!value || REFERENCE.test(value)) continue;
      // Parameters inside the host or port (`smtp://%env(MAILER_HOST)%:587`) leave the endpoint to the runtime.
      const endpoints = parseDsn(file.text, e.valueSpan.start, e.valueSpan.end);
      if (endpoints.some((ep) => /%/.test(ep.host?.value ?? '') || /%/.test(ep.port?.value ?? ''))) continue;
      const entry: EnvEntry = { key: ENV_KEY, value: file.text.slice(e.valueSpan.start, e.valueSpan.end), keySpan: e.keySpan, valueSpan: e.valueSpan };
      const r = envProfiles([entry], file.text, writer, ctx, { secretsFile: false, winner: 'last', duplicateRule: 'the last value wins' });
      result.profiles.push(...r.profiles.map((p) => relabel(p, label)));
      result.secrets.push(...r.secrets);
    }
  }
  return result;
}
