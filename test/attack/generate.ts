// Inputs for the robustness tests and the fuzz script: the fixture files, seeded mutations of them (truncation,
// deletion, duplication, hostile tokens, line-ending and BOM changes, invalid UTF-8, long lines, deep nesting) and
// generated configs for every format with planted secrets. Everything is driven by a small seeded PRNG so a case is
// reproduced from (seed, case number) alone; mutations are plain JSON so a failure can be printed and replayed.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A format id as the engine names it; fixtures live in test/fixtures/<format id>/. */
export type FormatName = string;
/** Formats with a config generator here (the others are exercised through their fixtures when they have some). */
export const GENERATED_FORMATS: readonly FormatName[] = ['dotenv', 'php', 'wp-plugin-json'];

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** A file to lint: its text, the path that decides its format, and where it came from. */
export interface Sample {
  format: FormatName;
  path: string;
  text: string;
  label: string;
}

// ---- PRNG ---------------------------------------------------------------------------------------------------------

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast, good enough to spread cases; the same seed always gives the same stream. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * Math.max(0, n));
  return { next, int, pick: (items) => items[int(items.length)], chance: (p) => next() < p };
}

// ---- Fixtures -----------------------------------------------------------------------------------------------------

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? filesUnder(p) : [p];
    });
}

/**
 * Every fixture file, golden fixes included (their inputs are the most fixable files we have), with the format named
 * by its folder. Sidecar files (`.expect`, notes) are left out.
 */
export function fixtureSamples(root = FIXTURES): Sample[] {
  const out: Sample[] = [];
  for (const path of filesUnder(root)) {
    const label = relative(root, path);
    if (/\.(expect|md)$/.test(path)) continue;
    out.push({ format: label.split(/[\\/]/)[0], path, text: readFileSync(path, 'utf8'), label });
  }
  return out;
}

// ---- Mutations ----------------------------------------------------------------------------------------------------

/** One change to a text; positions are UTF-16 offsets (or byte offsets for `bytes`) into the text it applies to. */
export type Mutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'duplicate'; at: number; len: number; to: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'eol'; style: 'crlf' | 'cr' | 'lf' | 'mixed'; seed: number }
  | { kind: 'bom' }
  | { kind: 'strip-final-eol' }
  | { kind: 'bytes'; at: number; bytes: number[] }
  | { kind: 'repeat'; at: number; text: string; times: number }
  | { kind: 'number'; at: number; value: string };

/** Tokens that open, close or confuse something in at least one of the grammars. */
export const HOSTILE_TOKENS: readonly string[] = [
  '"', "'", '`', '\\', '\\"', "\\'", '\\n', '#', '# ', '\n', '\r\n', '\r', '\uFEFF', '\u0000', '\uFFFD', '\uD800', '\uDC00',
  '\u{1F600}', '\u2028', '\u00A0', '\t', ' ', '=', ' = ', ':', ': ', '${', '${MAIL_PORT:-25}', '}', '$', '%env(X)%', '@', '//', '/*', '*/',
  '/**', '?>', '<?php', '<?php\n', '<?=', '<<<EOT\n', "<<<'EOT'\n", '\nEOT;\n', '{', '[', ']', '(', ')', ',', ';', '->', '::',
  'smtp://', 'smtps://', 'smtp://user:pass@host:25', 'failover(smtp://a:25 smtp://b:465)', '?verify_peer=0', '&', '%40',
  'export ', 'define(', "define('WPMS_SMTP_PORT', 25);", "define( 'WPMS_ON', true );", '$phpmailer->Port = 25;',
  '$phpmailer->SMTPSecure = "ssl";', "add_action('phpmailer_init', function($phpmailer) {", '});', 'new PHPMailer(true);',
  'MAIL_PORT=25\n', 'MAIL_HOST=smtp.mailgun.org\n', 'MAILER_DSN=smtp://u:p@smtp.example.com:25\n', 'EMAIL_URL=smtp://u:p@h:25\n',
  'SMTP_HOST=smtp.gmail.com\n', 'SMTP_PORT=25\n', '"port": 25', '"port":"465"', '"host":"smtp.gmail.com"', '"pass":"x"',
  '"smtp":{', '"mail":{"mailer":"smtp"}', '"data":"{\\"smtp\\":{\\"port\\":25}}"', '\\u0041', '\\/', '\\\\',
  '25', '465', '587', '2525', '0', '-1', '65536', '99999999999', '1e3', '0x19', 'true', 'false', 'null', 'TRUE', 'yes', 'no',
  'ssl://', 'tls://', 'tls', 'ssl', 'starttls', 'none', 'localhost', 'smtp.gmail.com', 'smtp.sendgrid.net',
  'smtp-lint-disable-next-line', 'smtp-lint-disable-next-line port-25', 'smtp-lint-disable-file', 'smtp-lint-disable-line',
];

