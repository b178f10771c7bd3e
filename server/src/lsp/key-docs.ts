// Hover documentation for mail setting keys, per ecosystem: what the key means, its allowed values and its default,
// in that ecosystem's own words. The tables live in ./key-docs/, one file per family of stacks; facts come from
// /work/shared/reference/smtp-settings.md and the formats' own docs (docs/formats/*.md).
// The same word means different things per ecosystem (`tls` is STARTTLS in PHPMailer, implicit TLS in the mail gem),
// so every entry is keyed by ecosystem + key and never borrowed from another ecosystem by guesswork: the only
// cross-ecosystem lookup is for environment-variable names that belong to one stack alone (MAIL_SCHEME is Laravel's).
import type { EcosystemId, SymbolRole } from '../engine/model';
import { APP_DOCS } from './key-docs/apps';
import { JAVA_DOCS } from './key-docs/java';
import { MTA_DOCS } from './key-docs/mta';
import { NODE_DOCS } from './key-docs/node';
import { PHP_APP_DOCS } from './key-docs/php-apps';
import { PYTHON_DOCS } from './key-docs/python';
import { RUBY_DOCS } from './key-docs/ruby';
import type { EcosystemDocs, KeyDoc } from './key-docs/types';
import { WORDPRESS_DOCS } from './key-docs/wordpress';

export type { KeyDoc } from './key-docs/types';

const FAMILIES: EcosystemDocs[] = [...WORDPRESS_DOCS, ...PHP_APP_DOCS, ...PYTHON_DOCS, ...RUBY_DOCS, ...NODE_DOCS, ...JAVA_DOCS, ...APP_DOCS, ...MTA_DOCS];

const TABLE: Record<string, Record<string, KeyDoc>> = Object.fromEntries(FAMILIES.map((f) => [f.id, f.docs]));

export const ECOSYSTEM_LABELS: Record<string, string> = Object.fromEntries(FAMILIES.map((f) => [f.id, f.label]));

/**
 * Tables whose UPPER_CASE names belong to that stack alone, in the order they are tried when a key is not found in
 * its own ecosystem. Left out on purpose: tables with bare names shared by several apps (Gitea's `HOST`, the
 * SMTP_* family of Mastodon, Vaultwarden, Outline, Nextcloud), where borrowing would give the wrong meaning.
 */
const FALLBACK_ORDER = [
  'generic-env', 'laravel', 'symfony', 'django', 'flask-mail', 'fastapi-mail', 'wp-mail-smtp', 'easy-wp-smtp', 'wp-smtp-constants',
  'fluentsmtp', 'post-smtp', 'discourse', 'grafana', 'n8n', 'authentik', 'sentry', 'plausible', 'supabase',
];

export function ecosystemLabel(id: EcosystemId): string {
  return ECOSYSTEM_LABELS[id] ?? id;
}

function stripCall(key: string): string {
  // `isSMTP()` / `isSMTP( )` -> `isSMTP`
  if (!key.endsWith(')')) return key;
  const open = key.lastIndexOf('(');
  return open > 0 && key.slice(open + 1, -1).trim() === '' ? key.slice(0, open).trimEnd() : key;
}

function trimQuotes(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && (s[start] === "'" || s[start] === '"' || s[start] === '$')) start++;
  while (end > start && (s[end - 1] === "'" || s[end - 1] === '"')) end--;
  return s.slice(start, end);
}

/**
 * The last name in a key as formats write it: `$phpmailer->Port` -> `Port`, `smtp.port` -> `port`,
 * `$config['mailers']['smtp']['port']` -> `port`, `isSMTP()` -> `isSMTP`.
 */
export function bareKey(key: string): string {
  let k = stripCall(key.trim());
  const arrow = k.lastIndexOf('->');
  if (arrow >= 0) k = k.slice(arrow + 2);
  if (k.endsWith(']')) {
    const open = k.lastIndexOf('[');
    const inner = open >= 0 ? trimQuotes(k.slice(open + 1, -1).trim()) : '';
    if (inner) return inner;
  }
  const dot = k.lastIndexOf('.');
  if (dot >= 0 && dot < k.length - 1) k = k.slice(dot + 1);
  return trimQuotes(k);
}

/** `SMTPOptions['ssl']['verify_peer']` -> `SMTPOptions.ssl.verify_peer`, `mail__options__port` -> `mail.options.port`. */
function dottedPath(path: string): string {
  let s = path;
  // `$CONFIG['mail_smtphost']`: the variable is not part of the key.
  if (s.startsWith('$')) {
    const open = s.indexOf('[');
    if (open > 1 && /^\$\w+$/.test(s.slice(0, open))) s = s.slice(open);
  }
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '[') {
      out += s[i++];
      continue;
    }
    const close = s.indexOf(']', i + 1);
    if (close < 0) {
      out += s.slice(i);
      break;
    }
    out += `.${trimQuotes(s.slice(i + 1, close).trim())}`;
    i = close + 1;
  }
  return out.split('__').join('.');
}

