// Bugs these tests found in code owned by others, each with the signature its property violations carry. The property
// tests and the fuzz script sort violations into "known bug <id>" and "new": property tests fail only on new ones
// (so the suite stays green while a known bug waits), and every known bug also has its own minimal reproducer marked
// `todo` in the test files. When a bug is fixed its todo test starts passing: remove the todo and the entry here.
import { Engine } from 'php-parser';
import type { Violation } from './invariants';

export interface KnownBug {
  id: string;
  /** Where it lives and what goes wrong, for the report. */
  summary: string;
  matches(v: Violation, format: string, text: string): boolean;
}

function jsonParses(text: string): boolean {
  try {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    // An export keeps the settings as JSON text in "data": that must parse too.
    const data = (v as { data?: unknown } | null)?.data;
    if (typeof data === 'string' && /^\s*[{[]/.test(data)) JSON.parse(data);
    return true;
  } catch {
    return false;
  }
}

/** PHP that php-parser rejects in strict mode (the mode that stops at the first error instead of recovering). */
function phpBroken(text: string): boolean {
  try {
    new Engine({ parser: { suppressErrors: false, php8: true }, ast: { withPositions: false } }).parseCode(text, 'x.php');
    return false;
  } catch {
    return true;
  }
}

const FIX_SHAPE = new Set(['fix-idempotent', 'fix-keeps-final-newline', 'fix-is-local', 'fix-reference-parse']);

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'fixes-on-broken-syntax',
    summary:
      'formats php, ruby, python: fixes are offered on files with syntax errors (a half-typed string, an unclosed ' +
      'comment); the recovering parser reads the settings the same way after the edit, so every pass inserts ' +
      '`$mail->Port = 587;` / `:port => 587` / `EMAIL_USE_TLS = True` again (never converges), edits land inside the ' +
      'broken text or remove whole comment blocks, and the final newline goes.',
    matches: (v, format, text) => FIX_SHAPE.has(v.property) && (format === 'ruby' || format === 'python' || (format === 'php' && phpBroken(text))),
  },
  {
    id: 'dotenv-laravel-flask-fix-pingpong',
    summary:
      'env/profiles.ts: a .env with Laravel keys (MAIL_DRIVER / MAIL_MAILER / MAIL_ENCRYPTION) and Flask-Mail keys ' +
      '(MAIL_SERVER / MAIL_USE_SSL) yields two profiles sharing MAIL_PORT whose tls-port-mismatch fixes contradict: ' +
      'each pass flips MAIL_PORT between 465 and 587, so --fix never settles.',
    matches: (v, format, text) =>
      format === 'dotenv' && v.property === 'fix-idempotent' && /\bMAIL_(USE_SSL|USE_TLS|SERVER)\b/.test(text) && /\bMAIL_(DRIVER|MAILER|ENCRYPTION|SCHEME|HOST)\b/.test(text),
  },
  {
    id: 'python-unterminated-string-crlf-span',
    summary: 'formats/python: the value span of an unterminated string in a CRLF file ends between the \\r and the \\n.',
    matches: (v, format) => format === 'python' && v.property === 'span-in-document' && v.detail.includes('splits a \\r\\n'),
  },
  {
    id: 'app-yaml-insert-duplicate-parent',
    summary:
      'formats/app-yaml: when a parent key the fix needs (`properties:`) exists but holds a scalar, the fix inserts a ' +
      'second `properties:` mapping: the YAML then has a duplicate key and no longer loads.',
    matches: (v, format) => format === 'app-yaml' && v.property === 'fix-reference-parse' && /Map keys must be unique/.test(v.detail),
  },
  {
    id: 'php-remove-last-statement-adds-newline',
    summary:
      'formats/php/edits.ts removeStatement(): removing the last statement of a file without a final newline leaves ' +
      'the previous line break, so the fixed file gains a final newline.',
    matches: (v, format) => format === 'php' && v.property === 'fix-keeps-final-newline',
  },
  {
    id: 'json-fixes-on-broken-json',
    summary:
      'formats/wp-plugin-json: fixes are offered for JSON with syntax errors (outer file or an export\'s inner "data"); ' +
      'jsonc-parser recovers differently than the edits assume, so edits land after the closing brace or inside ' +
      'broken text, and each --fix pass inserts the same keys again (never converges).',
    matches: (v, format, text) => format === 'wp-plugin-json' && v.property.startsWith('fix-') && !jsonParses(text),
  },
  {
    id: 'deep-nesting-throws',
    summary:
      'formats/php (phpmailer.ts walk, recursive) and formats/wp-plugin-json throw RangeError on deeply nested input ' +
      '(thousands of nested `@`, `(` or `[`); lintText reports the file as "could not parse", so a directory walk skips it silently.',
    matches: (v) => v.property === 'parser-no-throw' && /Maximum call stack/.test(v.detail),
  },
];

export function knownBugOf(v: Violation, format: string, text: string): KnownBug | undefined {
  return KNOWN_BUGS.find((b) => b.matches(v, format, text));
}