/** Characters for long runs: each one is the worst case of some regular expression or scanner. */
export const RUN_CHARS: readonly string[] = [
  'a', ' ', '\t', '\n', '\r\n', '"', "'", '\\', '\\"', '#', '-', '.', 'a.', ':', '@', '/', '(', '[', '{', '{"a":', '[[', '((', 'x', '*', '%', '$', '=', '0', '\uFFFD',
];

function clampAt(text: string, at: number): number {
  return Math.max(0, Math.min(text.length, at));
}

export function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, clampAt(text, m.at));
    case 'delete': {
      const at = clampAt(text, m.at);
      return text.slice(0, at) + text.slice(clampAt(text, at + m.len));
    }
    case 'duplicate': {
      const at = clampAt(text, m.at);
      const piece = text.slice(at, clampAt(text, at + m.len));
      const to = clampAt(text, m.to);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'insert': {
      const at = clampAt(text, m.at);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'repeat': {
      const at = clampAt(text, m.at);
      return text.slice(0, at) + m.text.repeat(m.times) + text.slice(at);
    }
    case 'eol': {
      const r = rng(m.seed);
      const lines = text.split(/\r\n|\r|\n/);
      const eols = { crlf: ['\r\n'], cr: ['\r'], lf: ['\n'], mixed: ['\n', '\r\n', '\r'] }[m.style];
      return lines.reduce((acc, line, i) => (i === 0 ? line : acc + r.pick(eols) + line), '');
    }
    case 'bom':
      return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
    case 'strip-final-eol': {
      // A loop, not /(\r\n|\r|\n)+$/: that pattern backtracks exponentially on many \r\n before other text.
      let end = text.length;
      while (end > 0 && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
      return text.slice(0, end);
    }
    case 'bytes': {
      // Overwrite raw bytes of the UTF-8 encoding and decode as the CLI does: invalid sequences become U+FFFD.
      const buf = Buffer.from(text, 'utf8');
      const at = Math.max(0, Math.min(buf.length, m.at));
      const patched = Buffer.concat([buf.subarray(0, at), Buffer.from(m.bytes), buf.subarray(Math.min(buf.length, at + m.bytes.length))]);
      return patched.toString('utf8');
    }
    case 'number': {
      const re = /\d+/g;
      re.lastIndex = clampAt(text, m.at);
      const found = re.exec(text);
      return found ? text.slice(0, found.index) + m.value + text.slice(found.index + found[0].length) : text;
    }
  }
}

export function applyMutations(text: string, ms: readonly Mutation[]): string {
  return ms.reduce(applyMutation, text);
}

const NUMBERS = ['25', '465', '587', '2525', '0', '1', '65535', '65536', '-25', '99999999999', '025', '2 5', '', '4e2', '0x1d3'];

/** A random mutation that fits `text` (positions inside it). */
export function randomMutation(r: Rng, text: string): Mutation {
  const at = r.int(text.length + 1);
  const len = 1 + r.int(r.chance(0.8) ? 12 : 400);
  switch (r.int(12)) {
    case 0:
      return { kind: 'truncate', at };
    case 1:
      return { kind: 'delete', at, len };
    case 2:
      return { kind: 'duplicate', at, len, to: r.int(text.length + 1) };
    case 3:
    case 4:
    case 5:
      return { kind: 'insert', at, text: r.pick(HOSTILE_TOKENS) };
    case 6:
      return { kind: 'eol', style: r.pick(['crlf', 'cr', 'lf', 'mixed'] as const), seed: r.int(2 ** 31) };
    case 7:
      return r.chance(0.5) ? { kind: 'bom' } : { kind: 'strip-final-eol' };
    case 8: {
      const bytes = Array.from({ length: 1 + r.int(4) }, () => r.pick([0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xf0, 0xf4, 0xf8, 0xff, 0x00, r.int(256)]));
      return { kind: 'bytes', at: r.int(Buffer.byteLength(text, 'utf8') + 1), bytes };
    }
    case 9:
      return { kind: 'repeat', at, text: r.pick(RUN_CHARS), times: r.chance(0.7) ? 1 + r.int(64) : 500 + r.int(4000) };
    case 10:
      return { kind: 'number', at, value: r.pick(NUMBERS) };
    default:
      return { kind: 'insert', at, text: randomText(r, 1 + r.int(24)) };
  }
}

/** 1 to `max` random mutations, each chosen against the text the previous ones produced. */
export function randomMutations(r: Rng, text: string, max = 4): Mutation[] {
  const out: Mutation[] = [];
  let current = text;
  const n = 1 + r.int(max);
  for (let i = 0; i < n; i++) {
    const m = randomMutation(r, current);
    out.push(m);
    current = applyMutation(current, m);
  }
  return out;
}

/** Random characters, weighted towards the ones grammars care about. */
export function randomText(r: Rng, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const k = r.int(10);
    if (k < 4) s += r.pick(['"', "'", '`', '\\', '#', '=', ':', '/', '*', '@', '$', '{', '}', '[', ']', '(', ')', ',', ';', '<', '>', '?', '&', '%', ' ', '\t', '\n', '\r']);
    else if (k < 8) s += String.fromCharCode(0x20 + r.int(0x5f));
    else if (k < 9) s += String.fromCharCode(r.int(0x20));
    else s += String.fromCharCode(r.chance(0.5) ? 0x80 + r.int(0x780) : 0xd800 + r.int(0x800)); // incl. lone surrogates
  }
  return s;
}

