// Renders a benchmark run as a console table and as docs/benchmarks.md.
import { relative } from 'node:path';
import { formatMs } from './lib/stats.mjs';

const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : 'MISSED');

export function renderText(run) {
  const lines = [];
  for (const s of run.sections) {
    lines.push('', s.title);
    for (const r of s.rows) {
      const extra = [r.baseline && `baseline ${r.baseline}`, r.ratio && `ratio ${r.ratio}`, r.target && `target ${r.target}`, verdict(r.ok)].filter(Boolean);
      lines.push(`  ${r.measure}: ${r.value}${extra.length ? `  (${extra.join('; ')})` : ''}`);
    }
  }
  lines.push('');
  return lines.join('\n');
}

const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function profileTables(p, repoRoot) {
  const out = [];
  out.push(`**${p.title}** (${formatMs(p.busyMs)} on the CPU; profile: \`${relative(repoRoot, p.file)}\`)`, '');
  out.push('| Self time | Function | Source |', '|---:|---|---|');
  for (const f of p.selfTop.slice(0, 10)) out.push(`| ${formatMs(f.self)} | \`${cell(f.name).slice(0, 60)}\` | ${cell(f.file)}${f.line ? `:${f.line}` : ''} |`);
  out.push('', '| Self time by owner | Owner |', '|---:|---|');
  for (const o of p.owners.slice(0, 8)) out.push(`| ${formatMs(o.ms)} | ${cell(o.owner)} |`);
  out.push('');
  return out;
}

