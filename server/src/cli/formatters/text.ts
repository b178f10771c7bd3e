// Default output: `file:line:col severity message rule`, one finding per line, then a summary.
import type { FileReport } from '../report';

export function formatText(reports: readonly FileReport[]): string {
  const lines: string[] = [];
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of reports) {
    for (const m of r.messages) {
      counts[m.severity]++;
      lines.push(`${r.displayPath}:${m.line}:${m.column} ${m.severity} ${m.message} ${m.ruleId}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total > 0) {
    lines.push('', `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.info + counts.hint} info)`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
