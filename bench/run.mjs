#!/usr/bin/env node
// `npm run bench`: measures editor latency, whole-tree scans, memory, size and start-up, prints a table and writes
// docs/benchmarks.md. Every comparison uses a baseline measured in the same run.
//
// Options: --quick (fewer runs, for trying the scripts), --only=editor,scan,memory,size,profile, --no-build,
// --no-package, --no-write (print only).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runEditorBench } from './editor.mjs';
import { describeMachine, loadAverage } from './lib/machine.mjs';
import { runMemoryBench } from './memory.mjs';
import { runProfiles } from './profile.mjs';
import { runScanBench } from './scan.mjs';
import { runSizeBench } from './size.mjs';
import { renderMarkdown, renderText } from './report.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (part) => !only || only.includes(part);
const quick = flag('--quick');

const log = (s) => process.stderr.write(`${s}\n`);
const workDir = join(repoRoot, 'bench', '.work');
// The scan trees live outside the repository: the CLI honours .gitignore files above the folder it walks, and the
// repository ignores bench/.work/, so a tree there would (rightly) be skipped entirely.
const treeDir = join(os.tmpdir(), `smtp-lint-bench-${process.pid}`);

const ctx = {
  repoRoot,
  workDir,
  treeDir,
  // Filled in by takeSnapshot(): the copies of bin/ and dist/ that every part runs.
  cliJs: undefined,
  serverJs: undefined,
  distDir: undefined,
  log,
  edits: quick ? 100 : 1000,
  editorSessions: quick ? 1 : 3,
  bigBudgetMs: quick ? 3000 : 20000,
  bigMinEdits: quick ? 10 : 50,
  coldStarts: quick ? 2 : 5,
  runs: quick ? 2 : 7,
  scaleCopies: quick ? [1, 10] : [1, 10, 100],
  startupRuns: quick ? 3 : 10,
  profileEdits: quick ? 50 : 500,
  skipPackage: flag('--no-package'),
};

/** Newest modification time under a folder (sources), to tell whether dist/ is older than the code. */
function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Build when dist/ is missing or older than the sources; returns what happened, for the report. */
function ensureBuild() {
  const outputs = ['server.js', 'cli.js'].map((f) => join(repoRoot, 'dist', f));
  const oldestOutput = Math.min(...outputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const newestSource = Math.max(...['server/src', 'client/src'].map((d) => newestMtime(join(repoRoot, d))), statSync(join(repoRoot, 'package.json')).mtimeMs);
  if (flag('--no-build')) return 'skipped (--no-build)';
  if (oldestOutput >= newestSource) return 'dist/ up to date, not rebuilt';
  log('building (npm run build): dist/ is missing or older than the sources');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    return 'rebuilt with `npm run build` before measuring';
  } catch (e) {
    if (outputs.every(existsSync)) return `npm run build failed (${e.message.split('\n')[0]}); measured the existing dist/`;
    throw new Error('npm run build failed and dist/ is missing: nothing to measure');
  }
}

/**
 * Copy bin/smtp-lint.js, dist/ and package.json to bench/.work/snapshot and measure that copy: other people may
 * rebuild dist/ while the benchmark runs, and one run must measure one build. The bundles need nothing else
 * (every dependency is bundled; the server reads only ../package.json for its version).
 */
function takeSnapshot() {
  const snap = join(workDir, 'snapshot');
  rmSync(snap, { recursive: true, force: true });
  mkdirSync(join(snap, 'dist'), { recursive: true });
  mkdirSync(join(snap, 'bin'));
  for (const f of readdirSync(join(repoRoot, 'dist'))) copyFileSync(join(repoRoot, 'dist', f), join(snap, 'dist', f));
  copyFileSync(join(repoRoot, 'bin', 'smtp-lint.js'), join(snap, 'bin', 'smtp-lint.js'));
  copyFileSync(join(repoRoot, 'package.json'), join(snap, 'package.json'));
  ctx.cliJs = join(snap, 'bin', 'smtp-lint.js');
  ctx.serverJs = join(snap, 'dist', 'server.js');
  ctx.distDir = join(snap, 'dist');
}

/** Refuse to measure a broken build: the CLI must lint both bench fixtures without skipping either. */
function checkBuild() {
  const fixtures = ['wp-config.php', 'laravel.env'].map((f) => join(repoRoot, 'bench', 'fixtures', f));
  const r = spawnSync(process.execPath, [ctx.cliJs, '--format', 'json', ...fixtures], { cwd: repoRoot, encoding: 'utf8' });
  let reports = [];
  try {
    reports = JSON.parse(r.stdout);
  } catch {
    /* reported below */
  }
  if (r.status === 2 || reports.length !== fixtures.length || /skipped|internal error/.test(r.stderr)) {
    throw new Error(`the build does not lint the bench fixtures (exit ${r.status}): ${r.stderr.trim().slice(0, 400) || r.stdout.slice(0, 200)}`);
  }
}

async function part(name, title, fn) {
  if (!wants(name)) return undefined;
  log(`${title} ...`);
  const started = Date.now();
  try {
    const result = await fn();
    const seconds = (Date.now() - started) / 1000;
    log(`  (${seconds.toFixed(1)} s)`);
    return { ...result, seconds };
  } catch (e) {
    log(`  failed: ${e.stack ?? e}`);
    return { rows: [{ measure: title, value: 'failed', baseline: String(e.message ?? e).split('\n')[0].slice(0, 160), ratio: '', target: '', ok: false }], raw: { error: String(e) } };
  }
}

const started = Date.now();
mkdirSync(join(workDir, 'large'), { recursive: true });
const machine = describeMachine(repoRoot);
const build = ensureBuild();
log(`${build}`);
takeSnapshot();
try {
  checkBuild();
} catch (e) {
  log(`smtp-lint bench: ${e.message}`);
  process.exit(1);
}

const sections = [];
const editor = await part('editor', '1. Editor latency (language server over stdio)', () => runEditorBench(ctx));
if (editor) sections.push({ title: 'Editor latency', ...editor });
const scan = await part('scan', '2. Whole-tree scan (CLI)', () => runScanBench(ctx));
if (scan) sections.push({ title: 'Whole-tree scan', ...scan });
const memory = await part('memory', '3. Memory', () => runMemoryBench(ctx));
if (memory) sections.push({ title: 'Memory', ...memory });
const size = await part('size', '4. Size and start-up', () => runSizeBench(ctx));
if (size) sections.push({ title: 'Size and start-up', ...size });
const profiles = (await part('profile', '5. CPU profiles', () => runProfiles(ctx))) ?? {};
rmSync(treeDir, { recursive: true, force: true });

const run = {
  machine: { ...machine, loadAtEnd: loadAverage() },
  build,
  quick,
  durationS: (Date.now() - started) / 1000,
  sections,
  profiles: profiles.rows ? {} : profiles,
  settings: ctx,
};
writeFileSync(join(workDir, 'results.json'), JSON.stringify(run, (k, v) => (k === 'log' ? undefined : v), 2));
process.stdout.write(renderText(run));
if (!flag('--no-write') && !only && !quick) {
  const doc = join(repoRoot, 'docs', 'benchmarks.md');
  writeFileSync(doc, renderMarkdown(run, repoRoot));
  log(`wrote ${relative(repoRoot, doc)} (${run.durationS.toFixed(0)} s in all)`);
} else {
  log(`not writing docs/benchmarks.md (${only ? '--only' : quick ? '--quick' : '--no-write'}); raw results in bench/.work/results.json`);
}