export function renderMarkdown(run, repoRoot) {
  const m = run.machine;
  const out = [];
  out.push(
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (\`node bench/run.mjs\`) on ${m.date}; do not edit by hand, run it again. The scripts are in`,
    '`bench/`; raw numbers of the last run are in `bench/.work/results.json` (not committed). Every ratio compares with',
    'a baseline measured in the same run, on the same machine, alternating the two commands.',
    '',
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU cores (\`nproc\`) | ${m.nproc} |`,
    `| Memory | ${m.memory} |`,
    `| CPU model | ${cell(m.cpu)} |`,
    `| Node | ${m.node} |`,
    `| OS | ${cell(m.os)} |`,
    `| ripgrep | ${cell(m.ripgrep)} |`,
    `| Commit | ${cell(m.commit)} |`,
    `| Load average (1, 5, 15 min) | ${m.loadAtStart} at start, ${m.loadAtEnd} at end |`,
    `| Build | ${cell(run.build)} |`,
    `| Duration of the run | ${run.durationS.toFixed(0)} s |`,
    '',
    '## Results',
    '',
  );
  const judged = run.sections.flatMap((s) => s.rows).filter((r) => r.ok !== undefined);
  const missed = judged.filter((r) => !r.ok);
  out.push(
    `${judged.length - missed.length} of ${judged.length} targets met${missed.length ? `; missed: ${missed.map((r) => r.measure.replace(/ \(.*?\)/g, '')).join('; ')}` : ''}.`,
    `Wall times on a shared machine stretch when the load average exceeds the core count (see above); ratios against`,
    'a baseline from the same moment are steadier than the absolute numbers.',
    '',
  );
  for (const s of run.sections) {
    out.push(`### ${s.title}${s.seconds ? ` (${s.seconds.toFixed(0)} s)` : ''}`, '', '| Measure | Result | Baseline (same run) | Ratio | Target | |', '|---|---:|---|---:|---|---|');
    for (const r of s.rows) out.push(`| ${cell(r.measure)} | ${cell(r.value)} | ${cell(r.baseline)} | ${cell(r.ratio)} | ${cell(r.target)} | ${verdict(r.ok)} |`);
    out.push('');
  }
  out.push(
    '## How it is measured',
    '',
    '- **Which build**: `npm run bench` runs `npm run build` when `dist/` is older than the sources, then copies',
    '  `bin/`, `dist/` and `package.json` to `bench/.work/snapshot/` and measures that copy (so a rebuild by someone',
    '  else mid-run cannot mix two builds), after checking that it lints both bench fixtures.',
    '- **Editor latency** (`bench/editor.mjs`): `node dist/server.js --stdio` as a child process, driven with',
    '  `vscode-languageserver-protocol/node` and the client capabilities VS Code sends (pull diagnostics,',
    '  `workspace/configuration` answered with defaults). Fixtures: `bench/fixtures/wp-config.php` (200 lines: database,',
    '  salts, debug settings, WP Mail SMTP constants, a `phpmailer_init` hook) and `bench/fixtures/laravel.env`',
    '  (60 lines). Each edit is one incremental `textDocument/didChange` of one character followed by a',
    '  `textDocument/diagnostic` request with the previous resultId; the time runs from sending the change to',
    '  receiving the report, so it includes the server applying the change. The session types " (relay)" at the end',
    '  of a comment and deletes it again, then types two digits after the port value and deletes them, 20 edits a',
    '  cycle. The client writes each message in one write, as Neovim and Helix do.',
    '  Before them the client warms its own code in an unmeasured session against a server of its own; then',
    `  ${run.settings.editorSessions ?? 1} session(s), each a fresh server given ${run.settings.edits} edits of each file; the percentiles are over the pooled`,
    '  edits (each session\'s own p99 is in the raw results): a p99 of 1,000 edits is the 10th slowest and swings with',
    '  whatever else the shared machine does at that moment. The 1 MiB `.env` is the Laravel fixture in the middle of',
    '  generated service and feature-flag settings; in the first session it gets the same typing until',
    `  ${run.settings.edits} edits or ${run.settings.bigBudgetMs / 1000} s (at least ${run.settings.bigMinEdits} edits). The baseline is a pull with nothing`,
    '  changed (the server answers "unchanged" from its cache), 1,000 times per session: the cost of the round trip itself, its p99 the',
    '  jitter no lint adds (scheduling on the shared cores, both processes\' garbage collection). p50/p99 are',
    '  nearest-rank percentiles. Start-up: spawn → `initialize` result, and `initialize` sent → first diagnostics of',
    '  `wp-config.php` (open + pull), medians of fresh processes.',
    '- **Whole-tree scan** (`bench/scan.mjs`): wall time around `spawnSync` with stdout read through a pipe (ripgrep',
    '  stops at the first match when stdout is /dev/null, so hyperfine\'s default would flatter it). The folder walk',
    '  skips WordPress core (`wp-admin/`, `wp-includes/` next to `wp-settings.php`: no mail settings there, replaced by',
    '  every update), which ripgrep reads; the row after it names those folders too, so the CLI reads them. One warm-up each,',
    `  then the two commands alternate (order reversed every round); medians of ${run.settings.runs} (3 for the 100× tree). The 1× tree is`,
    '  100 files: all of `examples/`, then test fixtures taken in turn from each format\'s folder; 10× and 100× are',
    '  copies of it, in a temporary folder outside the repository (the CLI honours `.gitignore` files above the folder',
    '  it walks, and `bench/.work/` is git-ignored). Linear means the time per file does not grow with the tree.',
    '- **Memory** (`bench/memory.mjs`): the CLI\'s peak RSS is `process.resourceUsage().maxRSS` written at exit by a',
    '  preloaded `bench/lib/report-maxrss.cjs` (no `/usr/bin/time` needed); the baseline is `node -e 0` measured the',
    '  same way. The server opens 200 distinct config files (copies of the 1× tree\'s files, on disk, in a workspace',
    '  folder), pulls diagnostics for each, and `VmHWM` is read from `/proc/<pid>/status`; the baseline is',
    '  the same process idle after `initialize`.',
    '- **Size and start-up** (`bench/size.mjs`): the `.vsix` is packaged with the flags of `npm run package`',
    '  (`vsce package --no-dependencies`) into `bench/.work/`; start-up is the median of alternating runs.',
    '',
    '### Commands',
    '',
    '```sh',
    'node dist/server.js --stdio                                   # driven by bench/editor.mjs and bench/memory.mjs',
    'node bin/smtp-lint.js --format json /usr/share/wordpress',
    'rg -l -i -e smtp -e mail_port -e wpms_ /usr/share/wordpress',
    'node bin/smtp-lint.js --format json /usr/share/wordpress /usr/share/wordpress/wp-admin /usr/share/wordpress/wp-includes',
    'node bin/smtp-lint.js --format json $TMPDIR/smtp-lint-bench-<pid>/tree-{1,10,100}x',
    'node --require bench/lib/report-maxrss.cjs bin/smtp-lint.js --format json /usr/share/wordpress',
    'node --require bench/lib/report-maxrss.cjs -e 0',
    'node_modules/.bin/vsce package --no-dependencies -o bench/.work/smtp-lint.vsix',
    'node bin/smtp-lint.js --version',
    'node -e 0',
    'node --cpu-prof --cpu-prof-dir=bench/.work/profile-scan bin/smtp-lint.js --format json /usr/share/wordpress',
    'node --cpu-prof --cpu-prof-dir=bench/.work/profile-server dist/server.js --stdio  # edit loop on wp-config.php',
    '```',
    '',
  );
  const profiles = Object.values(run.profiles ?? {}).filter((p) => p && p.selfTop);
  if (profiles.length) {
    out.push('## Where the time goes', '', 'Self time from `node --cpu-prof`, mapped to the TypeScript sources through the bundles\' source maps.', '');
    for (const p of profiles) out.push(...profileTables(p, repoRoot));
  }
  return `${out.join('\n').trimEnd()}\n`;
}
