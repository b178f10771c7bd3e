// Engine values (offset spans, severities, text edits) to LSP values (ranges, DiagnosticSeverity, TextEdit).
import { Diagnostic, DiagnosticSeverity, type Range, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { Finding, Severity, Span, TextEdit } from '../engine/model';
import { ruleDocUrl } from '../engine/rules';
import type { LineIndex } from '../engine/text';

export const DIAGNOSTIC_SOURCE = 'smtp-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspSeverity(s: Severity): DiagnosticSeverity {
  return SEVERITY[s];
}

export function spanToRange(index: LineIndex, span: Span): Range {
  return { start: index.positionAt(span.start), end: index.positionAt(span.end) };
}

export function toLspEdit(index: LineIndex, e: TextEdit): LspTextEdit {
  return { range: spanToRange(index, e), newText: e.newText };
}

export function findingToDiagnostic(f: Finding, index: LineIndex, uri: string): Diagnostic {
  const d: Diagnostic = {
    range: spanToRange(index, f.span),
    severity: toLspSeverity(f.severity),
    source: DIAGNOSTIC_SOURCE,
    code: f.ruleId,
    codeDescription: { href: ruleDocUrl(f.ruleId) },
    message: f.message,
  };
  if (f.related.length) {
    d.relatedInformation = f.related.map((r) => ({ location: { uri, range: spanToRange(index, r.span) }, message: r.message }));
  }
  return d;
}

/** Do two ranges touch (an empty request range at a diagnostic's edge counts)? */
export function rangesIntersect(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
