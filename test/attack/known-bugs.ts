// Bugs these tests found in code owned by others, each with the signature its property violations carry. The property
// tests and the fuzz script sort violations into "known bug <id>" and "new": property tests fail only on new ones
// (so the suite stays green while a known bug waits), and every known bug also has its own minimal reproducer marked
// `todo` in the test files. When a bug is fixed its todo test starts passing: remove the todo and the entry here.
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

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'redact-lone-surrogate',
    summary:
      'engine/redact.ts redact(): encodeURIComponent throws URIError on a secret holding a lone UTF-16 surrogate ' +
      '(a JSON "\\ud800" escape, or any LSP document), so lintText throws and the CLI aborts the whole run.',
    matches: (v) => /URI malformed/.test(v.detail),
  },
  {
    id: 'dotenv-empty-colon-value',
    summary:
      'formats/dotenv/parse.ts: for `KEY: ` (colon form, empty value) the value span sits right after the colon, so a ' +
      'fix that sets the value writes `KEY:tls`, which dotenv does not read (the colon form needs whitespace): the key is lost.',
    matches: (v, format, text) => {
      const key = /^dotenv lost the key (\S+)$/.exec(v.detail)?.[1];
      return format === 'dotenv' && v.property === 'fix-keeps-keys' && !!key && new RegExp(`^[ \\t]*(export[ \\t]+)?${key.replace(/[.]/g, '\\.')}[ \\t]*:[ \\t]*$`, 'm').test(text);
    },
  },
  {
    id: 'dotenv-remove-first-line-drops-bom',
    summary: 'formats/dotenv/index.ts removeEntry(): removing a duplicate on the first line starts at offset 0 and deletes the BOM with it.',
    matches: (v, format) => format === 'dotenv' && v.property === 'fix-keeps-bom',
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
    id: 'ruby-fixes-on-broken-syntax',
    summary:
      'formats/ruby: on a half-typed file (an unclosed string before the settings hash ends) the transport fix inserts ' +
      '`:port => 587, :enable_starttls => true` into the broken text; the settings are read the same way again, so every ' +
      'pass inserts them again (never converges) and the file loses its final newline.',
    matches: (v, format) => format === 'ruby' && (v.property === 'fix-idempotent' || v.property === 'fix-keeps-final-newline'),
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
