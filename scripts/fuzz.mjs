#!/usr/bin/env node
// Seeded fuzzing of the whole engine (docs/robustness.md). Each case is derived from (seed, case number) alone:
// a mutated fixture, a generated config (with planted secrets), a mutated generated config, or a soup of hostile
// tokens / random bytes. Every case is checked for the lint properties (no throw, no parser or rule crash, spans inside
// the document, deterministic), the fix properties (no throw, BOM / final newline / line endings kept, local edits,
// keys kept, reference parser still accepts the file, idempotent) and, for generated configs, that no planted
// secret reaches a message. Every `--php-every`-th PHP case that fixes something is compiled before and after with
// PHP (OPcache, batched; the same check as `php -l`).
//
//   node scripts/fuzz.mjs [--seed N] [--cases N] [--workers N] [--php-every N] [--allow-known]
//   node scripts/fuzz.mjs --seed N --case K          replay one case and print its input and violations
//
// Needs the compiled tests: `npx tsc -p .` (or `npm run build`). Exits 1 on any failure (2 on bad arguments);
// with --allow-known, failures that match a known bug (test/attack/known-bugs.ts) are reported but do not fail.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { availableParallelism } from 'node:os';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'out', 'test', 'attack');
const require = createRequire(import.meta.url);

// ---- Arguments ------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = { seed: 1, cases: 100_000, workers: Math.max(1, Math.min(availableParallelism(), 4)), phpEvery: 50, allowKnown: false, replay: undefined, fixtures: undefined };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const num = () => {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isInteger(v) || v < 0) usage(`${flag} needs a non-negative integer`);
      return v;
    };
    if (flag === '--seed') o.seed = num();
    else if (flag === '--cases') o.cases = num();
    else if (flag === '--workers') o.workers = Math.max(1, num());
    else if (flag === '--php-every') o.phpEvery = Math.max(1, num());
    else if (flag === '--case') o.replay = num();
    else if (flag === '--allow-known') o.allowKnown = true;
    else if (flag === '--fixtures') o.fixtures = inline ?? argv[++i];
    else if (flag === '-h' || flag === '--help') usage();
    else usage(`unknown option ${flag}`);
  }
  return o;
}

