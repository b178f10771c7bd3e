// Shared plumbing for environment-variable vocabularies: looking keys up, turning values into settings (with the
// origin of `${VAR:-default}` fallbacks), and writing edits through the format's EnvWriter. The vocabularies in
// profiles.ts (frameworks) and apps.ts (self-hosted apps) build on it; formats (.env, compose) only supply entries
// and a writer.

import type { DuplicateSetting, MailProfile, ParseContext, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit } from '../model';
import { envBool, portSetting, readEnvValue, secretSetting } from './values';

export interface EnvEntry {
  key: string;
  /** The value as the consuming program reads it. */
  value: string;
  keySpan: Span;
  /** The value's text in the file without quotes: what an edit replaces. */
  valueSpan: Span;
}

export interface EnvWriter {
  /** Replace an entry's value. */
  replaceValue(entry: EnvEntry, newValue: string): TextEdit;
  /** Add `key=value` as a new entry right after `after`, in the file's style. */
  insertAfter(after: EnvEntry, key: string, value: string): TextEdit;
  /** Remove an entry entirely (its whole line). */
  removeEntry(entry: EnvEntry): TextEdit;
}

export interface EnvProfilesResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  duplicates: DuplicateSetting[];
}

/** Apps whose env vocabulary is recognised; a format may know which one it is reading (a compose service's image). */
export type EnvApp =
  | 'mastodon'
  | 'discourse'
  | 'gitea'
  | 'grafana'
  | 'n8n'
  | 'vaultwarden'
  | 'outline'
  | 'authentik'
  | 'supabase'
  | 'sentry'
  | 'plausible'
  | 'nextcloud'
  | 'ghost';

export interface EnvOptions {
  /** Files that exist to hold secrets (.env): no plaintext-password finding. */
  secretsFile: boolean;
  /** Which duplicate wins when a key repeats. */
  winner: 'last' | 'first';
  duplicateRule: string;
  /** The app that reads these variables, when the format knows it (compose `image: vaultwarden/server`). */
  app?: EnvApp;
}

export type Lookup = (key: string) => EnvEntry | undefined;

/** Keys look-ups and edits shared by every env vocabulary. */
export class EnvReader {
  readonly profiles: MailProfile[] = [];
  readonly secrets: string[] = [];
  /** Hover roles of the keys a vocabulary recognised, with its ecosystem. */
  readonly roles = new Map<string, { role: SymbolRole; ecosystem: string }>();
  /** Keys a vocabulary read: a repeated one is reported as a duplicate. */
  readonly mailKeys = new Set<string>();

  constructor(
    readonly fileText: string,
    readonly get: Lookup,
    /** Every key in the file, in order (first occurrence). */
    readonly keys: readonly string[],
    readonly writer: EnvWriter,
    readonly ctx: ParseContext,
    readonly options: EnvOptions,
    /** Results of scanKeys by name, kept by the caller as long as the file's keys stay the same. */
    private readonly keyScans = new Map<string, unknown>(),
  ) {}

