// From a linted file's mail profiles to probe targets, and the text report of a probe: shared by the CLI's
// `probe --from` and the language server's "Test connection".
import type { MailProfile, TlsMode } from '../engine/model';
import { defaultPortFor, type ProbeMode, type ProbeResult, type ProbeTarget } from './types';

/** A probe to run, named after where it came from. */
export interface PlannedProbe {
  target: ProbeTarget;
  /** The profile's label, for --from. */
  label?: string;
}

export interface SkippedProfile {
  label: string;
  reason: string;
}

/**
 * `smtp.example.com`, `smtp.example.com:587`, `192.0.2.1:25`, `[2001:db8::1]:465`, `2001:db8::1` (no port).
 * Returns undefined for text that is not a host with an optional port.
 */
export function parseHostPort(text: string): { host: string; port?: number } | undefined {
  const s = text.trim();
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::(.*))?$/.exec(s);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if ((s.match(/:/g) ?? []).length > 1) {
    host = s; // a bare IPv6 address: no port possible without brackets
    if (!/^[0-9a-fA-F:.]+$/.test(host)) return undefined;
  } else {
    const colon = s.indexOf(':');
    host = colon >= 0 ? s.slice(0, colon) : s;
    portText = colon >= 0 ? s.slice(colon + 1) : undefined;
  }
  // Host names: letters, digits, hyphens, underscores (compose service names), dots.
  if (!host || (!bracketed && !host.includes(':') && !/^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\.?$/.test(host))) return undefined;
  if (portText === undefined) return { host };
  if (!/^\d{1,5}$/.test(portText)) return undefined;
  const port = Number(portText);
  return port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/** The probe mode for a profile's TLS mode: opportunistic STARTTLS is probed as STARTTLS (is it offered?). */
export function modeForTls(tls: TlsMode): ProbeMode {
  switch (tls) {
    case 'implicit':
      return 'tls';
    case 'none':
      return 'plain';
    default:
      return 'starttls';
  }
}

/** What to probe for each profile of a file, and why the others are skipped. */
export function targetsFromProfiles(profiles: readonly MailProfile[]): { planned: PlannedProbe[]; skipped: SkippedProfile[] } {
  const planned: PlannedProbe[] = [];
  const skipped: SkippedProfile[] = [];
  for (const p of profiles) {
    const label = p.label;
    const skip = (reason: string): void => {
      skipped.push({ label, reason });
    };
    if (!p.active) {
      skip(`not active${p.inactiveReason ? `: ${p.inactiveReason}` : ''}`);
      continue;
    }
    const host = p.host;
    if (!host || host.value.trim() === '') {
      skip('no host is set');
      continue;
    }
    if (host.origin !== 'literal') {
      const why =
        host.origin === 'fallback'
          ? `the host comes from ${host.reference ?? 'the environment'} at run time`
          : host.origin === 'default'
            ? `no host is written (${host.key} defaults to ${host.value})`
            : `the host is not written literally (implied by ${host.key})`;
      skip(`${why}; only a literal host is probed`);
      continue;
    }
    // PHPMailer-style `ssl://host` or `tls://host`: the prefix is the TLS mode, not part of the name.
    const hostName = host.value.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    if (hostName.startsWith('/')) {
      skip('the host is a Unix socket path');
      continue;
    }
    const parsedHost = parseHostPort(hostName);
    if (!parsedHost) {
      skip(`"${hostName}" is not a single host name or address`);
      continue;
    }
    const mode = modeForTls(p.tls.value);
    let port = parsedHost.port ?? defaultPortFor(mode);
    if (p.port !== undefined) {
      const v = p.port.value;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) {
        skip(`the port ${JSON.stringify(String(v))} is not a usable port number`);
        continue;
      }
      port = v;
    }
    planned.push({ label, target: { host: parsedHost.host, port, mode } });
  }
  return { planned, skipped };
}

export function describeTarget(t: ProbeTarget): string {
  const host = t.host.includes(':') ? `[${t.host}]` : t.host;
  return `${host}:${t.port} (${t.mode})`;
}

/** The text report of one probe: a line per step, the verdict, and the alternatives that were tried. */
export function formatProbeText(result: ProbeResult, heading?: string): string {
  const lines: string[] = [heading ?? `probe ${describeTarget(result.target)}`];
  const width = Math.max(...result.steps.map((s) => s.name.length), 4);
  for (const step of result.steps) {
    lines.push(`  ${step.ok ? 'ok  ' : 'FAIL'}  ${step.name.padEnd(width)}  ${step.detail} (${step.ms} ms)`);
  }
  lines.push(`  verdict: ${result.verdict}: ${result.summary}`);
  if (result.alternatives?.length) {
    lines.push('  also tried:');
    for (const alt of result.alternatives) lines.push(`    ${describeTarget(alt.target)}: ${alt.verdict}: ${alt.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

