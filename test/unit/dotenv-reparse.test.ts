// Re-reading only the entries an edit changed (formats/dotenv/reparse.ts) must give exactly what a full parse gives:
// entries, spans, comments, and the per-match state the next edit starts from. Checked on chains of random edits to
// every dotenv fixture and to a large generated .env, each edit applied to the previous result (so an offset shifted
// wrongly once shows up in every later comparison).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDotenv, parseFully, parseKept, type DotenvParse } from '../../server/src/engine/formats/dotenv/parse';
import { reparseDotenv } from '../../server/src/engine/formats/dotenv/reparse';
import { lintText } from '../../server/src/engine/lint';
import { fixtureSamples, rng, type Rng } from '../attack/generate';

const ROOT = join(__dirname, '..', '..', '..');

/** Edits a person makes while typing in a .env: characters, quotes, comments, separators, line breaks, entries. */
const SNIPPETS = [
  '4', '7', 'a', 'Z', '_', '.', '-', ' ', '\t', '\n', '\n\n', '=', ':', ': ', '#', ' # note', '# ', "'", '"', '`', '\\', '\\"', "\\'", '\\`',
  'export ', 'export\n', '${X}', '${MAIL_PORT:-25}', '\u2028', 'MAIL_PORT=25\n', 'KEY=', '\nKEY="multi\nline"\n', "K='open\n", 'V="open',
  '"\n', "'\n", '`\n', 'A=`x\ny`', '# comment\n', '\n# comment', 'smtp://u:p@h:25',
];

