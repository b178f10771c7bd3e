// SARIF 2.1.0 with rule metadata and help links, for code-scanning dashboards.
import { relative, sep } from 'node:path';
import { RULES, ruleDocUrl } from '../../engine/rules';
import type { Severity } from '../../engine/model';
import type { FileReport } from '../report';

function level(s: Severity): 'error' | 'warning' | 'note' {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

export function formatSarif(reports: readonly FileReport[], version: string, cwd: string): string {
  const rules = RULES.map((r) => ({
    id: r.meta.id,
    name: r.meta.title,
    shortDescription: { text: r.meta.title },
    fullDescription: { text: r.meta.description },
    helpUri: ruleDocUrl(r.meta.id),
    help: { text: `${r.meta.description} See ${ruleDocUrl(r.meta.id)}` },
    defaultConfiguration: { level: level(r.meta.defaultSeverity) },
    properties: { fixable: r.meta.fixable, tags: ['smtp', 'security'] },
  }));
  const uriOf = (p: string) => {
    const rel = relative(cwd, p);
    return rel.startsWith('..') ? `file://${p.split(sep).join('/')}` : rel.split(sep).join('/');
  };
  const results = reports.flatMap((r) =>
    r.messages.map((m) => ({
      ruleId: m.ruleId,
      ruleIndex: RULES.findIndex((x) => x.meta.id === m.ruleId),
      level: level(m.severity),
      message: { text: m.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriOf(r.filePath), uriBaseId: '%SRCROOT%' },
            region: { startLine: m.line, startColumn: m.column, endLine: m.endLine, endColumn: m.endColumn },
          },
        },
      ],
      relatedLocations: m.related.map((rel, i) => ({
        id: i,
        message: { text: rel.message },
        physicalLocation: {
          artifactLocation: { uri: uriOf(r.filePath), uriBaseId: '%SRCROOT%' },
          region: { startLine: rel.line, startColumn: rel.column, endLine: rel.endLine, endColumn: rel.endColumn },
        },
      })),
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'smtp-lint', version, informationUri: 'https://github.com/smtp-lint/smtp-lint', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${cwd.split(sep).join('/')}/` } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
