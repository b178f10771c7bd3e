// Runs engine calls and single regular expressions in a child process under a CPU-time limit, so a catastrophic
// backtracking case fails its test in seconds instead of hanging the suite, and a busy machine (other test files,
// other builds) does not make a healthy case look slow: the limit is on the CPU the child burns, read from
// /proc/<pid>/stat while it runs, not on wall-clock time. One child is reused until a job overruns, then replaced.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { slowestShape, type AttackShape } from './regex-inventory';

export type TimedJob =
  | { kind: 'lint'; path: string; text: string }
  | { kind: 'fix'; path: string; text: string }
  | { kind: 'regex'; source: string; flags: string; input: string }
  /** Time every attack shape of a pattern at `length` characters; answers the slowest (see regex-inventory.ts). */
  | { kind: 'regex-scan'; source: string; flags: string; length: number };

export interface TimedResult {
  /** CPU time (user + system) spent inside the call; Infinity when it overran and was killed. */
  ms: number;
  timedOut: boolean;
  error?: string;
  findings?: number;
  skipped?: string;
  /** regex-scan: the slowest shape and its time. */
  shape?: AttackShape;
  shapeMs?: number;
}

const isChild = process.env.SMTP_LINT_TIMED_CHILD === '1' && typeof process.send === 'function';

if (isChild) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const engine = require('../../server/src/engine') as typeof import('../../server/src/engine');
  console.error = () => undefined; // a crashing rule logs here; the parent sees the result, not the noise
  process.on('message', (job: TimedJob) => {
    const before = process.cpuUsage();
    const cpu = () => {
      const d = process.cpuUsage(before);
      return (d.user + d.system) / 1000;
    };
    try {
      if (job.kind === 'regex-scan') {
        const worst = slowestShape(job.source, job.flags, job.length);
        process.send!({ ms: cpu(), timedOut: false, shape: worst.shape, shapeMs: worst.ms });
      } else if (job.kind === 'regex') {
        const re = new RegExp(job.source, job.flags);
        if (re.global) job.input.replace(re, '');
        else re.exec(job.input);
        process.send!({ ms: cpu(), timedOut: false });
      } else if (job.kind === 'lint') {
        const r = engine.lintText(job.text, { path: job.path });
        process.send!({ ms: cpu(), timedOut: false, findings: r.findings.length, skipped: r.skipped });
      } else {
        engine.fixAll(job.text, { path: job.path });
        process.send!({ ms: cpu(), timedOut: false });
      }
    } catch (e) {
      process.send!({ ms: cpu(), timedOut: false, error: String((e as Error)?.message ?? e) });
    }
  });
}

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

/** CPU milliseconds a process has used so far (utime + stime from /proc), or undefined when unavailable. */
function cpuOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return undefined;
  }
}

export class TimedRunner {
  private child?: ChildProcess;

  private spawn(): ChildProcess {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) {
      this.child = fork(__filename, [], { env: { ...process.env, SMTP_LINT_TIMED_CHILD: '1' }, stdio: ['ignore', 'ignore', 'ignore', 'ipc'], execArgv: [] });
    }
    return this.child;
  }

  /**
   * Run `job`; when the child has burned `limitMs` of CPU (plus slack) without answering, kill it and report a
   * timeout. Without /proc, fall back to ten times the limit in wall-clock time.
   */
  run(job: TimedJob, limitMs: number): Promise<TimedResult> {
    const child = this.spawn();
    return new Promise((resolve) => {
      const base = cpuOf(child.pid!);
      const started = Date.now();
      const finish = (r: TimedResult) => {
        clearInterval(poll);
        child.removeListener('message', onMessage);
        child.removeListener('exit', onExit);
        resolve(r);
      };
      const kill = () => {
        child.kill('SIGKILL');
        if (this.child === child) this.child = undefined;
        finish({ ms: Infinity, timedOut: true });
      };
      const poll = setInterval(() => {
        const now = cpuOf(child.pid!);
        if (base !== undefined && now !== undefined ? now - base > limitMs + 500 : Date.now() - started > limitMs * 10) kill();
      }, 50);
      const onMessage = (r: TimedResult) => finish(r);
      const onExit = () => finish({ ms: Infinity, timedOut: false, error: 'the timing child exited' });
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(job);
    });
  }

  close(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }
}
