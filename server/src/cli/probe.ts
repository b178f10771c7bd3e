// `smtp-lint probe`: test a relay for real, from a host[:port] or from the SMTP settings in a config file.
import { readFile } from 'node:fs/promises';
import { isCandidatePath, lintText } from '../engine';
import { redact } from '../engine/redact';
import { findProjectHints } from '../node/config-loader';
import {
  describeTarget,
  formatProbeText,
  parseHostPort,
  probe,
  targetsFromProfiles,
  defaultPortFor,
  type PlannedProbe,
  type SkippedProfile,
  probeWithAlternatives,
  type ProbeMode,
  type ProbeOptions,
  type ProbeResult,
} from '../probe';

export interface ProbeCommandIo {
  /** Receives complete lines, each ending in "\n" (suits process.stdout.write). */
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export const PROBE_USAGE = `usage: smtp-lint probe <host[:port]> [--mode starttls|tls|plain] [options]
       smtp-lint probe --from <file> [options]

Connects to an SMTP server and reports each step: DNS, TCP connect, greeting, EHLO, STARTTLS or implicit TLS
with certificate and host-name verification, QUIT. Never sends credentials or mail.

  --mode starttls|tls|plain  how to talk to the server (default starttls); the default port is 587, 465 or 25
  --from <file>              probe the host, port and TLS mode of each active SMTP profile in a config file
  --timeout <ms>             limit for the connection and for each reply (default 5000; whole probe 3x that)
  --ca <file>                also trust the CA certificate(s) in this PEM file (a company or test CA)
  --format text|json         output format (default text)
  --no-alternatives          when the port fails, do not also try 587 (STARTTLS) and 465 (implicit TLS)
  -h, --help                 show this help

Exit code: 0 when every probe works, 1 when any fails, 2 on a usage error.
`;

class UsageError extends Error {}

interface ProbeArgs {
  hostPort?: string;
  mode?: ProbeMode;
  from?: string;
  timeoutMs?: number;
  caFile?: string;
  format: 'text' | 'json';
  alternatives: boolean;
  help: boolean;
}

const OPTIONS_WITH_VALUE = new Set(['--mode', '--from', '--timeout', '--format', '--ca']);

function parseArgs(args: string[]): ProbeArgs {
  const parsed: ProbeArgs = { format: 'text', alternatives: true, help: false };
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      parsed.help = true;
      continue;
    }
    if (arg === '--no-alternatives') {
      parsed.alternatives = false;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (!OPTIONS_WITH_VALUE.has(name)) throw new UsageError(`unknown option ${name}`);
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[++i];
      if (value === undefined || (value.startsWith('--') && value.length > 2)) throw new UsageError(`${name} needs a value`);
    }
    switch (name) {
      case '--mode':
        if (value !== 'starttls' && value !== 'tls' && value !== 'plain') {
          throw new UsageError(`--mode must be starttls, tls or plain, not "${value}"`);
        }
        parsed.mode = value;
        break;
      case '--format':
        if (value !== 'text' && value !== 'json') throw new UsageError(`--format must be text or json, not "${value}"`);
        parsed.format = value;
        break;
      case '--timeout': {
        const ms = /^\d+$/.test(value) ? Number(value) : NaN;
        if (!Number.isSafeInteger(ms) || ms < 1) throw new UsageError(`--timeout must be a whole number of milliseconds, not "${value}"`);
        parsed.timeoutMs = ms;
        break;
      }
      case '--from':
        parsed.from = value;
        break;
      case '--ca':
        parsed.caFile = value;
        break;
    }
  }
  if (parsed.help) return parsed;
  if (positionals.length > 1) throw new UsageError(`expected one host, got ${positionals.length}: ${positionals.join(' ')}`);
  parsed.hostPort = positionals[0];
  if (parsed.from !== undefined && parsed.hostPort !== undefined) throw new UsageError('give either a host or --from <file>, not both');
  if (parsed.from === undefined && parsed.hostPort === undefined) throw new UsageError('missing the host to probe (or --from <file>)');
  if (parsed.from !== undefined && parsed.mode !== undefined) {
    throw new UsageError('--mode applies to a host; with --from each profile\'s own TLS mode is used');
  }
  return parsed;
}

