// Part 3, memory: peak RSS of the CLI on the WordPress tree (against `node -e 0`), and of the language server after
// opening and linting 200 config files (against the same server idle after initialize), read from /proc.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { BenchClient } from './lib/lsp-client.mjs';
import { baseConfigSet, configTree } from './lib/generate.mjs';
import { nodePeakRss } from './lib/processes.mjs';
import { formatBytes, formatRatio, row } from './lib/stats.mjs';
import { WORDPRESS } from './scan.mjs';

const MiB = 1024 * 1024;
function allFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) allFiles(p, out);
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

/** The language id an editor would give the file (the server decides the format from the path anyway). */
function languageOf(path) {
  const name = basename(path);
  if (/\.php$/i.test(name)) return 'php';
  if (/\.jsonc?$/i.test(name)) return 'json';
  if (/\.ya?ml$/i.test(name)) return 'yaml';
  if (/^\.env|\.env$/i.test(name)) return 'dotenv';
  if (/\.ini$/i.test(name)) return 'ini';
  return 'plaintext';
}

export async function runMemoryBench(ctx) {
  const { repoRoot, serverJs, workDir, log } = ctx;
  const rows = [];
  const raw = {};

  const nodeBaseline = nodePeakRss(['-e', '0'], { cwd: repoRoot, workDir });
  raw.nodeBaseline = nodeBaseline;
  if (existsSync(WORDPRESS)) {
    const cli = nodePeakRss([ctx.cliJs, '--format', 'json', WORDPRESS], { cwd: repoRoot, workDir });
    raw.cliWordPress = cli;
    log(`  CLI on WordPress: peak RSS ${formatBytes(cli)}`);
    rows.push(
      row('CLI peak RSS, WordPress tree', formatBytes(cli), {
        baseline: `node -e 0: ${formatBytes(nodeBaseline)}`,
        ratio: formatRatio(cli / nodeBaseline),
        target: '≤ 150 MiB',
        ok: cli <= 150 * MiB,
      }),
    );
  }

  // 200 distinct files on disk (so config lookup and project hints run as in a real workspace).
  const tree = join(ctx.treeDir, 'memory-tree');
  configTree(repoRoot, baseConfigSet(repoRoot, 100), tree, 3);
  const files = allFiles(tree).slice(0, 200);
  const client = await BenchClient.start(serverJs, { workspaceFolder: tree });
  try {
    await new Promise((r) => setTimeout(r, 200)); // let start-up garbage settle before reading the baseline
    const idle = client.memory();
    let bytes = 0;
    let diagnostics = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      bytes += statSync(file).size;
      const uri = await client.open(file, text, languageOf(file));
      const report = await client.pull(uri);
      diagnostics += report.items?.length ?? 0;
    }
    const after = client.memory();
    raw.server = { idle, after, files: files.length, bytes, diagnostics };
    log(`  server: idle peak ${formatBytes(idle.peakRss)}, after ${files.length} files ${formatBytes(after.peakRss)} (RSS now ${formatBytes(after.rss)})`);
    rows.push(
      row(`Server peak RSS (VmHWM) after opening ${files.length} config files`, formatBytes(after.peakRss), {
        baseline: `idle after initialize: ${formatBytes(idle.peakRss)}`,
        ratio: formatRatio(after.peakRss / idle.peakRss),
        target: '≤ 100 MiB',
        ok: after.peakRss <= 100 * MiB,
      }),
    );
  } finally {
    await client.stop();
  }
  return { rows, raw };
}
