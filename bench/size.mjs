// Part 4, size and start-up: the packaged .vsix, the bundled server, and `smtp-lint --version` against `node -e 0`.
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { alternate, timeCommand } from './lib/processes.mjs';
import { formatBytes, formatMs, formatRatio, median, row } from './lib/stats.mjs';

/** Package with the same vsce flags as `npm run package` (the build already ran), into bench/.work. */
function packageVsix(repoRoot, workDir) {
  const out = join(workDir, 'smtp-lint.vsix');
  rmSync(out, { force: true });
  const vsce = join(repoRoot, 'node_modules', '.bin', 'vsce');
  if (!existsSync(vsce)) return { error: 'vsce is not installed (npm ci)' };
  try {
    timeCommand(vsce, ['package', '--no-dependencies', '-o', out], { cwd: repoRoot });
  } catch (e) {
    const reason = /ERROR\s+(.*)/.exec(e.message)?.[1] ?? e.message.split('\n')[0];
    // vsce's messages run long; the first sentence says what is missing.
    return { error: reason.trim().split(/(?<=\.)\s/)[0].slice(0, 140) };
  }
  return { bytes: statSync(out).size };
}

export async function runSizeBench(ctx) {
  const { repoRoot, workDir, log } = ctx;
  const rows = [];
  const raw = {};

  const vsix = ctx.skipPackage ? { error: 'skipped (--no-package)' } : packageVsix(repoRoot, workDir);
  raw.vsix = vsix;
  log(vsix.error ? `  .vsix: pending (${vsix.error})` : `  .vsix: ${formatBytes(vsix.bytes)}`);
  rows.push(row('Packaged extension (.vsix)', vsix.error ? 'pending' : formatBytes(vsix.bytes), { baseline: vsix.error ?? '' }));

  for (const name of ['server.js', 'cli.js', 'extension.js']) {
    const p = join(ctx.distDir, name);
    const bytes = existsSync(p) ? statSync(p).size : undefined;
    raw[name] = bytes;
    rows.push(row(`Bundle dist/${name}`, bytes === undefined ? 'missing' : formatBytes(bytes)));
  }

  const cli = { command: process.execPath, args: [ctx.cliJs, '--version'], options: { cwd: repoRoot } };
  const node = { command: process.execPath, args: ['-e', '0'], options: { cwd: repoRoot } };
  const { times } = alternate([cli, node], ctx.startupRuns);
  const [cliMs, nodeMs] = times.map(median);
  raw.startup = { cliMs, nodeMs, cliTimes: times[0], nodeTimes: times[1] };
  log(`  start-up: smtp-lint --version ${formatMs(cliMs)}, node -e 0 ${formatMs(nodeMs)}`);
  rows.push(
    row('Start-up: smtp-lint --version', formatMs(cliMs), {
      baseline: `node -e 0: ${formatMs(nodeMs)}`,
      ratio: formatRatio(cliMs / nodeMs),
    }),
  );
  return { rows, raw };
}
