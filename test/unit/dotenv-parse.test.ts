// The dotenv reader must agree with the `dotenv` package on every key and value, and its ranges must point at them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as referenceParse } from 'dotenv';
import { parseDotenv } from '../../server/src/engine/formats/dotenv/parse';

/** What our reader makes of a file, in the package's terms: last value per key wins. */
function ours(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of parseDotenv(text).entries) out[e.key] = e.value;
  return out;
}

const key = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/);
const plainChars = fc.constantFrom('a', 'Z', '0', '9', ' ', '-', '_', '.', ':', '/', '@', '$', '{', '}', '=', '%', '!', '\\', 'é', '#', "'", '"', '`');
const plain = fc.array(plainChars, { maxLength: 16 }).map((a) => a.join(''));
const quoted = fc.tuple(fc.constantFrom("'", '"', '`'), fc.array(fc.constantFrom('a', ' ', '#', '\\n', '\\', '\n', "'", '"', 'x', '='), { maxLength: 10 })).map(([q, a]) => `${q}${a.join('')}${q}`);
const value = fc.oneof(plain, quoted, fc.constant(''));
const separator = fc.constantFrom('=', ' = ', '= ', ': ', ' =');
const comment = fc.oneof(fc.constant(''), fc.constant(' # note'), fc.constant('# tight'), fc.constant('  #'));
const entryLine = fc.tuple(fc.constantFrom('', 'export ', '  '), key, separator, value, comment).map(([p, k, s, v, c]) => `${p}${k}${s}${v}${c}`);
const otherLine = fc.constantFrom('', '# a comment', '   ', 'not an entry', '#KEY=commented', '=nokey', 'KEY', '   # indented comment');
const line = fc.oneof({ weight: 4, arbitrary: entryLine }, { weight: 1, arbitrary: otherLine });
const eol = fc.constantFrom('\n', '\r\n', '\r');
const file = fc.tuple(fc.array(fc.tuple(line, eol), { maxLength: 12 }), fc.boolean()).map(([lines, finalEol]) => {
  const text = lines.map(([l, e]) => l + e).join('');
  return finalEol ? text : text.replace(/(\r\n|\r|\n)$/, '');
});

describe('dotenv reader agrees with the dotenv package', () => {
  test('on generated files (keys, values, quotes, export, comments, multi-line values, CRLF/CR)', () => {
    fc.assert(
      fc.property(file, (text) => {
        assert.deepEqual(ours(text), referenceParse(text));
      }),
      { numRuns: 3000, seed: 20261127 },
    );
  });

  test('key ranges point at the keys in the original text', () => {
    fc.assert(
      fc.property(file, (text) => {
        for (const e of parseDotenv(text).entries) {
          assert.equal(text.slice(e.keySpan.start, e.keySpan.end), e.key);
          assert.ok(e.valueSpan.start >= e.rawSpan.start && e.valueSpan.end <= e.rawSpan.end);
          assert.ok(e.rawSpan.end <= text.length);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  test('hand-picked cases', () => {
    const cases = [
      'A=1\nB="two words" # c\nexport C=\'x#y\'\nD=`q`\nE=val#tight\nF="multi\nline"\nG: yaml-ish\n',
      'MAIL_PASSWORD="p\\"q"\r\nMAIL_PORT= 25 \r\n',
      'K="unclosed\nL=2\n',
      '\uFEFFMAIL_HOST=smtp.example.com\n',
      'K=\'a\nb\'\r\nJ=1',
    ];
    for (const text of cases) assert.deepEqual(ours(text), referenceParse(text), JSON.stringify(text));
  });

  test('a comment on the next line is a comment of its own, not the entry\'s', () => {
    const text = 'MAIL_PORT=25\n# relay notes\nMAIL_HOST=x\n';
    const doc = parseDotenv(text);
    assert.equal(doc.entries[0].commentSpan, undefined);
    assert.deepEqual(doc.comments.map((c) => text.slice(c.start, c.end)), ['# relay notes']);
  });

  test('a value span covers exactly the value text for unquoted values', () => {
    const text = 'MAIL_PORT=25 # comment\n';
    const [e] = parseDotenv(text).entries;
    assert.equal(text.slice(e.valueSpan.start, e.valueSpan.end), '25');
    assert.deepEqual(parseDotenv(text).comments.map((c) => text.slice(c.start, c.end)), ['# comment']);
  });
});

describe('DSN values', () => {
  test("an unencoded '?' in a DSN password is not the query: fixing adds require_tls once and converges", () => {
    const { fixAll } = require('../../server/src/engine') as typeof import('../../server/src/engine');
    const text = 'MAILER_DSN=smtp://user:pa?ss@smtp.example.com:25\n';
    const fixed = fixAll(text, { path: '/app/.env.local' }).text;
    assert.equal(fixed, 'MAILER_DSN=smtp://user:pa?ss@smtp.example.com:587?require_tls=1\n');
    assert.equal(fixAll(fixed, { path: '/app/.env.local' }).text, fixed);
  });
});
