// Fixes on half-typed code parsed with Lezer (JavaScript, Python). The grammar recovers from a syntax error and the
// settings are still read and judged, but an edit inside the broken part is read back the same way (the unclosed call
// swallows the inserted line, the stray text still hides the key), so every fix pass would insert again. Such fixes
// are dropped; fixes elsewhere in the file stay, since grammars also trip over valid code they do not know (a
// TypeScript decorator before `export`, a Python `yield` without a value).
import type { SyntaxNode, Tree } from '@lezer/common';
import type { ParsedFile, TextEdit } from '../model';

/**
 * Drop the edits that land in broken code: in or next to a node that `isRegion` accepts and that holds an error node
 * (a ⚠ of the tree) among its descendants.
 */
export function withoutEditsInBrokenCode(parsed: ParsedFile, tree: Tree, errors: readonly SyntaxNode[], isRegion: (node: SyntaxNode) => boolean): ParsedFile {
  if (errors.length === 0) return parsed;
  const broken = new Set<string>();
  const key = (n: SyntaxNode) => `${n.name}@${n.from}-${n.to}`;
  // Each ancestor is visited once, however many errors lie below it (thousands of stray brackets nest deeply).
  const visited = new Set<string>();
  for (const e of errors) {
    for (let n = e.parent; n && !visited.has(key(n)); n = n.parent) {
      visited.add(key(n));
      if (isRegion(n)) broken.add(key(n));
    }
  }
  const inBrokenCode = (pos: number) =>
    [-1, 1].some((side) => {
      for (let n: SyntaxNode | null = tree.resolveInner(pos, side as -1 | 1); n; n = n.parent) if (broken.has(key(n))) return true;
      return false;
    });
  const touchesBrokenCode = (edits: readonly TextEdit[]) => edits.some((e) => inBrokenCode(e.start) || inBrokenCode(e.end));
  const guard =
    <A extends unknown[]>(make: ((...args: A) => TextEdit[] | undefined) | undefined) =>
    make &&
    ((...args: A) => {
      const edits = make(...args);
      return edits && touchesBrokenCode(edits) ? undefined : edits;
    });
  return {
    ...parsed,
    profiles: parsed.profiles.map((p) => ({ ...p, edit: { setTransport: guard(p.edit.setTransport), enableVerification: guard(p.edit.enableVerification) } })),
    duplicates: parsed.duplicates.map((d) => (touchesBrokenCode(d.removal) ? { ...d, removal: [] } : d)),
  };
}
