// Applying fixes: all preferred fixes of a file, without overlaps, re-linting until nothing more changes.
import type { Finding, TextEdit } from './model';
import { lintText, type LintOptions } from './lint';
import { applyEdits } from './text';

/** Preferred fixes whose edits don't overlap edits already taken (the first finding wins; the next pass gets the rest). */
export function collectPreferredEdits(findings: readonly Finding[]): TextEdit[] {
  const taken: TextEdit[] = [];
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.preferred) ?? (f.fixes.length === 1 ? f.fixes[0] : undefined);
    if (!fix) continue;
    const overlaps = fix.edits.some((e) => taken.some((t) => e.start < t.end && t.start < e.end || (e.start === e.end && e.start === t.start)));
    if (overlaps) continue;
    taken.push(...fix.edits);
  }
  return taken;
}

export interface FixAllResult {
  text: string;
  /** Number of fixes applied across passes. */
  applied: number;
}

/** Apply preferred fixes until the file stops changing (bounded, so a fix that undoes another cannot loop). */
export function fixAll(text: string, options: LintOptions, maxPasses = 5): FixAllResult {
  let current = text;
  let applied = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const edits = collectPreferredEdits(lintText(current, options).findings);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    if (next === current) break;
    applied += edits.length;
    current = next;
  }
  return { text: current, applied };
}