// ---- Generated configs with planted secrets ------------------------------------------------------------------------

/** Realistic secrets of the kinds the issue names; each is distinctive so a leak is found by plain substring search. */
export const SECRET_KINDS: readonly { kind: string; make: (n: number) => string }[] = [
  { kind: 'smtp password', make: (n) => `Plnt-SMTP-pw-${n}-Qx7` },
  { kind: 'sendgrid key', make: (n) => `SG.plntKey${n}AbCdEfGh.IjKlMnOpQrStUvWxYz${n}0123` },
  { kind: 'resend key', make: (n) => `re_plnt${n}_9fK2mQ7vLx3Rt8Wz` },
  { kind: 'mailgun key', make: (n) => `key-plnt${n}a1b2c3d4e5f6a7b8c9d0e1f2` },
  { kind: 'ses smtp password', make: (n) => `BPlnt${n}Vx3kQ9mZ+L2sT8rW0yH4jN6pC1fA5gE7uD9` },
  { kind: 'password with symbols', make: (n) => `p@ss:w/rd%${n}#x?y&z` },
];

export interface GeneratedDoc extends Sample {
  /** Literal secrets written into password or key positions: none may appear in any output. */
  secrets: string[];
}

const HOSTS = ['smtp.gmail.com', 'smtp.sendgrid.net', 'smtp.mailgun.org', 'email-smtp.eu-west-1.amazonaws.com', 'smtp.resend.com', 'smtp.office365.com', 'mail.example.com', 'localhost', '127.0.0.1', 'mailhog', 'sandbox.smtp.mailtrap.io', 'smtp.example.com', '10.0.0.5', ''];
const PORTS = ['25', '465', '587', '2525', '1025', '0', '70000', 'abc', ''];
const ENC = ['tls', 'ssl', 'starttls', 'null', 'none', '', 'TLS'];
const BOOLS = ['true', 'false', 'True', 'False', '1', '0', 'yes', 'no', ''];

function secretFor(r: Rng, planted: string[]): string {
  const s = r.pick(SECRET_KINDS).make(r.int(1000));
  planted.push(s);
  return s;
}

function eolOf(r: Rng): string {
  return r.pick(['\n', '\n', '\r\n', '\r']);
}

function dsn(r: Rng, planted: string[], schemes: readonly string[]): string {
  const scheme = r.pick(schemes);
  const user = r.chance(0.7) ? encodeURIComponent(r.pick(['apikey', 'user@example.com', 'postmaster', 'u'])) : '';
  const pass = r.chance(0.8) ? encodeURIComponent(secretFor(r, planted)) : '';
  const auth = user || pass ? `${user}${pass ? `:${pass}` : ''}@` : '';
  const host = r.pick(HOSTS) || 'default';
  const port = r.chance(0.7) ? `:${r.pick(PORTS.filter(Boolean))}` : '';
  const params = r.chance(0.4) ? `?${r.pick(['verify_peer=0', 'verify_peer=false', 'auto_tls=false', 'require_tls=1', 'local_domain=x'])}` : '';
  return `${scheme}://${auth}${host}${port}${params}`;
}

