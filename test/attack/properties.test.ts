// Property tests for every format's parser and the whole lint pipeline (issue 5: never crash, never hang).
// Inputs: random bytes decoded as the CLI decodes files, soups of hostile tokens, seeded mutations of every fixture,
// every fixture with other line endings / a BOM / no final newline / invalid UTF-8, long lines, deep nesting,
// unclosed strings and comments, and generated configs. Properties (see invariants.ts): no exception escapes lintText
// or a format parser, no rule crashes, every span, related span and edit lies inside the document, the same input
// gives the same findings. Fixed seeds and modest run counts keep this file at a few seconds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyMutation, fixtureSamples, generateDocument, GENERATED_FORMATS, HOSTILE_TOKENS, randomMutations, rng, RUN_CHARS, applyMutations, type Mutation } from './generate';
import { checkFix, checkLint, checkSecrets } from './invariants';
import { assertNoNewViolations, describeInput } from './support';

const samples = fixtureSamples();
/** One path per format that has fixtures, plus the file names that pick the other behaviours (templates, exports). */
const paths = [
  ...new Set([
    '/p/.env',
    '/p/.env.example',
    '/p/wp-config.php',
    '/p/functions.php',
    '/p/wp-mail-smtp.json',
    '/p/easy_wp_smtp_settings.json',
    ...[...new Map(samples.map((s) => [s.format, s.path])).values()],
  ]),
];

function check(path: string, text: string, format: string, reproducer?: string, determinism = true): void {
  const { violations } = checkLint(text, path, { determinism });
  assertNoNewViolations(violations, format, text, reproducer ?? describeInput(path, text));
}

const formatOf = (path: string) => samples.find((s) => s.path === path)?.format ?? (path.endsWith('.php') ? 'php' : path.endsWith('.json') ? 'wp-plugin-json' : 'dotenv');

