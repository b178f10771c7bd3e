// Re-parsing only the statements an edit changed (formats/php/reparse.ts) must give exactly the tree a full parse
// gives, on every edit it accepts: checked on chains of random edits to every PHP fixture, each edit applied to the
// previous result (so an offset shifted wrongly once shows up in every later comparison).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePhp, parsePhpFully, type PhpNode, type PhpProgram } from '../../server/src/engine/formats/php/ast';
import { reparse } from '../../server/src/engine/formats/php/reparse';
import { lintText } from '../../server/src/engine/lint';
import { fixAll } from '../../server/src/engine/fix';
import { fixtureSamples, rng, type Rng } from '../attack/generate';

const ROOT = join(__dirname, '..', '..', '..');

/** The tree as data: kinds, values and offsets; not php-parser's line/column nor where it hangs comments. */
function canonical(program: PhpProgram): string {
  return JSON.stringify(program, (key, value: unknown) => {
    if (key === 'leadingComments' || key === 'trailingComments') return undefined;
    if (key === 'loc') {
      const loc = value as PhpNode['loc'];
      return loc ? [loc.start.offset, loc.end.offset] : null;
    }
    return value;
  });
}

/** Edits a person makes while typing in a config: characters, tokens, line breaks, deletions. */
const SNIPPETS = ['4', '7', 'a', ' ', '\n', ';', "'", '"', '(', ')', '{', '}', '//', '/*', '*/', '#', '$x', '->', 'define(', ', ', "'WPMS_SMTP_PORT'", '25', '587', 'true', 'false', '?>', '<?php', '\\', "define('SMTP_PORT', 25);\n", 'if (1) {', 'else', '<<<EOT\n', 'EOT;\n'];

function randomEdit(r: Rng, text: string): string {
  const at = r.int(text.length + 1);
  if (r.chance(0.35) && text.length > 0) {
    const len = 1 + r.int(Math.min(12, text.length - at));
    return text.slice(0, at) + text.slice(at + len);
  }
  return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at);
}

const samples = [
  ...fixtureSamples().filter((s) => s.format === 'php'),
  { format: 'php', path: join(ROOT, 'bench', 'fixtures', 'wp-config.php'), text: readFileSync(join(ROOT, 'bench', 'fixtures', 'wp-config.php'), 'utf8'), label: 'bench/wp-config.php' },
];

