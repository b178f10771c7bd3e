// The small questions format tests ask of a lint, for a format whose tests mostly use one path.
import { lintText, type Finding, type LintResult, type MailProfile } from '../../server/src/engine';

export function lintHelpersFor(defaultPath: string) {
  const lint = (text: string, path = defaultPath): LintResult => lintText(text, { path });
  return {
    lint,
    /** `line ruleId` per finding, sorted. */
    found(text: string, path = defaultPath): string[] {
      const r = lint(text, path);
      return r.findings.map((f) => `${r.index.positionAt(f.span.start).line + 1} ${f.ruleId}`).sort();
    },
    /** The rule ids found, sorted. */
    rules: (text: string, path = defaultPath): string[] => lint(text, path).findings.map((f) => f.ruleId).sort(),
    profiles: (text: string, path = defaultPath): MailProfile[] => lint(text, path).parsed?.profiles ?? [],
    /** The findings of one rule. */
    only: (text: string, rule: string, path = defaultPath): Finding[] => lint(text, path).findings.filter((f) => f.ruleId === rule),
  };
}
