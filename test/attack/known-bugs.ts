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
      'formats ruby and php, remaining shapes (javascript, python and the JSON formats were fixed during this work, ruby ' +
      'and php in part): fixes are offered on files with syntax errors (a truncated file, a stray `${`); the ' +
      'recovering parser reads the settings the same way after the edit, so every pass inserts ' +
      '`port: 587, secure: false, requireTLS: true` / `:port => 587` / `$mail->Port = 587;` again (never converges) ' +
      'inside the broken text, and the final newline goes.',
    matches: (v, format, text) => FIX_SHAPE.has(v.property) && (format === 'ruby' || format === 'php' || format === 'python') && rejectedBy(format, text) === true,
  },
  {
    id: 'unterminated-string-crlf-span',
    summary:
      'formats/compose (python and app-yaml fixed during this work): the value span of an unterminated quoted string in a CRLF file ends between ' +
      'the \\r and the \\n (the editor shows the range past the line end; a fix edit there splits the line break).',
    matches: (v, format) => format === 'compose' && v.property === 'span-in-document' && v.detail.includes('splits a \\r\\n'),
  },
  {
    id: 'slow-php-parser-recovery',
    summary:
      'php-parser 3.7.0 error recovery is super-linear on a run of `a.a.a.` in a parameter list (4,000 links: 0.7 s per ' +
      'parse; beyond about 8,000 it overflows the stack instead); a fuzz case that lints and fixes such a file takes >5 s.',
    matches: (v, format) => format === 'php' && v.property === 'fast',
  },
  {
    id: 'ruby-insert-into-command-args',
    summary:
      'formats/ruby: when a hash value is a command call without parentheses (`port: ENV.fet ch(...)`), Ruby binds the ' +
      'following `key: value` pairs to that call; the fix appends `enable_starttls: true` there too, where Ruby (and ' +
      'the format) never sees it as a setting, so every pass appends it again.',
    matches: (v, format) => format === 'ruby' && (v.property === 'fix-idempotent' || v.property === 'fix-is-local'),
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
