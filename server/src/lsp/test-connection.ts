// "Test connection": which mail profiles of a linted file can be probed (and where their code lens goes), and the
// probe itself, run only when the user asks. Targets come from the same mapping as `smtp-lint probe --from`
// (TLS mode implicit -> tls, starttls/opportunistic -> starttls, none -> plain); every string that leaves here is
// redacted with the file's secrets.
import { basename } from 'node:path';
import { formatProbeText, targetsFromProfiles } from '../probe';
import type { MailProfile, ParsedFile, Span } from '../engine/model';
import { redact } from '../engine/redact';
import { probeWithAlternatives, type ProbeOptions, type ProbeResult, type ProbeTarget } from '../probe';
import type { ConnectionReport, TestConnectionResult } from './protocol';

export interface TestableProfile {
  /** Index into `parsed.profiles`. */
  profile: number;
  label: string;
  target: ProbeTarget;
  /** Where the lens goes: the host setting (its key when written), else the port setting. */
  span: Span;
}

export interface SkippedProfile {
  profile: number;
  label: string;
  reason: string;
}

function lensSpan(p: MailProfile): Span {
  return p.host?.keySpan ?? p.host?.span ?? p.port?.keySpan ?? p.port?.span ?? p.anchor;
}

/** Splits the profiles into those a probe can reach (active, with a literal host and a usable port) and the rest. */
export function testableProfiles(profiles: readonly MailProfile[]): { testable: TestableProfile[]; skipped: SkippedProfile[] } {
  const testable: TestableProfile[] = [];
  const skipped: SkippedProfile[] = [];
  profiles.forEach((p, profile) => {
    const { planned, skipped: why } = targetsFromProfiles([p]);
    if (planned.length) testable.push({ profile, label: p.label, target: planned[0].target, span: lensSpan(p) });
    else skipped.push({ profile, label: p.label, reason: why[0]?.reason ?? 'nothing to probe' });
  });
  return { testable, skipped };
}

function describeTarget(t: ProbeTarget): string {
  return `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port} (${t.mode})`;
}

/**
 * The notification text: the probe's summary ("port 25 timed out: ...; port 587 answered and offers STARTTLS"), and
 * when the configured port failed but another worked, what that one proved (STARTTLS and a valid certificate).
 */
export function connectionMessage(result: ProbeResult): string {
  const working = result.verdict === 'ok' ? undefined : result.alternatives?.find((a) => a.verdict === 'ok');
  return working ? `${result.summary}. ${working.summary}` : result.summary;
}

function report(probe: TestableProfile, result: ProbeResult, fileName: string, secrets: readonly string[]): ConnectionReport {
  const clean = (s: string): string => redact(s, secrets);
  const text = [
    formatProbeText(result, `Test connection: ${probe.label} in ${fileName}: probe ${describeTarget(probe.target)}`),
    // The alternatives' own steps, indented under the report: how 587 answered, with which certificate.
    ...(result.alternatives ?? []).map((alt) =>
      formatProbeText(alt, `${describeTarget(alt.target)}, step by step:`).replace(/^(?=.)/gm, '    '),
    ),
  ].join('');
  return {
    profile: probe.profile,
    label: clean(probe.label),
    target: { ...probe.target, host: clean(probe.target.host) },
    verdict: result.verdict,
    summary: clean(result.summary),
    message: clean(connectionMessage(result)),
    lines: clean(text).split('\n').filter((l) => l !== ''),
    alternatives: (result.alternatives ?? []).map((a) => ({ port: a.target.port, mode: a.target.mode, verdict: a.verdict, summary: clean(a.summary) })),
  };
}

/**
 * Probe the profile `only` of the file (or every testable one) and report in the linter's words. When the configured
 * port does not answer, 587 (STARTTLS) and 465 (implicit TLS) are tried as well.
 */
export async function testConnections(
  uri: string,
  path: string,
  parsed: ParsedFile,
  only: number | undefined,
  options: ProbeOptions = {},
): Promise<TestConnectionResult> {
  const { testable, skipped } = testableProfiles(parsed.profiles);
  const secrets = parsed.secrets;
  const wanted = only === undefined ? testable : testable.filter((t) => t.profile === only);
  const notTested = only === undefined ? skipped : skipped.filter((s) => s.profile === only);
  if (only !== undefined && wanted.length === 0 && notTested.length === 0) {
    notTested.push({ profile: only, label: `profile ${only}`, reason: 'the file no longer has this mail profile (it was edited meanwhile?)' });
  }
  const results = await Promise.all(wanted.map((t) => probeWithAlternatives(t.target, options)));
  const fileName = basename(path);
  const reports = wanted.map((t, i) => report(t, results[i], fileName, secrets));
  if (reports.length > 1) for (const r of reports) r.message = `${r.label}: ${r.message}`;
  return {
    uri,
    reports,
    skipped: notTested.map((s) => ({ profile: s.profile, label: redact(s.label, secrets), reason: redact(s.reason, secrets) })),
  };
}
