// Lint one file's text: detect its format, parse it into mail profiles, run the rules, apply severities,
// suppressions and secret redaction. Pure: no file system, no editor.
import type { SmtpLintConfig } from './config';
import { detectFormats } from './formats';
import type { Finding, FormatId, ParsedFile, ProjectHints, RuleId, Severity } from './model';
import { RULES } from './rules';
import { findSuppressions, isSuppressed } from './suppress';
import { LineIndex } from './text';
import { redact } from './redact';

export interface LintOptions {
  /** Path or URI path of the file; decides the format and appears in output. */
  path: string;
  config?: SmtpLintConfig;
  hints?: ProjectHints;
}

export interface LintResult {
  path: string;
  format?: FormatId;
  findings: Finding[];
  /** Set when the file was not linted, with the reason. */
  skipped?: string;
  /** The parsed file (profiles, symbols), for hovers and fixes. Holds secrets: never serialise it. */
  parsed?: ParsedFile;
  index: LineIndex;
}

export function severityFor(ruleId: RuleId, config: SmtpLintConfig | undefined): Severity | 'off' {
  const meta = RULES.find((r) => r.meta.id === ruleId)?.meta;
  return config?.rules?.[ruleId] ?? meta?.defaultSeverity ?? 'warning';
}

export function lintText(text: string, options: LintOptions): LintResult {
  const base = new Outcome(options.path, text);
  const detection = detectFormats(options.path, text);
  if (detection.reason !== undefined) return Object.assign(base, { skipped: detection.reason });
  let parsed: ParsedFile | undefined;
  let format = detection.formats[0];
  let skipped = '';
  for (const candidate of detection.formats) {
    format = candidate;
    try {
      parsed = candidate.parse(text, { path: options.path, hints: options.hints ?? {} });
    } catch (e) {
      // A parser bug must not take the editor or a CI run down: report the file as skipped, with the reason.
      parsed = undefined;
      skipped ||= `could not parse as ${candidate.id}: ${(e as Error).message}`;
      continue;
    }
    if (!parsed.skipped) break;
    skipped ||= parsed.skipped;
  }
  if (!parsed || parsed.skipped) return Object.assign(base, { format: format.id, skipped: skipped || 'no mail settings found', parsed });

  const suppressions = findSuppressions(text, parsed.comments, () => base.index);
  const anySuppression = suppressions.file.size > 0 || suppressions.lines.size > 0;
  const findings: Finding[] = [];
  const ruleOptions = { localHosts: options.config?.localHosts ?? [] };
  for (const rule of RULES) {
    const severity = severityFor(rule.meta.id, options.config);
    if (severity === 'off') continue;
    try {
      rule.check({
        file: parsed,
        path: options.path,
        options: ruleOptions,
        report: (f) => {
          if (anySuppression && isSuppressed(suppressions, rule.meta.id, base.index.positionAt(f.span.start).line)) return;
          findings.push({ ...f, ruleId: rule.meta.id, severity });
        },
      });
    } catch (e) {
      // One broken rule must not hide the others' findings.
      console.error(`smtp-lint: rule ${rule.meta.id} failed on ${options.path}: ${(e as Error).message}`);
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  // Profiles can share a setting (a Host list, environment branches): report each problem at a place once.
  const seen = new Set<string>();
  const unique = findings.filter((f) => {
    const id = `${f.ruleId}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  const secrets = parsed.secrets;
  return Object.assign(base, { format: format.id, parsed, findings: unique.map((f) => redactFinding(f, secrets)) });
}

/**
 * A lint's result. Positions are needed only for output and suppressions, so the line index is built on first use.
 * The getter lives on the class: an accessor defined per object (a literal's `get`, defineProperty) gives each result
 * its own hidden class, and those old-space maps keep every result's text and tree alive through the next
 * scavenges, which then copy and promote them all (about 800 KB per scavenge while typing in wp-config.php).
 */
class Outcome implements LintResult {
  findings: Finding[] = [];
  format?: FormatId;
  skipped?: string;
  parsed?: ParsedFile;
  readonly #text: string;
  #index: LineIndex | undefined;

  constructor(
    readonly path: string,
    text: string,
  ) {
    this.#text = text;
  }

  get index(): LineIndex {
    return (this.#index ??= new LineIndex(this.#text));
  }
}

function redactFinding(f: Finding, secrets: readonly string[]): Finding {
  return {
    ...f,
    message: redact(f.message, secrets),
    related: f.related.map((r) => ({ ...r, message: redact(r.message, secrets) })),
    fixes: f.fixes.map((x) => ({ ...x, title: redact(x.title, secrets) })),
  };
}