function probeOptions(args: ProbeArgs, ca: string | undefined): ProbeOptions {
  const options: ProbeOptions = {};
  if (args.timeoutMs !== undefined) {
    options.connectTimeoutMs = args.timeoutMs;
    options.replyTimeoutMs = args.timeoutMs;
    options.overallTimeoutMs = args.timeoutMs * 3;
  }
  if (ca !== undefined) options.ca = ca;
  return options;
}

export async function runProbeCommand(args: string[], io: ProbeCommandIo): Promise<number> {
  let parsed: ProbeArgs;
  try {
    parsed = parseArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`smtp-lint probe: ${e.message}\n${PROBE_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(PROBE_USAGE);
    return 0;
  }

  let ca: string | undefined;
  if (parsed.caFile !== undefined) {
    try {
      ca = await readFile(parsed.caFile, 'utf8');
    } catch (e) {
      io.stderr(`smtp-lint probe: cannot read the CA file ${parsed.caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
      return 2;
    }
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) {
      io.stderr(`smtp-lint probe: ${parsed.caFile} holds no PEM certificate\n`);
      return 2;
    }
  }
  const options = probeOptions(parsed, ca);

  let planned: PlannedProbe[];
  let skipped: SkippedProfile[] = [];
  let secrets: readonly string[] = [];
  if (parsed.from !== undefined) {
    const fromFile = await planFromFile(parsed.from, io);
    if (typeof fromFile === 'number') return fromFile;
    ({ planned, skipped, secrets } = fromFile);
  } else {
    const hostPort = parseHostPort(parsed.hostPort ?? '');
    if (!hostPort) {
      io.stderr(`smtp-lint probe: "${parsed.hostPort}" is not a host or host:port (write IPv6 addresses as [::1]:25)\n${PROBE_USAGE}`);
      return 2;
    }
    const mode = parsed.mode ?? 'starttls';
    planned = [{ target: { host: hostPort.host, port: hostPort.port ?? defaultPortFor(mode), mode } }];
  }

  // Config files hold passwords: everything printed for --from passes through the file's redaction.
  const out = (s: string): void => io.stdout(redact(s, secrets));
  const err = (s: string): void => io.stderr(redact(s, secrets));
  const run = parsed.alternatives ? probeWithAlternatives : probe;

  const results: (ProbeResult & { profile?: string; file?: string })[] = [];
  for (const plan of planned) {
    const result = await run(plan.target, options);
    results.push(plan.label !== undefined ? { ...result, profile: plan.label, file: parsed.from } : result);
    if (parsed.format === 'text') {
      out(formatProbeText(result, plan.label !== undefined ? `${plan.label}: probe ${describeTarget(plan.target)}` : undefined));
    }
  }
  const skippedLines = skipped.map((s) => `skipped ${s.label}: ${s.reason}\n`);
  if (parsed.format === 'json') {
    out(`${JSON.stringify(results, null, 2)}\n`);
    for (const line of skippedLines) err(line);
  } else {
    for (const line of skippedLines) out(line);
  }
  if (planned.length === 0) {
    err(`smtp-lint probe: nothing to probe in ${parsed.from}: no active SMTP profile with a literal host\n`);
    return 1;
  }
  return results.every((r) => r.verdict === 'ok') ? 0 : 1;
}

/** Lints the file and plans a probe per active profile; returns an exit code when the file cannot be used. */
async function planFromFile(
  path: string,
  io: ProbeCommandIo,
): Promise<{ planned: PlannedProbe[]; skipped: SkippedProfile[]; secrets: readonly string[] } | number> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.stderr(`smtp-lint probe: cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : code ?? (e as Error).message}\n`);
    return 2;
  }
  if (!isCandidatePath(path)) {
    io.stderr(`smtp-lint probe: ${path} is not a supported configuration file (.env, PHP, a WordPress plugin JSON dump)\n`);
    return 2;
  }
  const lint = lintText(text, { path, hints: findProjectHints(path) });
  const secrets = lint.parsed?.secrets ?? [];
  const profiles = lint.parsed?.profiles ?? [];
  if (profiles.length === 0 && lint.skipped) {
    // A supported kind of file without mail settings: nothing to probe, said once the planning is done.
    io.stderr(`smtp-lint probe: ${path}: ${redact(lint.skipped, secrets)}\n`);
  }
  return { ...targetsFromProfiles(profiles), secrets };
}