function randomEdit(r: Rng, text: string): string {
  // Half the edits land next to something that matters to the grammar (a line start, a separator, a quote, a `#`).
  let at = r.int(text.length + 1);
  if (r.chance(0.5) && text.length > 0) {
    const near = /[\n=:'"`#]/g;
    near.lastIndex = at;
    const hit = near.exec(text);
    if (hit) at = hit.index + r.int(2);
  }
  if (r.chance(0.35) && text.length > 0) {
    const len = 1 + r.int(Math.min(r.chance(0.2) ? 80 : 12, Math.max(1, text.length - at)));
    return text.slice(0, at) + text.slice(at + len);
  }
  return text.slice(0, at) + r.pick(SNIPPETS) + text.slice(at);
}

/** Everything the next re-parse relies on, as plain data. */
function state(p: DotenvParse): unknown {
  return { entries: p.doc.entries, comments: p.doc.comments, ends: [...p.ends], reads: [...p.reads] };
}

/** The large .env the editor benchmark types into (bench/lib/generate.mjs's largeEnv), cut to about `bytes`. */
function largeEnv(bytes: number): string {
  const fixture = readFileSync(join(ROOT, 'bench', 'fixtures', 'laravel.env'), 'utf8');
  const block = (i: number) => {
    const n = String(i).padStart(5, '0');
    return `# Service ${n}: internal API client\nSERVICE_${n}_URL=https://svc-${n}.internal.example:8443/api/v2\nSERVICE_${n}_TIMEOUT=30\nSERVICE_${n}_TOKEN="\${SERVICE_${n}_TOKEN_SECRET}"\nFEATURE_FLAG_${n}=${i % 3 === 0 ? 'true' : 'false'}\nQUEUE_${n}_NAME=jobs-${n}\n\n`;
  };
  const head: string[] = [];
  const tail: string[] = [];
  let size = fixture.length;
  for (let i = 0; size < bytes; i++) {
    const b = block(i);
    (i % 2 === 0 ? head : tail).push(b);
    size += b.length;
  }
  return head.join('') + fixture + (fixture.endsWith('\n') ? '' : '\n') + tail.join('');
}

const samples = [
  ...fixtureSamples()
    .filter((s) => s.format === 'dotenv')
    .map((s) => ({ label: s.label, text: s.text.replace(/\r\n?/g, '\n'), steps: 100 })),
  { label: 'largeEnv (300 KB)', text: largeEnv(300 * 1024), steps: 150 },
];

describe('dotenv: re-reading only the entries an edit changed', () => {
  test('gives exactly the full parse after every edit (chains of random edits on every dotenv fixture and a large .env)', (t) => {
    let edits = 0;
    let partial = 0;
    let reread = 0;
    let total = 0;
    for (const [i, sample] of samples.entries()) {
      const r = rng(2000 + i);
      let base = parseKept(sample.text);
      for (let step = 0; step < sample.steps; step++) {
        // Random edits soon leave nothing of a config but scattered quotes; now and then the chain goes back to the
        // original text (one more edit, replacing most of the text).
        const next = r.chance(0.08) ? sample.text : randomEdit(r, base.text);
        const full = parseKept(next);
        const result = reparseDotenv(base, next);
        assert.deepEqual(state(result.parse), state(full), `${sample.label} step ${step}: differs from a full parse after editing to:\n${JSON.stringify(next)}`);
        assert.equal(result.parse.text, next);
        total += full.ends.length;
        reread += result.reread;
        // Edits of texts with a few entries at least, where re-reading part of them can mean something.
        if (full.ends.length >= 4 && next !== base.text) {
          edits++;
          if (result.reread < full.ends.length) partial++;
        }
        base = result.parse;
      }
    }
    t.diagnostic(`${partial} of ${edits} edits of texts with 4 entries or more re-read only part of them; ${reread} of ${total} entries re-read in all (${((100 * reread) / total).toFixed(1)}%)`);
    // The comparison means something only if most edits took the short way.
    assert.ok(partial > edits * 0.75, `only ${partial} of ${edits} edits re-read part of the entries`);
    assert.ok(reread < total * 0.2, `${reread} of ${total} entries were re-read`);
  });

  test('edits whose effect reaches back over earlier entries (quotes scanned past their entry, swallowed comments, \\u2028)', () => {
    // [text before, text after]: each time an entry before the change reads differently afterwards.
    const cases: [string, string][] = [
      // A quote after an empty value is scanned to the next same quote, lines away; closing it there changes A.
      ["A=\n'x\nB='y'\n", "A=\n'x\nB='\n"],
      ["A=\n'x\nB='\n", "A=\n'x\nB='y'\n"],
      // A value closed at an escaped quote because the real closing quote, further on, is followed by text.
      ["A='ab\\'  # c\nX='y'\n", "A='ab\\'  # c\nX='\n"],
      // A quote opened and never closed: the entry is read unquoted until a closing quote appears anywhere after it.
      ['K="abc\nL=1\nM=2\n', 'K="abc\nL=1\nM=2"\n'],
      ['K="abc\nL=1\nM=2"\n', 'K="abc\nL=1\nM=2\n'],
      // The trailing `\s*(?:#.*)?$` runs over blank lines and takes a comment line into the match.
      ['A=1\n\n\nB=2\n', 'A=1\n\n\n#B=2\n'],
      ['A=\n\n# c\nB=2\n', 'A=\n\n c\nB=2\n'],
      // A key on one line, its `=` on a later one.
      ['A\n\nB=1\n', 'A\n\n=1\n'],
      ['export\n\nB=1\n', 'export\n\nB 1\n'],
      // \u2028 ends a line for the grammar, not for the comment scan.
      ['export A="x"\u2028B=1\n# c\n', 'export A="x"\u2028B=12\n# c\n'],
      ['A="x"\u2028#c\nB=1\n', 'A="x"\u2028#c\nB=1\n#d\n'],
      // B starts on A's last line (after a \u2028): its inline comment goes when its quote closes on the next line.
      ["A=\"x\"\u2028B='1 #c\nX='y'\n", "A=\"x\"\u2028B='1 #c\nX='\n"],
    ];
    for (const [before, after] of cases) {
      const result = reparseDotenv(parseKept(before), after);
      assert.deepEqual(state(result.parse), state(parseKept(after)), `${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      const back = reparseDotenv(result.parse, before);
      assert.deepEqual(state(back.parse), state(parseKept(before)), `${JSON.stringify(after)} → ${JSON.stringify(before)}`);
    }
  });

  test('an edit deep inside a large .env re-reads a few entries only', () => {
    const text = largeEnv(300 * 1024);
    const at = text.indexOf('MAIL_PORT=587') + 'MAIL_PORT=587'.length;
    const base = parseKept(text);
    const typed = reparseDotenv(base, `${text.slice(0, at)}1${text.slice(at)}`);
    assert.ok(typed.reread <= 3, `${typed.reread} entries re-read`);
    assert.equal(typed.parse.doc.entries.find((e) => e.key === 'MAIL_PORT')?.value, '5871');
    // Opening a quote that nothing closes re-reads everything after it: the value runs to the end of the file.
    const opened = reparseDotenv(base, `${text.slice(0, at)}"${text.slice(at)}`);
    assert.deepEqual(state(opened.parse), state(parseKept(`${text.slice(0, at)}"${text.slice(at)}`)));
  });

  test('parseDotenv with a path gives what it gives without one, for every text the editor passes through', () => {
    const path = '/project/.env';
    let text = largeEnv(100 * 1024);
    const r = rng(77);
    for (let step = 0; step < 60; step++) {
      // CRLF texts are parsed whole (offsets are those of the original text); the next LF text starts afresh.
      text = step % 20 === 10 ? text.replace(/\n/g, '\r\n') : randomEdit(r, text.replace(/\r\n/g, '\n'));
      assert.deepEqual(parseDotenv(text, path), parseFully(text), `step ${step}`);
    }
  });

  test('typing through a large .env lints exactly as linting each text afresh', () => {
    const original = largeEnv(200 * 1024);
    const at = original.indexOf('MAIL_PORT=587') + 'MAIL_PORT='.length;
    const note = original.indexOf('(STARTTLS on 587).') + '(STARTTLS on 587'.length;
    const path = '/site/.env';
    // 587 → 25 (a finding appears) → 587, one keystroke at a time, and a word typed into a comment.
    const steps = [
      (t: string) => t.slice(0, at) + t.slice(at + 3),
      (t: string) => t.slice(0, at) + '2' + t.slice(at),
      (t: string) => t.slice(0, at + 1) + '5' + t.slice(at + 1),
      (t: string) => t.slice(0, note) + ', relay' + t.slice(note),
      (t: string) => t.slice(0, at) + '587' + t.slice(at + 2),
    ];
    let text = original;
    let sawPort25 = false;
    for (const [i, step] of steps.entries()) {
      text = step(text);
      const typed = lintText(text, { path });
      const fresh = lintText(text, { path: `/fresh-${i}/.env` });
      assert.deepEqual(typed.findings, fresh.findings, `step ${i}`);
      sawPort25 ||= typed.findings.some((f) => f.ruleId === 'port-25');
    }
    assert.ok(sawPort25, 'typing 25 into MAIL_PORT is reported');
  });
});
