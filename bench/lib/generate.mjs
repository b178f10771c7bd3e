// Generated inputs: a large .env and trees of copied config files. Everything is derived from files in the
// repository, so the inputs are the same on every machine.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * A Laravel .env of at least `minBytes`: the realistic fixture in the middle of a long list of service, feature-flag
 * and queue settings with comments, the way generated environment files of large deployments look.
 */
export function largeEnv(fixtureText, minBytes) {
  const block = (i) => {
    const n = String(i).padStart(5, '0');
    return [
      `# Service ${n}: internal API client`,
      `SERVICE_${n}_URL=https://svc-${n}.internal.example:8443/api/v2`,
      `SERVICE_${n}_TIMEOUT=30`,
      `SERVICE_${n}_TOKEN="\${SERVICE_${n}_TOKEN_SECRET}"`,
      `FEATURE_FLAG_${n}=${i % 3 === 0 ? 'true' : 'false'}`,
      `QUEUE_${n}_NAME=jobs-${n}`,
      '',
    ].join('\n');
  };
  const head = [];
  const tail = [];
  let size = Buffer.byteLength(fixtureText);
  for (let i = 0; size < minBytes; i++) {
    const b = `${block(i)}\n`;
    (i % 2 === 0 ? head : tail).push(b);
    size += Buffer.byteLength(b);
  }
  return `${head.join('')}${fixtureText}${fixtureText.endsWith('\n') ? '' : '\n'}${tail.join('')}`;
}

/** Every file under `dir` (relative paths, sorted). */
function listFiles(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(p, base, out);
    else if (entry.isFile()) out.push(relative(base, p));
  }
  return out;
}

/**
 * A fixed-size set of config files (paths relative to `repoRoot`): every file of `examples/` (whole projects), then
 * test fixtures taken in turn from each format's folder so every format is represented, up to `limit` files.
 * Expectation sidecars (`*.expect`) are not config files and are left out.
 */
export function baseConfigSet(repoRoot, limit) {
  const picked = [];
  const examples = join(repoRoot, 'examples');
  if (existsSync(examples)) picked.push(...listFiles(examples).map((f) => join('examples', f)));
  const fixtures = join(repoRoot, 'test', 'fixtures');
  const queues = existsSync(fixtures)
    ? readdirSync(fixtures, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
        .map((d) => listFiles(join(fixtures, d)).filter((f) => !f.endsWith('.expect')).map((f) => join('test', 'fixtures', d, f)))
    : [];
  while (picked.length < limit && queues.some((q) => q.length)) {
    for (const q of queues) if (q.length && picked.length < limit) picked.push(q.shift());
  }
  return picked.slice(0, limit);
}

/** A fresh tree of `copies` copies of `files` (relative to `sourceRoot`), as `target/copy-NNNN/<file>`. */
export function configTree(sourceRoot, files, target, copies) {
  rmSync(target, { recursive: true, force: true });
  for (let c = 1; c <= copies; c++) {
    const copyDir = join(target, `copy-${String(c).padStart(4, '0')}`);
    for (const f of files) {
      mkdirSync(dirname(join(copyDir, f)), { recursive: true });
      copyFileSync(join(sourceRoot, f), join(copyDir, f));
    }
  }
  return { files: files.length * copies };
}
