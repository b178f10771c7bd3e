// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self and inclusive time per function, mapped back to the
// TypeScript sources through the bundle's source map, and self time per source file or package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceMaps = new Map();

function sourceMapFor(url) {
  if (!sourceMaps.has(url)) {
    let map;
    try {
      const file = url.startsWith('file:') ? fileURLToPath(url) : url;
      if (existsSync(`${file}.map`)) map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = undefined;
    }
    sourceMaps.set(url, map);
  }
  return sourceMaps.get(url);
}

/** Where a call frame comes from: original source path and line when the bundle has a source map. */
function locate(frame, repoRoot) {
  const { url, lineNumber, columnNumber } = frame;
  if (!url) return { file: '(native)', line: 0 };
  const map = sourceMapFor(url);
  const entry = map?.findEntry(lineNumber, columnNumber);
  if (entry && entry.originalSource) {
    const original = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : entry.originalSource;
    // Sources are relative to the map's folder, which may be a snapshot copy: name them from the repository root.
    const inRepo = original.startsWith('/') ? relative(repoRoot, original) : original.replace(/^(?:\.\.?\/)+/, '');
    return { file: inRepo, line: entry.originalLine + 1 };
  }
  const file = url.startsWith('file:') ? fileURLToPath(url) : url;
  return { file: file.startsWith('/') ? relative(repoRoot, file) : file, line: lineNumber + 1 };
}

/** `node_modules/<pkg>` for dependencies, the source file otherwise; groups self time into owners of cost. */
function ownerOf(file) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (m) return `${m[1]} (dependency)`;
  return file;
}

export function summariseProfile(profilePath, repoRoot, { top = 12 } = {}) {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map();
  const info = new Map();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const where = locate(f, repoRoot);
    const name = f.functionName || '(anonymous)';
    const key = `${name} ${where.file}:${where.line}`;
    keyOf.set(n.id, key);
    if (!info.has(key)) info.set(key, { name, file: where.file, line: where.line, self: 0, total: 0 });
  }
  const byOwner = new Map();
  let total = 0;
  let idle = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000; // ms attributed to sample i
    const id = samples[i];
    const node = nodes.get(id);
    total += dt;
    if (node.callFrame.functionName === '(idle)') {
      idle += dt;
      continue;
    }
    const selfKey = keyOf.get(id);
    info.get(selfKey).self += dt;
    const owner = ['(garbage collector)', '(program)'].includes(node.callFrame.functionName) ? node.callFrame.functionName : ownerOf(info.get(selfKey).file);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf.get(cur);
      if (seen.has(k)) continue;
      seen.add(k);
      info.get(k).total += dt;
    }
  }
  const busy = total - idle;
  const fns = [...info.values()].filter((f) => f.name !== '(root)' && f.name !== '(idle)');
  return {
    busyMs: busy,
    totalMs: total,
    selfTop: [...fns].sort((a, b) => b.self - a.self).slice(0, top),
    totalTop: [...fns].filter((f) => !f.file.startsWith('node:') && f.file !== '(native)').sort((a, b) => b.total - a.total).slice(0, top),
    owners: [...byOwner.entries()].map(([owner, ms]) => ({ owner, ms })).sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

/** The newest .cpuprofile in a folder (node names them by time and pid). */
export function newestProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).sort();
  return files.length ? join(dir, files[files.length - 1]) : undefined;
}