  /** `scan(keys)`, computed once per key list: a scan over every key of a big file was a keystroke's main cost. */
  scanKeys<T>(name: string, scan: (keys: readonly string[]) => T): T {
    if (!this.keyScans.has(name)) this.keyScans.set(name, scan(this.keys));
    return this.keyScans.get(name) as T;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** The first present key of a list. */
  first(...keys: string[]): EnvEntry | undefined {
    for (const k of keys) {
      const e = this.get(k);
      if (e) return e;
    }
    return undefined;
  }

  /** The value of a key, treating `${VAR}` without default as unknown. */
  text(key: string): string | undefined {
    const e = this.get(key);
    if (!e) return undefined;
    const v = readEnvValue(e.value);
    return v.unknown ? undefined : v.text;
  }

  /** Trimmed, lower-cased known value; undefined when absent or unknown. */
  word(key: string): string | undefined {
    return this.text(key)?.trim().toLowerCase();
  }

  /** A boolean read the common way (`true`/`1`/`yes`...); undefined when absent, unknown or not a boolean word. */
  bool(key: string): boolean | undefined {
    const t = this.text(key);
    return t === undefined ? undefined : envBool(t);
  }

  /** A setting for an entry's value, carrying the fallback origin of `${VAR:-default}`. */
  setting<T>(entry: EnvEntry, value: T): Setting<T> {
    const v = readEnvValue(entry.value);
    return v.origin === 'fallback'
      ? { value, origin: 'fallback', key: entry.key, span: entry.valueSpan, keySpan: entry.keySpan, reference: v.reference }
      : { value, origin: 'literal', key: entry.key, span: entry.valueSpan, keySpan: entry.keySpan };
  }

  hostSetting(key: string): Setting<string> | undefined {
    const e = this.get(key);
    if (!e) return undefined;
    const v = readEnvValue(e.value);
    if (v.unknown || v.text.trim() === '') return undefined;
    return this.setting(e, v.text.trim());
  }

  portSetting(key: string): Setting<number | string> | undefined {
    const e = this.get(key);
    return e ? portSetting(e.value, { origin: 'literal', key: e.key, span: e.valueSpan, keySpan: e.keySpan }) : undefined;
  }

  /**
   * The password of the first present key. `KEY_FILE` (Docker secrets, read by Nextcloud, Outline and others)
   * counts as a reference: the secret lives in another file.
   */
  password(...keys: string[]): Setting<SecretValue> | undefined {
    for (const key of keys) {
      const e = this.get(key);
      if (e && !(e.value.trim() === '' && this.has(`${key}_FILE`))) return secretSetting(e.value, e.key, e.valueSpan, e.keySpan);
      const file = this.get(`${key}_FILE`);
      if (file) return { value: { kind: 'reference', text: '' }, origin: 'literal', key: file.key, span: file.valueSpan, keySpan: file.keySpan };
    }
    return undefined;
  }

  user(...keys: string[]): Setting<string> | undefined {
    for (const key of keys) {
      const e = this.get(key);
      const t = this.text(key)?.trim();
      if (e && t) return this.setting(e, t);
    }
    return undefined;
  }

  anchor(keys: string[]): Span {
    for (const k of keys) {
      const e = this.get(k);
      if (e) return { start: e.keySpan.start, end: e.valueSpan.end };
    }
    return { start: 0, end: 0 };
  }

  /**
   * Replace an entry's value. A `${VAR:-default}` keeps its lookup and gets the new default, so the file still
   * lets the environment decide.
   */
  replace(entry: EnvEntry, value: string): TextEdit | undefined {
    const raw = entry.value.trim();
    const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?-)([^{}]*)\}$/.exec(raw);
    const newValue = m ? `\${${m[1]}${m[2]}${value}}` : value;
    return newValue === entry.value ? undefined : this.writer.replaceValue(entry, newValue);
  }

  /** Set a key's value, or insert it after the first present key of `after`. */
  setOrInsert(key: string, value: string, after: string[]): TextEdit | undefined {
    const e = this.get(key);
    if (e) return this.text(key) === value ? undefined : this.replace(e, value);
    for (const a of after) {
      const anchor = this.get(a);
      if (anchor) return this.writer.insertAfter(anchor, key, value);
    }
    return undefined;
  }

  edits(...edits: (TextEdit | undefined)[]): TextEdit[] | undefined {
    const list = edits.filter((e): e is TextEdit => e !== undefined);
    return list.length ? list : undefined;
  }

  /** Record hover roles for the keys of a vocabulary that are present, and remember them as mail keys. */
  mark(ecosystem: string, roles: Record<string, SymbolRole>): void {
    for (const [key, role] of Object.entries(roles)) {
      this.mailKeys.add(key);
      if (this.has(key)) this.roles.set(key, { role, ecosystem });
    }
  }
}
