// Generated inputs: a large .env and trees of copied config files. Everything is derived from files in the
// repository, so the inputs are the same on every machine.
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

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

/** Every file under `dir` (relative paths), skipping nothing: the copies must look like the originals. */
function listFiles(dir, base = dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) listFiles(p, base, out);
    else if (entry.isFile()) out.push(relative(base, p));
  }
  return out;
}

/**
 * A fresh tree of `copies` copies of the given source folders (relative to `repoRoot`), as `target/copy-NNNN/<source>`.
 * Returns how many files were written and which sources existed.
 */
export function configTree(repoRoot, sources, target, copies) {
  const present = sources.filter((s) => existsSync(join(repoRoot, s)));
  const perCopy = present.reduce((n, s) => n + listFiles(join(repoRoot, s)).length, 0);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  for (let c = 1; c <= copies; c++) {
    const copyDir = join(target, `copy-${String(c).padStart(4, '0')}`);
    for (const s of present) cpSync(join(repoRoot, s), join(copyDir, s), { recursive: true });
  }
  return { files: perCopy * copies, sources: present };
}