function dotenvValue(r: Rng, v: string): string {
  const q = r.pick(['', '', '"', "'", '`']);
  return q && !v.includes(q) && !/[\r\n]/.test(v) ? `${q}${v}${q}` : v;
}

const DOTENV_KEYS: Record<string, (r: Rng, planted: string[]) => string> = {
  MAIL_MAILER: (r) => r.pick(['smtp', 'log', 'ses', 'sendmail', 'array', '']),
  MAIL_DRIVER: (r) => r.pick(['smtp', 'log']),
  MAIL_HOST: (r) => r.pick(HOSTS),
  MAIL_PORT: (r) => r.pick([...PORTS, '${SMTP_PORT:-25}', '${SMTP_PORT}']),
  MAIL_ENCRYPTION: (r) => r.pick(ENC),
  MAIL_SCHEME: (r) => r.pick(['smtp', 'smtps', '']),
  MAIL_USERNAME: (r) => r.pick(['apikey', 'user@example.com', '']),
  MAIL_PASSWORD: (r, p) => (r.chance(0.85) ? secretFor(r, p) : r.pick(['', 'null', '${SMTP_PASSWORD}', 'your-password'])),
  MAIL_URL: (r, p) => dsn(r, p, ['smtp', 'smtps']),
  MAILER_DSN: (r, p) => (r.chance(0.15) ? `failover(${dsn(r, p, ['smtp'])} ${dsn(r, p, ['smtps'])})` : dsn(r, p, ['smtp', 'smtps', 'sendgrid+smtp', 'ses+smtp', 'null'])),
  EMAIL_URL: (r, p) => dsn(r, p, ['smtp', 'smtps', 'smtp+tls', 'smtp+ssl', 'consolemail']),
  EMAIL_BACKEND: (r) => r.pick(['django.core.mail.backends.smtp.EmailBackend', 'django.core.mail.backends.console.EmailBackend']),
  EMAIL_HOST: (r) => r.pick(HOSTS),
  EMAIL_PORT: (r) => r.pick(PORTS),
  EMAIL_USE_TLS: (r) => r.pick(BOOLS),
  EMAIL_USE_SSL: (r) => r.pick(BOOLS),
  EMAIL_HOST_USER: (r) => r.pick(['apikey', 'me@example.com']),
  EMAIL_HOST_PASSWORD: (r, p) => secretFor(r, p),
  MAIL_SERVER: (r) => r.pick(HOSTS),
  MAIL_USE_TLS: (r) => r.pick(BOOLS),
  MAIL_USE_SSL: (r) => r.pick(BOOLS),
  SMTP_HOST: (r) => r.pick(HOSTS),
  SMTP_PORT: (r) => r.pick(PORTS),
  SMTP_SECURE: (r) => r.pick([...ENC, ...BOOLS]),
  SMTP_SECURITY: (r) => r.pick(['starttls', 'force_tls', 'off']),
  SMTP_AUTH: (r) => r.pick(BOOLS),
  SMTP_USER: (r) => r.pick(['apikey', 'me@example.com']),
  SMTP_PASS: (r, p) => secretFor(r, p),
  SMTP_PASSWORD: (r, p) => secretFor(r, p),
  // Not mail settings: a fix must never change them.
  APP_KEY: () => 'base64:dGhpcyBpcyBub3QgYSByZWFsIGtleQ==',
  DB_PORT: (r) => r.pick(['3306', '5432']),
  DB_PASSWORD: () => 'db-secret-not-mail',
  APP_URL: () => 'https://example.com',
};

