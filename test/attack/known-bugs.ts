// Bugs these tests found in code owned by others, each with the signature its property violations carry. The property
// tests and the fuzz script sort violations into "known bug <id>" and "new": property tests fail only on new ones
// (so the suite stays green while a known bug waits), and every known bug also has its own minimal reproducer marked
// `todo` in the test files. When a bug is fixed its todo test starts passing: remove the todo and the entry here.
//
// None is open. The last ones went with the fixes of a4ba409…6efb411 (docs/robustness.md, "Bugs found"):
// fixes on broken Ruby whose blocks do not add up (`fixes-on-broken-syntax`), Ruby pairs bound to a parenthesis-less
// call (`ruby-insert-into-command-args`, 7509b73), compose CRLF spans of unterminated strings (294003b), deep nesting
// in the PHP walk and the Ruby parser (5f9df76, f5b64d7) and php-parser's slow recovery on `a.a.a.` parameter lists
// (refused as too deeply nested since 5f9df76); each has a regression test.
import type { Violation } from './invariants';

export interface KnownBug {
  id: string;
  /** Where it lives and what goes wrong, for the report. */
  summary: string;
  matches(v: Violation, format: string, text: string): boolean;
}

export const KNOWN_BUGS: readonly KnownBug[] = [];

export function knownBugOf(v: Violation, format: string, text: string): KnownBug | undefined {
  return KNOWN_BUGS.find((b) => b.matches(v, format, text));
}
