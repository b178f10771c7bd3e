// The engine's data model: formats turn a file into mail profiles, rules judge profiles, fixes are text edits.
// Everything here is plain data with offsets into the file text; no editor or file-system types.

/** Half-open range of UTF-16 offsets into the document text (the same unit LSP positions use). */
export interface Span {
  start: number;
  end: number;
}

export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export type RuleId =
  | 'port-25'
  | 'missing-tls'
  | 'tls-not-enforced'
  | 'tls-port-mismatch'
  | 'tls-verify-disabled'
  | 'auth-disabled'
  | 'plaintext-password'
  | 'invalid-port'
  | 'provider-port'
  | 'duplicate-setting';

/**
 * Where a value came from.
 * - literal: written in the file as the value itself.
 * - fallback: the default of an environment lookup (`getenv('X') ?: 25`, `${X:-25}`); the runtime value may differ.
 * - default: not written; the ecosystem's documented default applies.
 * - implied: derived from another setting (a DSN scheme without a port, a host with an `ssl://` prefix).
 */
export type ValueOrigin = 'literal' | 'fallback' | 'default' | 'implied';

export interface Setting<T> {
  value: T;
  origin: ValueOrigin;
  /** The setting's name as the user wrote it: `WPMS_SMTP_PORT`, `MAIL_PORT`, `$phpmailer->Port`, `smtp.port`. */
  key: string;
  /** Where the value is written. Absent for defaults. */
  span?: Span;
  /** Where the key is written. */
  keySpan?: Span;
  /** For fallbacks: the lookup, e.g. `getenv('SMTP_PORT')`. Never a secret. */
  reference?: string;
}

/** How the connection is protected, normalised across ecosystems. */
export type TlsMode =
  | 'none' // never encrypts
  | 'opportunistic' // STARTTLS when the server offers it, plaintext otherwise
  | 'starttls' // STARTTLS required
  | 'implicit'; // TLS from the first byte (SMTPS)

/** A password or key: literal text in the file, a reference to something else (env var, secret store), or empty. */
export interface SecretValue {
  kind: 'literal' | 'reference' | 'empty';
  /** The literal text. Rules may inspect it; it must never reach any output. */
  text: string;
}

export type EcosystemId =
  | 'wp-mail-smtp'
  | 'easy-wp-smtp'
  | 'wp-smtp-constants' // generic SMTP_* constants used by phpmailer_init snippets
  | 'phpmailer'
  | 'laravel'
  | 'symfony'
  | 'django'
  | 'generic-env' // SMTP_HOST/SMTP_PORT/... in .env
  | 'fluentsmtp'
  | 'post-smtp'
  | (string & {}); // formats added later bring their own ids

/** Edits a format knows how to make on one profile. Rules call these; they never write text themselves. */
export interface ProfileEditor {
  /**
   * Make the profile connect on `port` with `mode`, changing (or inserting, next to the port, in the file's style)
   * every setting that must change with it. Returns undefined when this format cannot express it.
   */
  setTransport?(port: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined;
  /** Turn certificate verification back on for one of `verifyDisabled` (remove or flip the switch). */
  enableVerification?(switchSetting: Setting<string>): TextEdit[] | undefined;
}

export interface MailProfile {
  /** Names this profile in messages: "WP Mail SMTP constants", "MAILER_DSN", "phpmailer_init callback". */
  label: string;
  ecosystem: EcosystemId;
  /** False when the configured mailer does not use SMTP at all (PHP mail(), Laravel `log`, WPMS_ON not true). */
  active: boolean;
  inactiveReason?: string;
  host?: Setting<string>;
  /** A number when the text is an integer (possibly out of range), else the text as written. */
  port?: Setting<number | string>;
  /** The effective mode for the configured port. */
  tls: Setting<TlsMode>;
  /** The stack picks implicit TLS on 465 by itself (Symfony smtp://, Nodemailer without `secure`): no mismatch. */
  tlsFromPort?: boolean;
  /**
   * The mode depends on a program we cannot see (a generic `SMTP_SECURE=false` read by an unknown app):
   * rules that judge the mode stay quiet.
   */
  tlsGuessed?: boolean;
  /** Each setting that disables certificate or host-name checks; value describes it (`verify_peer false`). */
  verifyDisabled: Setting<string>[];
  auth?: Setting<boolean>;
  user?: Setting<string>;
  password?: Setting<SecretValue>;
  /** The format keeps secrets here in files meant to hold them (.env): no plaintext-password finding. */
  secretsFile?: boolean;
  /** Where to report a finding that has no better place (the mailer switch, the DSN, the first setting). */
  anchor: Span;
  edit: ProfileEditor;
}

/** The same setting written twice in one file. */
export interface DuplicateSetting {
  key: string;
  winner: Span;
  loser: Span;
  /** "the first define() wins", "the last value wins (dotenv)". */
  rule: string;
  /** Edits that remove the losing definition. */
  removal: TextEdit[];
}

export type SymbolRole = 'host' | 'port' | 'tls' | 'auth' | 'user' | 'password' | 'verify' | 'mailer' | 'dsn' | 'other';

/** One recognised setting occurrence, for hovers: a key, its value, and what it means. */
export interface SettingSymbol {
  key: string;
  role: SymbolRole;
  ecosystem: EcosystemId;
  keySpan?: Span;
  valueSpan?: Span;
}

export type FormatId = 'php' | 'dotenv' | 'wp-plugin-json' | (string & {});

/** What a format makes of one file. */
export interface ParsedFile {
  format: FormatId;
  profiles: MailProfile[];
  duplicates: DuplicateSetting[];
  symbols: SettingSymbol[];
  /** Spans of comments, where suppression directives may live. */
  comments: Span[];
  /** Line-comment token for inserting directives; undefined when the format has no comments (JSON). */
  lineComment?: string;
  /** Every literal secret the file holds (passwords, keys, DSN user info): redacted from all output. */
  secrets: string[];
  /** Why the file was recognised but not linted (e.g. a JSON file that is not a plugin dump). */
  skipped?: string;
}

export interface ParseContext {
  path: string;
  /** Facts found next to the file (composer.lock): decide version-dependent semantics. */
  hints: ProjectHints;
}

export interface ProjectHints {
  /** laravel/framework version from a composer.lock nearby, e.g. "11.35.1". */
  laravelVersion?: string;
}

export interface Format {
  id: FormatId;
  /** Cheap: may a file with this path hold this format? */
  matchesPath(path: string): boolean;
  /** Cheap content test for files whose name alone does not decide (a JSON dump with any name). */
  sniff?(text: string): boolean;
  parse(text: string, ctx: ParseContext): ParsedFile;
}

export interface RelatedInfo {
  span: Span;
  message: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  preferred?: boolean;
}

export interface Finding {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  span: Span;
  related: RelatedInfo[];
  fixes: Fix[];
}

export interface RuleMeta {
  id: RuleId;
  title: string;
  defaultSeverity: Severity;
  fixable: boolean;
  /** One sentence: what the rule flags. */
  description: string;
}

export interface RuleOptions {
  localHosts: string[];
}

export interface RuleContext {
  file: ParsedFile;
  path: string;
  options: RuleOptions;
  report(finding: Omit<Finding, 'ruleId' | 'severity'>): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}