interface Candidate {
  /** The name looked up in a table. */
  lookup: string;
  /** The name a hover shows for it (the concrete segment for a `*` entry). */
  display: string;
}

/**
 * Names to look a written key up by, most specific first: the key itself, its dotted path without INI section,
 * object or variable prefixes, every shorter suffix of that path (`mail.smtp.starttls.enable`, ..., `enable`), and
 * for each suffix the same with its last segment as `*` (for maps with user-chosen names, like Symfony transports).
 */
function candidates(key: string): Candidate[] {
  const out: Candidate[] = [];
  const add = (lookup: string, display = lookup) => {
    const t = lookup.trim();
    if (t && !out.some((c) => c.lookup === t)) out.push({ lookup: t, display: display.trim() });
  };
  const written = stripCall(key.trim());
  add(written);
  let path = written;
  // INI keys come as `[mailer] SMTP_ADDR`.
  if (path.startsWith('[')) {
    const close = path.indexOf(']');
    if (close > 0 && close < path.length - 1 && path[close + 1] === ' ') path = path.slice(close + 1).trim();
  }
  const arrow = path.lastIndexOf('->');
  if (arrow >= 0) path = path.slice(arrow + 2);
  const parts = dottedPath(path).split('.').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    add(parts.slice(i).join('.'));
    if (parts.length - i >= 2) add([...parts.slice(i, -1), '*'].join('.'), parts.slice(i).join('.'));
  }
  add(bareKey(written));
  return out;
}

const loose = (k: string) => k.toLowerCase().split('-').join('').split('_').join('');

function findIn(docs: Record<string, KeyDoc>, cands: Candidate[]): { doc: KeyDoc; key: string } | undefined {
  for (const c of cands) if (Object.hasOwn(docs, c.lookup)) return { doc: docs[c.lookup], key: c.lookup.includes('*') ? c.display : c.lookup };
  // Case and separators differ between spellings (ssmtp `MailHub`, Spring `jndi-name` / `jndiName`).
  const keys = Object.keys(docs);
  for (const norm of [(k: string) => k.toLowerCase(), loose]) {
    for (const c of cands) {
      const wanted = norm(c.lookup);
      const hit = keys.find((k) => norm(k) === wanted);
      if (hit) return { doc: docs[hit], key: hit.includes('*') ? c.display : hit };
    }
  }
  return undefined;
}

export interface FoundKeyDoc {
  doc: KeyDoc;
  key: string;
  ecosystem: string;
}

const ENV_NAME = /^[A-Z][A-Z0-9_]+$/;

/**
 * The doc for a key in an ecosystem. When its own table has none, an environment-style name (MAIL_PORT) is looked up
 * in the stacks that own such names; the result then names that stack.
 */
export function keyDoc(ecosystem: EcosystemId, key: string): FoundKeyDoc | undefined {
  const own = TABLE[ecosystem];
  if (own) {
    const hit = findIn(own, candidates(key));
    if (hit) return { ...hit, ecosystem };
  }
  for (const k of new Set([stripCall(key.trim()), bareKey(key)])) {
    if (!ENV_NAME.test(k)) continue;
    for (const eco of FALLBACK_ORDER) {
      if (eco !== ecosystem && Object.hasOwn(TABLE[eco], k)) return { doc: TABLE[eco][k], key: k, ecosystem: eco };
    }
  }
  return undefined;
}

const ROLE_TEXT: Record<SymbolRole, string> = {
  host: 'the SMTP server host',
  port: 'the SMTP server port',
  tls: 'the encryption of the connection',
  auth: 'whether to log in to the SMTP server',
  user: 'the SMTP user name',
  password: 'the SMTP password',
  verify: 'certificate verification',
  mailer: 'which mailer sends mail',
  dsn: 'the mail transport DSN',
  other: 'a mail setting',
};

/** Markdown for a hover on a setting's key. Never includes the setting's value. */
export function keyHoverMarkdown(ecosystem: EcosystemId, key: string, role: SymbolRole): string {
  const found = keyDoc(ecosystem, key);
  const label = ecosystemLabel(found?.ecosystem ?? ecosystem);
  const lines = [`**\`${found?.key ?? bareKey(key)}\`** (${label})`, ''];
  if (!found) {
    lines.push(`Sets ${ROLE_TEXT[role]}.`);
    return lines.join('\n');
  }
  const { doc } = found;
  lines.push(doc.meaning);
  if (doc.values) lines.push('', `**Values:** ${doc.values}`);
  if (doc.default) lines.push('', `**Default:** ${doc.default}`);
  if (doc.note) lines.push('', `**Note:** ${doc.note}`);
  return lines.join('\n');
}
