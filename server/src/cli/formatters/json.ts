// ESLint's JSON shape: [{filePath, messages:[{ruleId, severity (2 error, 1 otherwise), message, line, column,
// endLine, endColumn}], errorCount, warningCount, fixableErrorCount, fixableWarningCount}].
import type { FileReport } from '../report';

export function formatJson(reports: readonly FileReport[]): string {
  const out = reports.map((r) => {
    const messages = r.messages.map((m) => ({
      ruleId: m.ruleId,
      severity: m.severity === 'error' ? 2 : 1,
      message: m.message,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
    }));
    const errors = r.messages.filter((m) => m.severity === 'error');
    const others = r.messages.filter((m) => m.severity !== 'error');
    return {
      filePath: r.filePath,
      messages,
      errorCount: errors.length,
      warningCount: others.length,
      fixableErrorCount: errors.filter((m) => m.fixable).length,
      fixableWarningCount: others.filter((m) => m.fixable).length,
    };
  });
  return JSON.stringify(out, null, 2) + '\n';
}
