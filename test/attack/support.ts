// Shared by the attack tests: sorting violations into known bugs and new failures, and failing with a reproducer.
import assert from 'node:assert/strict';
import type { Violation } from './invariants';
import { knownBugOf } from './known-bugs';

/** Known-bug hits seen in this process, by bug id (reported by the todo tests, never failing the property tests). */
export const knownHits = new Map<string, number>();

/** Fail with every violation that is not a known bug; count the known ones. */
export function assertNoNewViolations(violations: readonly Violation[], format: string, text: string, reproducer: string): void {
  const fresh: Violation[] = [];
  for (const v of violations) {
    const bug = knownBugOf(v, format, text);
    if (bug) knownHits.set(bug.id, (knownHits.get(bug.id) ?? 0) + 1);
    else fresh.push(v);
  }
  if (fresh.length) {
    assert.fail(`${fresh.map((v) => `${v.property}: ${v.detail}`).join('\n')}\nreproducer: ${reproducer}`);
  }
}

/** A short, copyable description of an input. */
export function describeInput(path: string, text: string): string {
  const shown = text.length > 400 ? `${JSON.stringify(text.slice(0, 400))}… (${text.length} chars)` : JSON.stringify(text);
  return `${path} ${shown}`;
}
