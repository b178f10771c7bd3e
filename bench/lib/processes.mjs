// Timing child processes: wall time around spawnSync, with stdout read through a pipe (never /dev/null: ripgrep
// notices /dev/null and stops at the first match, which would flatter it).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { now } from './stats.mjs';

/** Run a command once; returns wall ms, exit status and output. Throws when it cannot start or is killed. */
export function timeCommand(command, args, { cwd, env, okStatuses = [0] } = {}) {
  const started = now();
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = now() - started;
  if (r.error) throw new Error(`${command} could not run: ${r.error.message}`);
  if (r.signal) throw new Error(`${command} ${args.join(' ')} was killed by ${r.signal}`);
  if (!okStatuses.includes(r.status)) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Run each command `runs` times after one warm-up each, alternating between them (and reversing the order every
 * round), so a busy moment on the machine hits all commands alike. Returns wall times per command.
 */
export function alternate(commands, runs) {
  const times = commands.map(() => []);
  const last = commands.map(() => undefined);
  commands.forEach((c, i) => (last[i] = timeCommand(c.command, c.args, c.options)));
  for (let round = 0; round < runs; round++) {
    const order = commands.map((_, i) => i);
    if (round % 2 === 1) order.reverse();
    for (const i of order) {
      const r = timeCommand(commands[i].command, commands[i].args, commands[i].options);
      times[i].push(r.ms);
      last[i] = r;
    }
  }
  return { times, last };
}

/**
 * Peak RSS of a node script, measured inside the process: a preloaded module writes process.resourceUsage().maxRSS
 * at exit to a file. Works without /usr/bin/time.
 */
export function nodePeakRss(args, { cwd, workDir, okStatuses = [0, 1] }) {
  const out = join(workDir, `maxrss-${process.pid}-${Date.now()}.txt`);
  rmSync(out, { force: true });
  const preload = new URL('./report-maxrss.cjs', import.meta.url).pathname;
  timeCommand(process.execPath, ['--require', preload, ...args], { cwd, env: { ...process.env, SMTP_LINT_BENCH_MAXRSS: out }, okStatuses });
  if (!existsSync(out)) throw new Error('the process did not report its peak RSS');
  const kib = Number(readFileSync(out, 'utf8'));
  rmSync(out, { force: true });
  return kib * 1024;
}