export function generateDotenv(r: Rng): GeneratedDoc {
  const planted: string[] = [];
  const eol = eolOf(r);
  const keys = Object.keys(DOTENV_KEYS);
  const family = r.pick([['MAIL_'], ['MAILER_DSN'], ['EMAIL_'], ['MAIL_SERVER', 'MAIL_USE', 'MAIL_PORT', 'MAIL_USERNAME', 'MAIL_PASSWORD'], ['SMTP_'], ['']]);
  const pool = keys.filter((k) => family.some((f) => k.startsWith(f)));
  const lines: string[] = [];
  const n = 2 + r.int(12);
  for (let i = 0; i < n; i++) {
    const roll = r.int(10);
    if (roll === 0) lines.push(r.pick(['', '# mail settings', '#MAIL_PORT=25', '   ', '# smtp-lint-disable-next-line port-25']));
    else {
      const key = r.pick(roll < 8 ? pool : keys);
      const value = DOTENV_KEYS[key](r, planted);
      const sep = r.pick(['=', '=', ' = ', '= ', ': ']);
      const exp = r.chance(0.1) ? 'export ' : '';
      const comment = r.chance(0.1) ? ' # note' : '';
      lines.push(`${exp}${key}${sep}${dotenvValue(r, value)}${comment}`);
    }
  }
  const name = r.pick(['.env', '.env', '.env.production', '.env.example', 'app.env', '.env.local']);
  const text = (r.chance(0.1) ? '\uFEFF' : '') + lines.join(eol) + (r.chance(0.8) ? eol : '');
  return { format: 'dotenv', path: `/generated/${name}`, text, label: `generated ${name}`, secrets: planted };
}

function phpString(r: Rng, v: string): string {
  return r.chance(0.5) ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$/g, '\\$')}"`;
}

function phpValue(r: Rng, role: string, planted: string[]): string {
  switch (role) {
    case 'host':
      return phpString(r, r.pick([...HOSTS.filter(Boolean), 'ssl://smtp.gmail.com', 'tls://smtp.office365.com:587']));
    case 'port':
      return r.pick(['25', '465', '587', "'25'", '"587"', '0', "getenv('SMTP_PORT') ?: 25", "(int) getenv('SMTP_PORT')", 'SMTP_PORT']);
    case 'secure':
      return r.pick(["'tls'", "'ssl'", "''", 'false', "'starttls'", 'PHPMailer::ENCRYPTION_STARTTLS', 'PHPMailer::ENCRYPTION_SMTPS']);
    case 'bool':
      return r.pick(['true', 'false', "'true'", '1', '0']);
    case 'pass':
      return r.chance(0.85) ? phpString(r, secretFor(r, planted)) : r.pick(["getenv('SMTP_PASS')", "''", "$_ENV['SMTP_PASS']"]);
    default:
      return phpString(r, r.pick(['smtp', 'mail', 'sendgrid', 'user@example.com']));
  }
}

const CONSTANTS: [string, string][] = [
  ['WPMS_ON', 'bool'], ['WPMS_MAILER', 'mailer'], ['WPMS_SMTP_HOST', 'host'], ['WPMS_SMTP_PORT', 'port'], ['WPMS_SSL', 'secure'],
  ['WPMS_SMTP_AUTOTLS', 'bool'], ['WPMS_SMTP_AUTH', 'bool'], ['WPMS_SMTP_USER', 'user'], ['WPMS_SMTP_PASS', 'pass'],
  ['EASY_WP_SMTP_ON', 'bool'], ['EASY_WP_SMTP_SMTP_HOST', 'host'], ['EASY_WP_SMTP_SMTP_PORT', 'port'], ['EASY_WP_SMTP_SSL', 'secure'], ['EASY_WP_SMTP_SMTP_PASS', 'pass'],
  ['SMTP_HOST', 'host'], ['SMTP_PORT', 'port'], ['SMTP_SECURE', 'secure'], ['SMTP_AUTH', 'bool'], ['SMTP_USER', 'user'], ['SMTP_PASS', 'pass'],
  ['DB_PASSWORD', 'user'],
];
const PROPS: [string, string][] = [
  ['Host', 'host'], ['Port', 'port'], ['SMTPSecure', 'secure'], ['SMTPAutoTLS', 'bool'], ['SMTPAuth', 'bool'], ['Username', 'user'], ['Password', 'pass'],
];

