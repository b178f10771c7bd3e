// When the configured port does not answer, try the two submission ports and say which one would work.
import { probe } from './probe';
import type { ProbeMode, ProbeOptions, ProbeResult, ProbeTarget } from './types';

export interface AlternativePort {
  port: number;
  mode: ProbeMode;
}

/** Submission with STARTTLS, submission with implicit TLS (RFC 8314): what every mail provider offers. */
export const DEFAULT_ALTERNATIVES: readonly AlternativePort[] = [
  { port: 587, mode: 'starttls' },
  { port: 465, mode: 'tls' },
];

/**
 * Worth trying other ports: nothing answered (timeout, refused), or the mode does not fit the port (implicit TLS
 * met a plaintext greeting: "wrong version number").
 */
export function shouldTryAlternatives(result: ProbeResult): boolean {
  if (result.verdict === 'timeout' || result.verdict === 'refused') return true;
  return result.verdict === 'tls-failed' && result.steps.some((s) => s.name === 'tls' && s.code === 'plaintext-port');
}

/** "port 587 answered and offers STARTTLS", "port 465 timed out", ... */
export function describeAlternative(alt: ProbeResult): string {
  const { port, mode } = alt.target;
  const failedStep = alt.steps.find((s) => !s.ok && s.name !== 'quit');
  switch (alt.verdict) {
    case 'ok':
      return mode === 'tls' ? `port ${port} answered with implicit TLS` : mode === 'starttls' ? `port ${port} answered and offers STARTTLS` : `port ${port} answered`;
    case 'no-starttls':
      return `port ${port} answered but does not offer STARTTLS`;
    case 'tls-failed':
      return `port ${port} answered but TLS failed (${failedStep?.detail ?? 'handshake failed'})`;
    case 'timeout':
      return failedStep?.name === 'connect' ? `port ${port} timed out` : `port ${port} connected but did not answer in time`;
    case 'refused':
      return `port ${port} refused the connection`;
    case 'unreachable':
      return `port ${port} is unreachable`;
    case 'dns-failed':
      return `port ${port} could not be tried (DNS failed)`;
    default:
      return `port ${port} answered but not like an SMTP server`;
  }
}

/**
 * Probe `target`; when it fails for lack of an answer (or a mode/port mismatch), also probe 587 (STARTTLS) and
 * 465 (implicit TLS) on the same host, in parallel, and extend the summary with what they said. The verdict stays
 * the configured target's; the extra results are in `alternatives`. `alternatives` replaces 587/465 (tests).
 */
export async function probeWithAlternatives(
  target: ProbeTarget,
  options: ProbeOptions = {},
  alternatives: readonly AlternativePort[] = DEFAULT_ALTERNATIVES,
): Promise<ProbeResult> {
  const primary = await probe(target, options);
  if (!shouldTryAlternatives(primary)) return primary;
  const candidates = alternatives.filter((a) => !(a.port === target.port && a.mode === target.mode));
  const tried = await Promise.all(candidates.map((a) => probe({ host: target.host, port: a.port, mode: a.mode }, options)));
  return {
    ...primary,
    alternatives: tried,
    summary: [primary.summary, ...tried.map(describeAlternative)].join('; '),
  };
}