describe('lint pipeline: properties over hostile input', () => {
  test('there are fixtures of the three first formats to mutate', () => {
    for (const f of GENERATED_FORMATS) assert.ok(samples.some((s) => s.format === f), `no fixtures for ${f}`);
  });

  test('random bytes, decoded like the CLI (invalid UTF-8 becomes U+FFFD)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.uint8Array({ maxLength: 1500 }), (path, bytes) => {
        check(path, Buffer.from(bytes).toString('utf8'), formatOf(path));
      }),
      { seed: 5001, numRuns: 250 },
    );
  });

  test('soups of hostile tokens (quotes, escapes, comment openers, DSNs, PHP and JSON fragments)', () => {
    const token = fc.constantFrom(...HOSTILE_TOKENS, ...RUN_CHARS);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.array(token, { maxLength: 80 }), (path, tokens) => {
        check(path, tokens.join(''), formatOf(path));
      }),
      { seed: 5002, numRuns: 400 },
    );
  });

  test('seeded mutations of every fixture (truncate, delete, duplicate, insert, EOL, BOM, bytes, runs, numbers)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (sample, seed) => {
        const ms = randomMutations(rng(seed), sample.text);
        check(sample.path, applyMutations(sample.text, ms), sample.format, `${sample.label} mutations ${JSON.stringify(ms)}`);
      }),
      { seed: 5003, numRuns: 300 },
    );
  });

  test('generated configs of every generated format (and no planted secret in any message)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...GENERATED_FORMATS), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (format, seed) => {
        const doc = generateDocument(format, rng(seed), samples);
        const { violations, result } = checkLint(doc.text, doc.path);
        assertNoNewViolations([...violations, ...checkSecrets(result, doc.secrets)], doc.format, doc.text, `generated ${format} seed ${seed}`);
      }),
      { seed: 5004, numRuns: 300 },
    );
  });

  test('fixtures of every format with CRLF, CR, mixed line endings, a BOM, no final newline and invalid UTF-8', () => {
    const variants: [string, Mutation[]][] = [
      ['crlf', [{ kind: 'eol', style: 'crlf', seed: 1 }]],
      ['cr', [{ kind: 'eol', style: 'cr', seed: 1 }]],
      ['mixed', [{ kind: 'eol', style: 'mixed', seed: 7 }]],
      ['bom', [{ kind: 'bom' }]],
      ['bom+crlf', [{ kind: 'bom' }, { kind: 'eol', style: 'crlf', seed: 1 }]],
      ['no final newline', [{ kind: 'strip-final-eol' }]],
    ];
    // Five fixtures per format keep this at a second; the fuzz script runs these variants over all of them.
    const perFormat = new Map<string, number>();
    const chosen = samples.filter((s) => {
      const n = perFormat.get(s.format) ?? 0;
      perFormat.set(s.format, n + 1);
      return n < 5;
    });
    for (const s of chosen) {
      for (const [name, ms] of variants) check(s.path, applyMutations(s.text, ms), s.format, `${s.label} ${name}`, false);
      // A stray byte at four places spread over the file: the decoder's U+FFFD lands in keys, values and quotes.
      const size = Buffer.byteLength(s.text, 'utf8');
      for (let k = 0; k < 4; k++) {
        const at = Math.floor((size * k) / 4) + (k % 3);
        check(s.path, applyMutation(s.text, { kind: 'bytes', at, bytes: [0xc3] }), s.format, `${s.label} invalid UTF-8 at byte ${at}`, false);
      }
    }
  });

  test('long lines, deep nesting, unclosed strings and comments', () => {
    const n = 20_000;
    const inputs: [string, string][] = [
      ['/p/.env', `MAIL_PASSWORD=${'x'.repeat(n)}`],
      ['/p/.env', `MAIL_HOST="${'\\"'.repeat(n / 2)}`],
      ['/p/.env', `MAIL_HOST='${"\\'".repeat(n / 2)}\nMAIL_PORT=25\n`],
      ['/p/.env', `MAILER_DSN=smtp://${'%'.repeat(n)}@host:25`],
      ['/p/.env', `MAILER_DSN=${'failover('.repeat(2000)}smtp://h:25`],
      ['/p/.env', `# ${'#'.repeat(n)}\nMAIL_PORT=25`],
      ['/p/wp-config.php', `<?php define('WPMS_SMTP_HOST', '${'a'.repeat(n)}'); define('WPMS_SMTP_PORT', 25);`],
      ['/p/wp-config.php', `<?php /* smtp ${'*'.repeat(n)}`],
      ['/p/wp-config.php', `<?php $x = 'smtp${"\\'".repeat(n / 2)}`],
      ['/p/wp-config.php', `<?php $x = <<<EOT\nsmtp\n${'x\n'.repeat(n / 2)}`],
      ['/p/functions.php', `<?php // smtp\n${'@'.repeat(5000)}$x;`],
      ['/p/functions.php', `<?php // smtp\n$a = ${'('.repeat(5000)}`],
      ['/p/functions.php', `<?php // phpmailer\n${'if (1) { '.repeat(3000)}$phpmailer->Port = 25;`],
      ['/p/functions.php', `<?php $phpmailer->Host = 'ssl://${'a:1'.repeat(n / 3)}x';`],
      ['/p/wp-mail-smtp.json', `{"smtp":${'['.repeat(n / 2)}`],
      ['/p/wp-mail-smtp.json', `{"smtp":${'{"a":'.repeat(n / 5)}`],
      ['/p/wp-mail-smtp.json', `{"smtp":{"host":"${'\\"'.repeat(n / 2)}`],
      ['/p/wp-mail-smtp.json', `{"mail":{"mailer":"smtp"},"smtp":{"host":"${'\\u0041'.repeat(n / 6)}","port":25}}`],
      ['/p/export.json', `{"data":"${'{\\"smtp\\":'.repeat(n / 12)}","ver":2}`],
    ];
    for (const [path, text] of inputs) check(path, text, formatOf(path), `${path} ${JSON.stringify(text.slice(0, 80))}… (${text.length} chars)`);
  });

  test('an unterminated Python string in a CRLF file: spans never end between \\r and \\n', () => {
    const text = "SERVER_EMAIL = 'root@localhost'\r\nEMAIL_HOST = 'localhEMAIL_PORT = 25\r\n";
    const { violations } = checkLint(text, '/p/settings.py');
    assert.deepEqual(violations, []);
  });

  test('compose: a quoted value cut off at the end of the file has no inverted span', () => {
    const text = 'services:\n  web:\n    image: tootsuite/mastodon:v4.2.12\n    environment:\n      SMTP_PORT: "25"\n      SMTP_SERVER: "';
    const { violations } = checkLint(text, '/p/docker-compose.yml');
    assert.deepEqual(violations, []);
  });

  test('compose: an unterminated quoted value in a CRLF file: spans never end between \\r and \\n', () => {
    for (const text of [
      'services:\r\n  web:\r\n    environment:\r\n      SMTP_PORT: "25\r\n      SMTP_SERVER: smtp.example.com\r\n',
      'services:\r\n  web:\r\n    environment:\r\n      - "SMTP_PORT=25\r\n      - SMTP_SERVER=smtp.example.com\r\n',
    ]) {
      assert.deepEqual(checkLint(text, '/p/docker-compose.yml').violations, [], JSON.stringify(text));
      assert.deepEqual(checkFix(text, '/p/docker-compose.yml', 'compose').violations, [], JSON.stringify(text));
    }
  });

  test('an unterminated YAML string in a CRLF file: spans never end between \\r and \\n', () => {
    const text = "mail.backend: 'smtp'\r\nmail.host: 'smtp.example.co\r\nmail.port: 25\r\n";
    const { violations } = checkLint(text, '/p/sentry/config.yml');
    assert.deepEqual(violations, []);
  });
});
