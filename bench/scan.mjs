// Part 2, whole-tree scan: the CLI against ripgrep on Debian's WordPress, and the CLI on trees of 1×, 10× and 100×
// copies of the repository's example and fixture configs, to show the cost per file stays flat.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { baseConfigSet, configTree } from './lib/generate.mjs';
import { alternate } from './lib/processes.mjs';
import { formatMs, formatRatio, median, row } from './lib/stats.mjs';

export const WORDPRESS = '/usr/share/wordpress';
const RG_ARGS = ['-l', '-i', '-e', 'smtp', '-e', 'mail_port', '-e', 'wpms_', WORDPRESS];
/** Files in the 1× tree; 100× is then 10,000 files, a few seconds a run. */
export const BASE_FILES = 100;

function cliArgs(cliJs, target) {
  return [cliJs, '--format', 'json', target];
}

/** JSON reports the CLI printed: proves the run linted something rather than failing fast. */
function lintedFiles(stdout) {
  return JSON.parse(stdout).length;
}

export async function runScanBench(ctx) {
  const { repoRoot, runs, log } = ctx;
  const rows = [];
  const raw = {};
  if (!existsSync(WORDPRESS)) {
    rows.push(row('WordPress tree scan', 'pending', { target: '≤ 5× ripgrep', baseline: `${WORDPRESS} missing (apt-get install wordpress)` }));
  } else {
    // Exit status 1 means "findings", which is a normal outcome for a lint run.
    const cli = { command: process.execPath, args: cliArgs(ctx.cliJs, WORDPRESS), options: { cwd: repoRoot, okStatuses: [0, 1] } };
    const rg = { command: 'rg', args: RG_ARGS, options: { cwd: repoRoot, okStatuses: [0, 1] } };
    const { times, last } = alternate([cli, rg], runs);
    const [cliMs, rgMs] = times.map(median);
    raw.wordpress = { cliMs, rgMs, cliTimes: times[0], rgTimes: times[1], linted: lintedFiles(last[0].stdout), rgFiles: last[1].stdout.split('\n').filter(Boolean).length };
    log(`  WordPress: CLI ${formatMs(cliMs)}, rg ${formatMs(rgMs)} (medians of ${runs})`);
    rows.push(
      row(`WordPress tree (${WORDPRESS}), CLI --format json`, formatMs(cliMs), {
        baseline: `rg ${formatMs(rgMs)}`,
        ratio: formatRatio(cliMs / rgMs),
        target: '≤ 5×',
        ok: cliMs / rgMs <= 5,
      }),
    );
    // For the record, not a target: the folder walk skips WordPress core (wp-admin, wp-includes: no mail settings,
    // replaced by every update); named on the command line, the core folders are read and linted like the rest.
    const core = ['wp-admin', 'wp-includes'].map((d) => join(WORDPRESS, d));
    const full = { command: process.execPath, args: [ctx.cliJs, '--format', 'json', WORDPRESS, ...core], options: { cwd: repoRoot, okStatuses: [0, 1] } };
    const withCore = alternate([full, rg], runs);
    const [fullMs, rgMs2] = withCore.times.map(median);
    raw.wordpressWithCore = { cliMs: fullMs, rgMs: rgMs2, linted: lintedFiles(withCore.last[0].stdout) };
    log(`  WordPress with core folders named: CLI ${formatMs(fullMs)}, rg ${formatMs(rgMs2)}`);
    rows.push(
      row(`WordPress tree with wp-admin and wp-includes named too (not skipped)`, formatMs(fullMs), {
        baseline: `rg ${formatMs(rgMs2)}`,
        ratio: formatRatio(fullMs / rgMs2),
      }),
    );
  }

  // Scaling: the same configs copied 1, 10 and 100 times; the start-up cost is amortised, the per-file cost stays.
  // Larger trees copy the first tree's copy, so every scale holds the same files even if the repository changes.
  const scaling = [];
  const files = baseConfigSet(repoRoot, BASE_FILES);
  let firstCopy;
  for (const copies of ctx.scaleCopies) {
    const target = join(ctx.treeDir, `tree-${copies}x`);
    const tree = configTree(firstCopy ?? repoRoot, files, target, copies);
    firstCopy ??= join(target, 'copy-0001');
    const runsHere = copies >= 100 ? 3 : runs; // the largest tree takes seconds a run: fewer runs keep the whole bench short
    const cmd = { command: process.execPath, args: cliArgs(ctx.cliJs, target), options: { cwd: repoRoot, okStatuses: [0, 1] } };
    const { times, last } = alternate([cmd], runsHere);
    const ms = median(times[0]);
    const linted = lintedFiles(last[0].stdout);
    if (scaling.length && linted !== (scaling[0].linted / scaling[0].copies) * copies) {
      throw new Error(`the ${copies}× tree linted ${linted} files, not ${copies} × ${scaling[0].linted / scaling[0].copies}: results are not comparable`);
    }
    scaling.push({ copies, files: tree.files, linted, ms, times: times[0] });
    log(`  ${copies}× tree: ${tree.files} files (${linted} linted), ${formatMs(ms)} (median of ${runsHere})`);
  }
  raw.scaling = scaling;
  raw.treeFiles = files;
  // Linear means the time per file does not grow with the tree: each scale is compared with the one before it.
  scaling.forEach((s, i) => {
    const perFile = s.ms / s.files;
    const prev = scaling[i - 1];
    const prevPerFile = prev ? prev.ms / prev.files : undefined;
    rows.push(
      row(`${s.copies}× config tree: ${s.files} files (${s.linted} with mail settings), time per file`, formatMs(perFile), {
        baseline: prev ? `${prev.copies}×: ${formatMs(prevPerFile)}/file` : `total ${formatMs(s.ms)}`,
        ratio: prev ? formatRatio(perFile / prevPerFile) : '',
        target: prev ? `≤ 1.1× of ${prev.copies}× (linear)` : '',
        ok: prev ? perFile <= prevPerFile * 1.1 : undefined,
      }),
    );
  });
  // Marginal cost: what each extra file adds once start-up is paid (slope between the two largest trees).
  if (scaling.length >= 2) {
    const [a, b] = scaling.slice(-2);
    raw.marginalMsPerFile = (b.ms - a.ms) / (b.files - a.files);
    rows.push(row(`Marginal cost per file (${a.copies}× → ${b.copies}×)`, formatMs(raw.marginalMsPerFile), { baseline: `(${formatMs(b.ms)} − ${formatMs(a.ms)}) / ${b.files - a.files} files` }));
  }
  return { rows, raw };
}

