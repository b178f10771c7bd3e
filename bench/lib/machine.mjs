// The machine a run happened on, for the report: cores, memory, CPU, Node, OS, load, tool versions, commit.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';

function tryRun(command, args, cwd) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function describeMachine(repoRoot) {
  const debian = existsSync('/etc/debian_version') ? `Debian ${readFileSync('/etc/debian_version', 'utf8').trim()}` : os.type();
  const commit = tryRun('git', ['rev-parse', '--short', 'HEAD'], repoRoot);
  const dirty = tryRun('git', ['status', '--porcelain', '--untracked-files=no'], repoRoot);
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: tryRun('nproc', []) ?? String(os.availableParallelism()),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${debian}, Linux ${os.release()}`,
    ripgrep: tryRun('rg', ['--version'])?.split('\n')[0] ?? 'not installed',
    commit: commit ? `${commit}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown',
    loadAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

export const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
