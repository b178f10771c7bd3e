// Small helpers over Lezer syntax nodes (Python tree): children, names, text, spans.
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../../model';

export function kids(node: SyntaxNode | null | undefined): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node?.firstChild ?? null; c; c = c.nextSibling) out.push(c);
  return out;
}

export function spanOf(node: SyntaxNode): Span {
  return { start: node.from, end: node.to };
}

export function src(text: string, node: SyntaxNode | null | undefined): string {
  return node ? text.slice(node.from, node.to) : '';
}

/** Source text without whitespace, for comparing callee names (`os.environ .get` → `os.environ.get`). */
export function compact(text: string, node: SyntaxNode | null | undefined): string {
  return src(text, node).replace(/\s+/g, '');
}

/** Children that are not punctuation or comments: the expressions and names of a list. */
const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.', 'Comment', '*', '**', '=', 'AssignOp']);
export function items(node: SyntaxNode | null | undefined): SyntaxNode[] {
  return kids(node).filter((k) => !PUNCT.has(k.name));
}

export function hasError(node: SyntaxNode): boolean {
  let found = false;
  const cursor = node.cursor();
  do {
    if (cursor.type.isError) {
      found = true;
      break;
    }
  } while (cursor.next() && cursor.from < node.to);
  return found;
}
