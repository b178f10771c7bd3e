// Fixture files with expected-finding markers, and golden before/after files for fixes, for every format.
//
// Markers: `{rule-id}` in a comment on the line where the finding starts (`{rule-id:+1}`: on the next line).
// Formats without comments use a sidecar `<file>.expect` with `LINE RULE-ID` lines. A fixture without markers
// must produce no findings. Golden fixes: `fix/[case/]<name>.<ext>` → `<name>.fixed.<ext>` must match byte for byte,
// still parse with the format's reference parser, and fixing again must change nothing.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join, relative } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';
import { parse as parseDotenv } from 'dotenv';
import { parseAllDocuments } from 'yaml';
import { fixAll, lintText } from '../../server/src/engine';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? (name === 'fix' ? [] : filesUnder(p)) : [p];
  });
}

const MARKER = /\{([a-z0-9-]+)(?::([+-]\d+))?\}/g;

function expectedFindings(path: string, text: string): string[] {
  const sidecar = `${path}.expect`;
  if (existsSync(sidecar)) {
    return readFileSync(sidecar, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => {
        const [line, rule] = l.split(/\s+/);
        return `${Number(line)} ${rule}`;
      })
      .sort();
  }
  const out: string[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    for (const m of line.matchAll(MARKER)) out.push(`${i + 1 + Number(m[2] ?? 0)} ${m[1]}`);
  });
  return out.sort();
}

function actualFindings(path: string, text: string): string[] {
  const result = lintText(text, { path });
  return result.findings.map((f) => `${result.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
}

const fixtureFiles = filesUnder(FIXTURES).filter((p) => !p.endsWith('.expect') && !/\.fixed\.[^/]+$/.test(p) && !p.endsWith('.md'));

describe('fixtures with expected-finding markers', () => {
  test('there are fixtures', () => {
    assert.ok(fixtureFiles.length > 0);
  });
  for (const path of fixtureFiles) {
    test(relative(FIXTURES, path), () => {
      const text = readFileSync(path, 'utf8');
      assert.deepEqual(actualFindings(path, text), expectedFindings(path, text));
    });
  }
});

/** `name.ext` → `name.fixed.ext`; `name` (no dot) → `name.fixed`. */
function goldenPath(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  return dot > slash + 1 ? `${path.slice(0, dot)}.fixed${path.slice(dot)}` : `${path}.fixed`;
}

const available = (cmd: string, args: string[]) => spawnSync(cmd, args).status === 0;
/** Reference checkers run on the fixed text, by extension: the tool, its arguments, and whether it is installed. */
const CHECKERS: { ext: RegExp; cmd: string; args: (file: string) => string[]; ok: boolean }[] = [
  { ext: /\.php$/, cmd: 'php', args: (f) => ['-l', f], ok: available('php', ['-v']) },
  { ext: /\.py$/, cmd: 'python3', args: (f) => ['-m', 'py_compile', f], ok: available('python3', ['--version']) },
  { ext: /\.rb$/, cmd: 'ruby', args: (f) => ['-c', f], ok: available('ruby', ['--version']) },
  { ext: /\.(js|cjs|mjs)$/, cmd: process.execPath, args: (f) => ['--check', f], ok: true },
];

function assertParses(path: string, original: string, fixed: string): void {
  const checker = CHECKERS.find((c) => c.ext.test(path));
  if (checker) {
    if (!checker.ok) return;
    const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-fixed-'));
    const file = join(dir, path.slice(path.lastIndexOf('/') + 1));
    writeFileSync(file, fixed);
    const r = spawnSync(checker.cmd, checker.args(file), { encoding: 'utf8' });
    assert.equal(r.status, 0, `${checker.cmd} rejects the fixed file: ${r.stdout}${r.stderr}`);
  } else if (/\.ya?ml$/.test(path)) {
    for (const doc of parseAllDocuments(fixed)) assert.deepEqual(doc.errors, [], 'the fixed YAML has errors');
  } else if (path.endsWith('.json')) {
    assert.doesNotThrow(() => JSON.parse(fixed));
  } else if (/(^|\/)\.env|\.env$/.test(path)) {
    const before = parseDotenv(original);
    const after = parseDotenv(fixed);
    for (const key of Object.keys(before)) assert.ok(key in after, `fix lost the key ${key}`);
  }
}

/** Every file under a `fix/` folder, sub-folders included (formats matched by exact name need one folder per case). */
function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? allFiles(p) : [p];
  });
}

const goldenSources = readdirSync(FIXTURES)
  .map((format) => join(FIXTURES, format, 'fix'))
  .filter((dir) => existsSync(dir))
  .flatMap(allFiles)
  .filter((p) => !/\.fixed(\.[^/]+)?$/.test(p) && existsSync(goldenPath(p)));

describe('golden fixes', () => {
  test('there are golden fix files', () => {
    assert.ok(goldenSources.length > 0);
  });
  for (const path of goldenSources) {
    test(relative(FIXTURES, path), () => {
      const original = readFileSync(path, 'utf8');
      const golden = readFileSync(goldenPath(path), 'utf8');
      assert.ok(lintText(original, { path }).findings.some((f) => f.fixes.length > 0), 'the source must have a fixable finding');
      const fixed = fixAll(original, { path }).text;
      assert.equal(fixed, golden);
      assertParses(path, original, fixed);
      assert.equal(fixAll(fixed, { path }).text, fixed, 'fixing again must change nothing');
    });
  }
});