describe('php: re-parsing only the changed statements', () => {
  test('gives the same tree as a full parse after every accepted edit (chains of random edits on every PHP fixture)', (t) => {
    let accepted = 0;
    let cleanEdits = 0;
    for (const [i, sample] of samples.entries()) {
      const r = rng(1000 + i);
      let text = sample.text;
      let base = { text, program: parsePhpFully(text, sample.path) };
      let good = base;
      for (let step = 0; step < 60; step++) {
        const next = randomEdit(r, text);
        let full: PhpProgram | undefined;
        try {
          full = parsePhpFully(next, sample.path);
        } catch {
          full = undefined; // the guards refuse this text; the re-parse must not accept it either
        }
        let partial: PhpProgram | undefined;
        try {
          partial = reparse(base, next, (f) => parsePhpFully(f, sample.path));
        } catch {
          partial = undefined;
        }
        const clean = (p: PhpProgram | undefined) => !!p && (p.errors?.length ?? 0) === 0 && !p.endsUnterminated;
        // Edits it is meant to take: between texts that parse, in PHP files without a second `<?` or a `?>`.
        const plain = (t: string) => t.startsWith('<?php') && t.indexOf('<?', 1) < 0 && !t.includes('?>');
        const meant = clean(base.program) && clean(full) && plain(base.text) && plain(next) && !base.program.children.some((c) => c.kind === 'namespace');
        if (meant) cleanEdits++;
        if (partial) {
          if (meant) accepted++;
          assert.ok(full, `${sample.label} step ${step}: re-parse accepted a text the full parse refuses`);
          assert.equal(canonical(partial), canonical(full), `${sample.label} step ${step}: trees differ after editing to:\n${next}`);
        }
        if (!full) continue;
        text = next;
        base = { text, program: partial ?? full };
        // Typing passes through broken code but soon leaves it: go back to the last text that parsed.
        if ((full.errors?.length ?? 0) === 0 && text.startsWith('<?php')) good = base;
        else if (r.chance(0.5)) ({ text } = base = good);
      }
    }
    t.diagnostic(`${accepted} of ${cleanEdits} edits between plain PHP texts without syntax errors were re-parsed in part`);
    // The comparison means something only if most edits between texts that parse took the short way.
    assert.ok(accepted > cleanEdits * 0.6, `only ${accepted} of ${cleanEdits} edits between plain PHP texts without syntax errors were re-parsed in part`);
  });

  test('typing inside a comment between statements parses nothing, and gives what a full parse gives', () => {
    const original = "<?php\ndefine( 'A', 1 ); // port note\n/* block */\n/** doc */\n# hash note\r\ndefine( 'B', 2 );\n";
    // [where to type, what to type, whether the comment keeps its kind and extent (no parse needed)]
    const cases: [string, string, boolean][] = [
      ['port note', 'x', true],
      ['block', 'y', true],
      ['doc', 'z', true],
      ['hash note', 'w', true],
      ['port note', '\n', false], // the line comment would end early
      ['port note', '?>', false], // `?>` ends a line comment and PHP mode
      ['block', '*/', false], // the block comment would end early
      ['/* block', '*', false], // the opener: `/*` would become `/**`
    ];
    for (const [needle, typed, fast] of cases) {
      const at = original.indexOf(needle) + (needle.startsWith('/*') ? 2 : needle.length - 1);
      const next = original.slice(0, at) + typed + original.slice(at);
      let parses = 0;
      const base = { text: original, program: parsePhpFully(original, '/c/wp-config.php') };
      let partial: PhpProgram | undefined;
      try {
        partial = reparse(base, next, (f) => {
          parses++;
          return parsePhpFully(f, '/c/wp-config.php');
        });
      } catch {
        partial = undefined;
      }
      assert.equal(partial !== undefined && parses === 0, fast, `${JSON.stringify(typed)} at ${JSON.stringify(needle)}: parsed ${parses} fragment(s)`);
      let full: PhpProgram | undefined;
      try {
        full = parsePhpFully(next, '/c/wp-config.php');
      } catch {
        full = undefined;
      }
      if (partial) assert.equal(canonical(partial), canonical(full!), `${JSON.stringify(typed)} at ${JSON.stringify(needle)}`);
    }
  });

  test('typing random edits lints exactly as linting each text afresh: findings, profiles, symbols (kept statement scans)', () => {
    // The scan keeps what it found in each top-level statement the re-parser kept: a result kept too long (a statement
    // that moved, a tree that was parsed anew) would show up here as a difference from a lint with nothing kept.
    const project = (r: ReturnType<typeof lintText>) =>
      JSON.stringify({ findings: r.findings, profiles: r.parsed?.profiles, symbols: r.parsed?.symbols, duplicates: r.parsed?.duplicates, skipped: r.skipped });
    let compared = 0;
    for (const [i, sample] of samples.entries()) {
      const r = rng(2000 + i);
      const path = `/typing/${i}/${sample.path.split('/').pop()}`;
      let text = sample.text;
      lintText(text, { path });
      for (let step = 0; step < 40; step++) {
        text = randomEdit(r, text);
        if (r.chance(0.3)) text = sample.text; // back to a text that parses, as typing soon does
        const typed = project(lintText(text, { path }));
        parsePhp('<?php\n', path); // forget the base: the next lint parses the whole text
        const fresh = project(lintText(text, { path }));
        assert.equal(typed, fresh, `${sample.label} step ${step}: typed and fresh lints differ for:\n${text}`);
        compared++;
      }
    }
    assert.ok(compared > 100);
  });

  test('typing through a wp-config.php lints exactly as linting each text afresh (findings and fixes)', () => {
    const path = join(ROOT, 'bench', 'fixtures', 'wp-config.php');
    const original = readFileSync(path, 'utf8');
    const at = original.indexOf("'WPMS_SMTP_PORT', 587") + "'WPMS_SMTP_PORT', ".length;
    let text = original;
    const lintPath = '/site/wp-config.php';
    // 587 → 25 (a finding appears, with a fix) → 587, one keystroke at a time, plus a comment typed and removed.
    const steps = [
      (t: string) => t.slice(0, at) + t.slice(at + 3),
      (t: string) => t.slice(0, at) + '2' + t.slice(at),
      (t: string) => t.slice(0, at + 1) + '5' + t.slice(at + 1),
      (t: string) => t.replace('// submission port', '// submission port (relay)'),
      (t: string) => t.slice(0, at) + '587' + t.slice(at + 2),
    ];
    for (const step of steps) {
      text = step(text);
      const typed = lintText(text, { path: lintPath });
      parsePhp('<?php\n', lintPath); // forget the base: the next lint parses the whole text
      const fresh = lintText(text, { path: lintPath });
      assert.deepEqual(typed.findings, fresh.findings);
      assert.equal(fixAll(text, { path: lintPath }).text, fixAll(text, { path: '/other/wp-config.php' }).text);
    }
    assert.ok(lintText(steps[2](steps[1](steps[0](original))), { path: lintPath }).findings.some((f) => f.ruleId === 'port-25'));
  });
});