function usage(error) {
  const text = 'usage: node scripts/fuzz.mjs [--seed N] [--cases N] [--workers N] [--php-every N] [--allow-known] [--case K [--fixtures HASH]]\n';
  if (error) {
    process.stderr.write(`fuzz: ${error}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

function load() {
  if (!existsSync(join(OUT, 'invariants.js'))) {
    process.stderr.write('fuzz: out/test/attack is missing; run `npx tsc -p .` first\n');
    process.exit(2);
  }
  return {
    gen: require(join(OUT, 'generate.js')),
    inv: require(join(OUT, 'invariants.js')),
    bugs: require(join(OUT, 'known-bugs.js')),
  };
}

/** Cases are drawn from the fixture set: a replay is exact only with the same set, so runs name it by a hash. */
function fixtureHash(samples) {
  const h = createHash('sha256');
  for (const s of samples) h.update(`${s.label}\0${s.text}\0`);
  return h.digest('hex').slice(0, 8);
}

// ---- One case ---------------------------------------------------------------------------------------------------------

/** The input of case `k`: everything derives from (seed, k), so a case replays alone. */
function makeCase(gen, samples, seed, k) {
  const r = gen.rng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0);
  const kind = k % 10;
  if (kind <= 5) {
    const base = r.pick(samples);
    const mutations = gen.randomMutations(r, base.text);
    return { kind: 'mutated fixture', format: base.format, path: base.path, text: gen.applyMutations(base.text, mutations), secrets: [], origin: `${base.label} + ${JSON.stringify(mutations)}` };
  }
  const format = r.pick(gen.GENERATED_FORMATS);
  const doc = gen.generateDocument(format, r, samples);
  if (kind <= 7) return { kind: 'generated', format: doc.format, path: doc.path, text: doc.text, secrets: doc.secrets, origin: doc.label };
  if (kind === 8) {
    const mutations = gen.randomMutations(r, doc.text, 2);
    return { kind: 'mutated generated', format: doc.format, path: doc.path, text: gen.applyMutations(doc.text, mutations), secrets: [], origin: `${doc.label} + ${JSON.stringify(mutations)}` };
  }
  const path = r.pick(['/f/.env', '/f/.env.example', '/f/wp-config.php', '/f/functions.php', '/f/wp-mail-smtp.json', '/f/easy_wp_smtp_settings.json', ...new Set(samples.map((s) => s.path))]);
  const fmt = samples.find((s) => s.path === path)?.format ?? (path.endsWith('.php') ? 'php' : path.endsWith('.json') ? 'wp-plugin-json' : 'dotenv');
  if (r.chance(0.5)) {
    const bytes = Buffer.from(Array.from({ length: r.int(1500) }, () => r.int(256)));
    return { kind: 'random bytes', format: fmt, path, text: bytes.toString('utf8'), secrets: [], origin: 'random bytes' };
  }
  const tokens = Array.from({ length: r.int(80) }, () => r.pick([...gen.HOSTILE_TOKENS, ...gen.RUN_CHARS]));
  return { kind: 'token soup', format: fmt, path, text: tokens.join(''), secrets: [], origin: 'token soup' };
}

function runCase(mods, c) {
  const { inv } = mods;
  const lint = inv.checkLint(c.text, c.path);
  const violations = [...lint.violations, ...inv.checkSecrets(lint.result, c.secrets)];
  let fixed;
  if (!violations.some((v) => v.property === 'lint-no-throw')) {
    const fix = inv.checkFix(c.text, c.path, c.format);
    violations.push(...fix.violations);
    fixed = fix.fixed;
  }
  return { violations, fixed };
}

// ---- Worker ---------------------------------------------------------------------------------------------------------

if (!isMainThread) {
  const mods = load();
  const samples = mods.gen.fixtureSamples(join(ROOT, 'test', 'fixtures'));
  const { seed, from, to, step, phpEvery, current } = workerData;
  const progress = new Int32Array(current);
  let phpSeen = 0;
  const batch = [];
  for (let k = from; k < to; k += step) {
    Atomics.store(progress, 0, k);
    const c = makeCase(mods.gen, samples, seed, k);
    const started = performance.now();
    const { violations, fixed } = runCase(mods, c);
    const ms = performance.now() - started;
    if (ms > 5000) violations.push({ property: 'fast', detail: `case took ${ms.toFixed(0)} ms (wall clock)` });
    const failures = violations.map((v) => ({ ...v, bug: mods.bugs.knownBugOf(v, c.format, c.text)?.id }));
    let php;
    if (fixed !== undefined && c.path.endsWith('.php') && phpSeen++ % phpEvery === 0) {
      batch.push({ k, original: c.text, fixed });
      php = true;
    }
    parentPort.postMessage({ type: 'case', k, format: c.format, kind: c.kind, fixed: fixed !== undefined, php, failures, origin: failures.length ? c.origin : undefined, path: failures.length ? c.path : undefined });
  }
  // PHP compile checks, once per worker: the original must compile for its fixed file to be judged.
  if (batch.length) {
    const before = mods.inv.phpCompileBatch(batch.map((b) => b.original));
    const after = mods.inv.phpCompileBatch(batch.map((b) => b.fixed));
    if (!before) parentPort.postMessage({ type: 'php', checked: 0, note: 'php not installed: compile checks skipped' });
    else {
      const broken = batch.filter((_, i) => before[i] === null && after[i] !== null).map((b, i) => ({ k: b.k, error: after[batch.indexOf(b)] }));
      parentPort.postMessage({ type: 'php', checked: batch.filter((_, i) => before[i] === null).length, skippedBroken: batch.filter((_, i) => before[i] !== null).length, broken });
    }
  }
  parentPort.postMessage({ type: 'done' });
}

// ---- Main ---------------------------------------------------------------------------------------------------------

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const mods = load();
  const allSamples = mods.gen.fixtureSamples(join(ROOT, 'test', 'fixtures'));
  const hash = fixtureHash(allSamples);
  if (o.replay !== undefined) {
    const samples = allSamples;
    if (o.fixtures && o.fixtures !== hash) console.log(`warning: the fixtures changed since that run (${o.fixtures} then, ${hash} now): this is a different case`);
    const c = makeCase(mods.gen, samples, o.seed, o.replay);
    const { violations, fixed } = runCase(mods, c);
    console.log(`case ${o.replay} (seed ${o.seed}): ${c.kind}, ${c.format}, ${c.path}\norigin: ${c.origin}\ntext: ${JSON.stringify(c.text)}`);
    if (fixed !== undefined) console.log(`fixed: ${JSON.stringify(fixed)}`);
    for (const v of violations) console.log(`VIOLATION ${v.property}${mods.bugs.knownBugOf(v, c.format, c.text) ? ` (known bug ${mods.bugs.knownBugOf(v, c.format, c.text).id})` : ''}: ${v.detail}`);
    if (fixed !== undefined && c.path.endsWith('.php')) {
      const [before, after] = [mods.inv.phpCompileBatch([c.text]), mods.inv.phpCompileBatch([fixed])];
      console.log(`php: original ${before?.[0] ?? 'compiles'}; fixed ${after?.[0] ?? 'compiles'}`);
    }
    process.exit(violations.length ? 1 : 0);
  }

  const started = Date.now();
  const byFormat = new Map();
  const byKind = new Map();
  const known = new Map();
  const fresh = [];
  let done = 0;
  let fixedCases = 0;
  let phpChecked = 0;
  let phpSkipped = 0;
  const notes = [];
  const bump = (m, key) => m.set(key, (m.get(key) ?? 0) + 1);

  const workers = Math.min(o.workers, Math.max(1, o.cases));
  await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      // A hang (a case that never returns) is caught by a watchdog: the worker is stopped and the case reported.
      const runWorker = (from) =>
        new Promise((resolve) => {
          const current = new SharedArrayBuffer(4);
          const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { seed: o.seed, from, to: o.cases, step: workers, phpEvery: o.phpEvery, current } });
          let last = Date.now();
          const watchdog = setInterval(() => {
            if (Date.now() - last < 60_000) return;
            const k = Atomics.load(new Int32Array(current), 0);
            clearInterval(watchdog);
            void worker.terminate();
            // A busy machine can stall a worker too: replay the case alone before calling it a hang.
            const replay = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--seed', String(o.seed), '--case', String(k)], { timeout: 60_000, encoding: 'utf8' });
            if (replay.error) fresh.push({ k, property: 'no-hang', detail: 'no result for 60 s, and 60 s more when replayed alone; the worker was stopped', origin: '(replay with --case)' });
            else notes.push(`case ${k}: a worker stalled for 60 s, but the case replays alone at once (machine load?)`);
            done++;
            resolve(runWorker(k + workers));
          }, 1000);
          worker.on('message', (m) => {
            last = Date.now();
            if (m.type === 'case') {
              done++;
              bump(byFormat, m.format);
              bump(byKind, m.kind);
              if (m.fixed) fixedCases++;
              for (const f of m.failures) {
                if (f.bug) bump(known, f.bug);
                if (f.bug && known.get(f.bug) > 3) continue;
                (f.bug ? knownExamples : fresh).push({ k: m.k, property: f.property, detail: f.detail, origin: m.origin, path: m.path, bug: f.bug });
              }
              if (done % 5000 === 0) process.stderr.write(`fuzz: ${done}/${o.cases} cases, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
            } else if (m.type === 'php') {
              phpChecked += m.checked;
              phpSkipped += m.skippedBroken ?? 0;
              if (m.note) notes.push(m.note);
              for (const b of m.broken ?? []) fresh.push({ k: b.k, property: 'fix-reference-parse', detail: `PHP no longer compiles after fixing: ${b.error}` });
            } else if (m.type === 'done') {
              clearInterval(watchdog);
              resolve();
            }
          });
          worker.on('error', (e) => {
            clearInterval(watchdog);
            fresh.push({ k: Atomics.load(new Int32Array(current), 0), property: 'worker-crash', detail: String(e?.stack ?? e) });
            resolve(runWorker(Atomics.load(new Int32Array(current), 0) + workers));
          });
        });
      return runWorker(w);
    }),
  );

  const seconds = (Date.now() - started) / 1000;
  const knownTotal = [...known.values()].reduce((a, b) => a + b, 0);
  const lines = [
    `smtp-lint fuzz: seed ${o.seed}, ${done} cases in ${seconds.toFixed(1)} s (${workers} worker${workers === 1 ? '' : 's'}); fixtures: ${allSamples.length} files, set ${hash}`,
    `  cases per format: ${[...byFormat].sort().map(([f, n]) => `${f} ${n}`).join(', ')}`,
    `  cases per kind:   ${[...byKind].sort().map(([f, n]) => `${f} ${n}`).join(', ')}`,
    `  cases where fixes changed the file: ${fixedCases}; PHP compile checks (before/after fixing): ${phpChecked}${phpSkipped ? ` (+${phpSkipped} whose original did not compile)` : ''}`,
    `  failures: ${fresh.length} new, ${knownTotal} matching known bugs${known.size ? ` (${[...known].map(([id, n]) => `${id} ${n}`).join(', ')})` : ''}`,
    ...notes.map((n) => `  note: ${n}`),
  ];
  const show = (f) => `    case ${f.k} ${f.property}${f.bug ? ` [known: ${f.bug}]` : ''}: ${f.detail.split('\n')[0].slice(0, 300)}\n      input: ${f.path ?? ''} ${f.origin ?? ''}`.slice(0, 1200) + `\n      replay: node scripts/fuzz.mjs --seed ${o.seed} --case ${f.k} --fixtures ${hash}`;
  if (fresh.length) lines.push('  new failures (first 30):', ...fresh.slice(0, 30).map(show));
  if (knownExamples.length) lines.push('  known-bug examples (up to 3 each):', ...knownExamples.map(show));
  console.log(lines.join('\n'));
  process.exit(fresh.length > 0 || (knownTotal > 0 && !o.allowKnown) ? 1 : 0);
}

const knownExamples = [];
if (isMainThread) await main();
