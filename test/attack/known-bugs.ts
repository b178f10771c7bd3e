// Bugs these tests found in code owned by others, each with the signature its property violations carry. The property
// tests and the fuzz script sort violations into "known bug <id>" and "new": property tests fail only on new ones
// (so the suite stays green while a known bug waits), and every known bug also has its own minimal reproducer marked
// `todo` in the test files. When a bug is fixed its todo test starts passing: remove the todo and the entry here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Violation } from './invariants';

/**
 * Does the language's own tool reject the text? Used only to classify a violation (rare), so a process per call is
 * fine. Undefined when the tool is not installed.
 */
function rejectedBy(format: string, text: string): boolean | undefined {
  const tool: Record<string, [string, string, (f: string) => string[]]> = {
    php: ['php', 'x.php', (f) => ['-l', f]],
    ruby: ['ruby', 'x.rb', (f) => ['-c', f]],
    python: ['python3', 'x.py', (f) => ['-m', 'py_compile', f]],
  };
  const t = tool[format];
  if (!t) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-syntax-'));
  try {
    const file = join(dir, t[1]);
    writeFileSync(file, text);
    const r = spawnSync(t[0], t[2](file), { encoding: 'utf8' });
    return r.error ? undefined : r.status !== 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface KnownBug {
  id: string;
  /** Where it lives and what goes wrong, for the report. */
  summary: string;
  matches(v: Violation, format: string, text: string): boolean;
}

const FIX_SHAPE = new Set(['fix-idempotent', 'fix-keeps-final-newline', 'fix-is-local', 'fix-reference-parse']);

export const KNOWN_BUGS: readonly KnownBug[] = [
  {
    id: 'fixes-on-broken-syntax',
    summary:
      'formats javascript, ruby, php (python and the JSON formats were fixed during this work; ruby and php in part): ' +
      'fixes are offered on files with syntax errors (a half-typed string, a truncated file, a stray `${`); the ' +
      'recovering parser reads the settings the same way after the edit, so every pass inserts ' +
      '`port: 587, secure: false, requireTLS: true` / `:port => 587` / `$mail->Port = 587;` again (never converges) ' +
      'inside the broken text, and the final newline goes.',
    matches: (v, format, text) => FIX_SHAPE.has(v.property) && (format === 'javascript' || ((format === 'ruby' || format === 'php' || format === 'python') && rejectedBy(format, text) === true)),
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
    id: 'unterminated-string-crlf-span',
    summary:
      'formats app-yaml, compose (python fixed during this work): the value span of an unterminated quoted string in a CRLF file ends between ' +
      'the \\r and the \\n (the editor shows the range past the line end; a fix edit there splits the line break).',
    matches: (v, format) => ['python', 'app-yaml', 'compose'].includes(format) && v.property === 'span-in-document' && v.detail.includes('splits a \\r\\n'),
  },
  {
    id: 'compose-overlapping-fix-edits',
    summary:
      'formats/compose: for a list item with an unterminated quote in a CRLF file, one preferred fix carries two edits at ' +
      'the same offset inside a \\r\\n; applyEdits rejects them, so fixAll throws (the CLI reports the file, the editor ' +
      'gets no fix-all).',
    matches: (v, format) => format === 'compose' && v.property === 'fix-no-throw' && /overlapping or out-of-range edit/.test(v.detail),
  },
  {
    id: 'dsn-unencoded-query-char-fix-loop',
    summary:
      'engine/dsn.ts: in a DSN whose password holds an unencoded `?` (smtp://user:pa?ss@host:587), the STARTTLS fix ' +
      'appends `?require_tls=1` on every pass (five per --fix run): the query is looked for after the `?` in the password.',
    matches: (v, _format, text) => v.property === 'fix-idempotent' && /[a-z+]+:\/\/[^\s@/]*\?[^\s@]*@/.test(text),
  },
  {
    id: 'slow-php-parser-recovery',
    summary:
      'php-parser 3.7.0 error recovery is super-linear on a run of `a.a.a.` in a parameter list (4,000 links: 0.7 s per ' +
      'parse; beyond about 8,000 it overflows the stack instead); a fuzz case that lints and fixes such a file takes >5 s.',
    matches: (v, format) => format === 'php' && v.property === 'fast',
  },
  {
    id: 'slow-js-lezer-operator-run',
    summary:
      '@lezer/javascript error recovery is quadratic on long runs of operators or broken object openers (12,000 `*`: ' +
      '2 s; a 100 KB run: minutes); the JavaScript format parses without a budget. lezer can parse incrementally ' +
      '(startParse / advance) and stop after a time or step budget.',
    matches: (v, format) => format === 'javascript' && v.property === 'fast',
  },
  {
    id: 'deep-nesting-throws',
    summary:
      'formats/php (phpmailer.ts walk, recursive) and formats/ruby (recursive parser, a 15,000-link call chain) throw ' +
      'RangeError on deeply nested input (wp-plugin-json fixed in 821569f); lintText reports the file as "could not ' +
      'parse", so a directory walk skips it silently.',
    matches: (v) => v.property === 'parser-no-throw' && /Maximum call stack/.test(v.detail),
  },
];

export function knownBugOf(v: Violation, format: string, text: string): KnownBug | undefined {
  return KNOWN_BUGS.find((b) => b.matches(v, format, text));
}
