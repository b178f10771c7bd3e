// Suppression directives in comments: `smtp-lint-disable-next-line <rule>[, <rule>] [-- reason]`
// and `smtp-lint-disable-file [<rule>...]`. No rule list means every rule.
import type { ParsedFile, Span } from './model';
import { LineIndex } from './text';

export interface Suppressions {
  /** Rules disabled for the whole file; '*' means all. */
  file: Set<string>;
  /** 0-based line -> rules disabled on it. */
  lines: Map<number, Set<string>>;
}

const DIRECTIVE = /smtp-lint-disable-(next-line|file)\b([^\n\r]*)/g;

function ruleList(rest: string): string[] {
  const withoutReason = rest.split('--')[0].replace(/\*\/\s*$/, '');
  const ids = withoutReason.split(/[\s,]+/).filter((s) => /^[a-z0-9-]+$/.test(s));
  return ids.length ? ids : ['*'];
}

export function findSuppressions(text: string, comments: readonly Span[], index: () => LineIndex): Suppressions {
  const result: Suppressions = { file: new Set(), lines: new Map() };
  for (const c of comments) {
    const body = text.slice(c.start, c.end);
    if (!body.includes('smtp-lint-disable')) continue;
    for (const m of body.matchAll(DIRECTIVE)) {
      const rules = ruleList(m[2]);
      if (m[1] === 'file') {
        rules.forEach((r) => result.file.add(r));
      } else {
        const line = index().positionAt(c.start + (m.index ?? 0)).line + 1;
        const set = result.lines.get(line) ?? new Set<string>();
        rules.forEach((r) => set.add(r));
        result.lines.set(line, set);
      }
    }
  }
  return result;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.file.has('*') || s.file.has(ruleId)) return true;
  const set = s.lines.get(line);
  return !!set && (set.has('*') || set.has(ruleId));
}

/** Text of a directive comment line to insert above `line` (or at the top of the file). */
export function directiveText(file: ParsedFile, kind: 'next-line' | 'file', ruleId: string): string | undefined {
  if (!file.lineComment) return undefined;
  return `${file.lineComment} smtp-lint-disable-${kind} ${ruleId}${kind === 'next-line' ? ' -- reason' : ''}`;
}
