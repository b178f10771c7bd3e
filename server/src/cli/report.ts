// The CLI's result model: one entry per linted file, with 1-based positions ready for every output format.
import type { Finding, RuleId, Severity } from '../engine/model';
import type { LineIndex } from '../engine/text';

export interface ReportMessage {
  ruleId: RuleId;
  severity: Severity;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixable: boolean;
  related: { message: string; line: number; column: number; endLine: number; endColumn: number }[];
}

export interface FileReport {
  /** Absolute path. */
  filePath: string;
  /** Path as shown to the user (relative to the working directory when inside it). */
  displayPath: string;
  messages: ReportMessage[];
}

function position(index: LineIndex, start: number, end: number) {
  const s = index.positionAt(start);
  const e = index.positionAt(end);
  return { line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function toMessages(findings: readonly Finding[], index: LineIndex): ReportMessage[] {
  return findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...position(index, f.span.start, f.span.end),
    fixable: f.fixes.length > 0,
    related: f.related.map((r) => ({ message: r.message, ...position(index, r.span.start, r.span.end) })),
  }));
}

export function isBlocking(severity: Severity): boolean {
  return severity === 'error' || severity === 'warning';
}