export function generatePhp(r: Rng): GeneratedDoc {
  const planted: string[] = [];
  const eol = r.pick(['\n', '\n', '\r\n']);
  const lines: string[] = ['<?php'];
  const style = r.int(3);
  if (style === 0) {
    const pool = CONSTANTS.filter(([k]) => r.chance(0.5) || k.startsWith(r.pick(['WPMS_', 'SMTP_', 'EASY_'])));
    for (let i = 0, n = 2 + r.int(10); i < n; i++) {
      const [k, role] = r.pick(pool.length ? pool : CONSTANTS);
      const def = r.pick([`define( '${k}', ${phpValue(r, role, planted)} );`, `define('${k}', ${phpValue(r, role, planted)});`, `const ${k} = ${phpValue(r, role, planted)};`]);
      lines.push(r.chance(0.1) ? `if ( ! defined( '${k}' ) ) { ${def} }` : def);
    }
  } else {
    const v = style === 1 ? '$phpmailer' : '$mail';
    const body: string[] = [];
    if (style === 2) body.push(`${v} = new PHPMailer(true);`);
    body.push(r.pick([`${v}->isSMTP();`, `${v}->Mailer = 'smtp';`, '']));
    for (let i = 0, n = 2 + r.int(7); i < n; i++) {
      const [p, role] = r.pick(PROPS);
      body.push(`${v}->${p} = ${phpValue(r, role, planted)};`);
    }
    if (r.chance(0.3)) body.push(`${v}->SMTPOptions = array( 'ssl' => array( 'verify_peer' => false, 'verify_peer_name' => ${r.pick(['false', 'true'])} ) );`);
    if (style === 1) lines.push("add_action( 'phpmailer_init', function ( $phpmailer ) {", ...body.map((b) => `\t${b}`), '} );');
    else lines.push('use PHPMailer\\PHPMailer\\PHPMailer;', ...body);
  }
  const name = r.pick(['wp-config.php', 'functions.php', 'mailer.php', 'wp-content/mu-plugins/smtp.php']);
  const text = lines.join(eol) + (r.chance(0.85) ? eol : '');
  return { format: 'php', path: `/generated/${name}`, text, label: `generated ${name}`, secrets: planted };
}

/** JSON plugin dumps: the fixture structures with leaf values re-rolled, keys dropped or repeated, any indentation. */
export function generateJson(r: Rng, templates: readonly Sample[]): GeneratedDoc {
  const planted: string[] = [];
  const candidates = templates.filter((t) => t.format === 'wp-plugin-json' && !t.path.endsWith('.fixed.json'));
  const template = r.pick(candidates);
  let value: unknown;
  try {
    value = JSON.parse(template.text.replace(/^\uFEFF/, ''));
  } catch {
    value = { smtp: { host: 'smtp.gmail.com', port: 25 } };
  }
  const reroll = (key: string, v: unknown): unknown => {
    if (typeof v === 'string' && /^[{[]/.test(v.trim())) {
      // An export's "data": JSON inside a string; re-roll inside and re-encode.
      try {
        return JSON.stringify(walk(JSON.parse(v)));
      } catch {
        return v;
      }
    }
    if (!r.chance(0.35)) return v;
    if (/pass|password|api_key|key$|secret|token/i.test(key)) return secretFor(r, planted);
    if (/host/i.test(key)) return r.pick(HOSTS);
    if (/port/i.test(key)) return r.chance(0.5) ? Number(r.pick(PORTS.filter((p) => /^\d+$/.test(p)))) : r.pick(PORTS);
    if (/enc|secur|type_encryption/i.test(key)) return r.pick([...ENC, 'none', 'ssl', 'tls']);
    if (/auth|autotls|auto_tls|insecure|verify/i.test(key)) return r.pick([true, false, 'yes', 'no', '1', '0', 1, 0]);
    return v;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        if (r.chance(0.05)) continue;
        out[k] = child && typeof child === 'object' ? walk(child) : reroll(k, child);
      }
      return out;
    }
    return v;
  };
  const indent = r.pick([0, 2, 4, '\t']);
  let text = JSON.stringify(walk(value), null, indent);
  if (r.chance(0.3)) text = text.replace(/\//g, '\\/'); // PHP's json_encode escapes slashes
  if (r.chance(0.2)) {
    // Repeat one property textually (JSON.parse keeps the last): a duplicate-setting candidate.
    const m = /"(port|host|encryption)"\s*:\s*("[^"]*"|\d+)/.exec(text);
    if (m) text = text.slice(0, m.index) + `${m[0]}, ` + text.slice(m.index);
  }
  const eol = r.pick(['\n', '\r\n']);
  text = text.replace(/\n/g, eol) + (r.chance(0.7) ? eol : '');
  const name = template.path.split('/').pop()!;
  return { format: 'wp-plugin-json', path: `/generated/${name}`, text, label: `generated from ${template.label}`, secrets: planted };
}

export function generateDocument(format: FormatName, r: Rng, templates: readonly Sample[]): GeneratedDoc {
  if (format === 'dotenv') return generateDotenv(r);
  if (format === 'php') return generatePhp(r);
  return generateJson(r, templates);
}
