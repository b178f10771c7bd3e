// PHP: wp-config.php (and variants, Bedrock config), plugins, mu-plugins, theme functions.php, any code that sets up
// PHPMailer, Laravel's config/mail.php and Nextcloud's config.php. Parsed with php-parser, so comments and strings
// never count as configuration.
import type { Format, ParsedFile, ProjectHints, SettingSymbol, Span } from '../../model';
import { LineIndex } from '../../text';
import { withoutEdits } from '../without-edits';
import { parsePhp, PhpTooDeep, spanOf, type PhpProgram } from './ast';
import { constantProfiles } from './constants';
import { laravelProfiles } from './laravel';
import { nextcloudProfiles } from './nextcloud';
import { phpMailerProfiles } from './phpmailer';
import { scanProgram } from './scan';

/**
 * Cheap content test, so that only files that can configure mail are parsed: the constants the formats read, the
 * PHPMailer properties and calls that configure SMTP, Laravel's mail config and Nextcloud's mail_smtp* keys.
 * (Merely mentioning PHPMailer, as WordPress's pluggable.php does, is not enough.)
 */
const SNIFF_CASE_SENSITIVE =
  /WPMS_|EASY_WP_SMTP_|\bSMTP_[A-Z]|->\s*(?:Host|Port|SMTPSecure|SMTPAutoTLS|SMTPAuth|SMTPOptions|Mailer|Username|Password)\b|->\s*set\s*\(\s*['"](?:Host|Port|SMTP|Mailer|Username|Password)|mail_smtp|['"]mailers['"]|\bMAIL_[A-Z]|add_(?:action|filter)\s*\(\s*['"]phpmailer_init|=>\s*['"]smtp['"]/;
const SNIFF_ANY_CASE = /issmtp\s*\(/i; // PHP method names are case-insensitive
/** PHPMailer's own classes: library code whose property defaults are not configuration. */
// [ \t], not \s: with ^ in multi-line mode, \s* would run over line breaks (quadratic on blank lines).
const LIBRARY_CLASS = /^[ \t]*(?:final[ \t]+|abstract[ \t]+)?class[ \t]+(?:PHPMailer|SMTP|POP3)\b/m;

function mayHoldMailSettings(text: string): boolean {
  // `includes` first: the line-anchored search tries every position of the text, on every keystroke.
  return (SNIFF_CASE_SENSITIVE.test(text) || SNIFF_ANY_CASE.test(text)) && !(text.includes('class') && LIBRARY_CLASS.test(text));
}

function emptyResult(): ParsedFile {
  return { format: 'php', profiles: [], duplicates: [], symbols: [], comments: [], lineComment: '//', secrets: [] };
}

export function parsePhpFile(text: string, path: string, hints: ProjectHints = {}): ParsedFile {
  let program;
  try {
    program = parsePhp(text, path);
  } catch (e) {
    // suppressErrors recovers from most broken code; what it cannot recover from is skipped, not fatal.
    return { ...emptyResult(), skipped: e instanceof PhpTooDeep || isStackOverflow(e) ? TOO_DEEP : `PHP could not be parsed: ${(e as Error).message}` };
  }
  try {
    return readProgram(text, program, path, hints);
  } catch (e) {
    // php-parser and the walks here recurse over the tree: thousands of nested expressions (`((((…`, `!!!!…`,
    // `$a ? $b : …`) exhaust the stack.
    if (isStackOverflow(e)) return { ...emptyResult(), skipped: TOO_DEEP };
    throw e;
  }
}

const TOO_DEEP = 'PHP not linted: code nested too deeply to read';

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

function readProgram(text: string, program: PhpProgram, path: string, hints: ProjectHints): ParsedFile {
  const result = emptyResult();
  for (const c of program.comments ?? []) {
    const s = spanOf(c);
    if (s) result.comments.push(trimLineBreak(text, s));
  }

  const scan = scanProgram(program, text);
  const index = new LineIndex(text);
  const constants = constantProfiles(text, index, scan.defines);
  const mailer = phpMailerProfiles(text, index, scan);

  // Array-shaped app configs: only the top-level statements are looked at, so other files pay nothing.
  const apps = [laravelProfiles(text, program, { path, hints }), nextcloudProfiles(text, program)].filter((a) => a !== undefined);

  result.profiles = [...constants.profiles, ...mailer.profiles, ...apps.flatMap((a) => a.profiles)];
  result.duplicates = [...constants.duplicates, ...apps.flatMap((a) => a.duplicates)];
  // Several profiles (host entries, branches) can share a setting: one symbol per written key.
  const symbols = new Map<string, SettingSymbol>();
  for (const s of [...constants.symbols, ...mailer.symbols, ...apps.flatMap((a) => a.symbols)]) symbols.set(`${s.key}@${s.keySpan?.start ?? -1}`, s);
  result.symbols = [...symbols.values()].sort((a, b) => (a.keySpan?.start ?? 0) - (b.keySpan?.start ?? 0));
  result.secrets = [...new Set([...constants.secrets, ...mailer.secrets, ...apps.flatMap((a) => a.secrets)])];
  // Half-typed code (an unclosed string or comment) is judged from what php-parser recovered, but not edited: the
  // recovered tree reads the same settings after an edit, so every fix pass would insert again, and its ranges can
  // fall inside the broken text.
  return (program.errors?.length ?? 0) > 0 || program.endsUnterminated ? withoutEdits(result) : result;
}

/** php-parser counts a line comment's line break as part of it; the comment ends before it. */
function trimLineBreak(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start: span.start, end };
}

export const phpFormat: Format = {
  id: 'php',
  matchesPath: (path) => /\.php$/i.test(path),
  sniff: mayHoldMailSettings,
  parse: (text, ctx) => parsePhpFile(text, ctx.path, ctx.hints),
};
