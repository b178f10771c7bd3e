// Re-parsing only what an edit touched. The editor lints a file on every keystroke, and php-parser needs about a
// millisecond per 200 lines; a keystroke changes one statement (or the blank and comment text between two). So the
// last tree of each file is kept, and when the new text differs from the old one inside a run of top-level
// statements, only that run is parsed again and spliced in between the old statements before it and the old
// statements after it (their offsets shifted). Every condition under which that could differ from a full parse sends
// the text to a full parse instead; a property test compares the two on random edits.
import { commonPrefixLength, commonSuffixLength } from '../../text';
import { childNodes, SHIFTED, spanOf, type PhpNode, type PhpProgram, type Stamped } from './ast';

/** A parsed text kept as the base for the next edit of the same file. */
export interface ParsedText {
  text: string;
  program: PhpProgram;
}

/** Top-level statements whose reading depends on what comes before or after them, or that leave PHP mode. */
const CONTEXT_KINDS = new Set(['namespace', 'declare', 'inline', 'halt']);
const OPEN_TAG = '<?php';

/**
 * The program for `text`, built from `base` by re-parsing only the changed statements with `parseFragment`, or
 * undefined when that is not certain to give what a full parse gives.
 */
export function reparse(base: ParsedText, text: string, parseFragment: (fragment: string) => PhpProgram): PhpProgram | undefined {
  const old = base.text;
  const program = base.program;
  if ((program.errors?.length ?? 0) > 0 || program.endsUnterminated) return undefined;
  if (!old.startsWith(OPEN_TAG) || !/\s/.test(old[OPEN_TAG.length] ?? '') || !text.startsWith(OPEN_TAG)) return undefined;
  const statements = program.children;
  if (statements.some((s) => CONTEXT_KINDS.has(s.kind))) return undefined;
  const spans = statements.map(spanOf);
  if (spans.some((s) => !s)) return undefined;

  // The changed region: [from, oldTo) in the old text became [from, newTo) in the new one.
  const from = commonPrefixLength(old, text);
  if (from === old.length && from === text.length) return undefined; // same text: nothing to reuse it for
  const tail = commonSuffixLength(old, text, from);
  const oldTo = old.length - tail;
  const delta = text.length - old.length;
  const tagEnd = OPEN_TAG.length;
  if (from <= tagEnd) return undefined; // the open tag and the blank ending it stay as they were

  // The statements around the change stay: the last one ending at or before it, the first one starting after it.
  let before = -1;
  while (before + 1 < spans.length && spans[before + 1]!.end <= from) before++;
  let after = before + 1;
  while (after < spans.length && spans[after]!.start <= oldTo) after++;
  // A statement ends with `;` or `}`, which never join the next token; the open tag ends with a blank.
  const start = before >= 0 ? spans[before]!.end : tagEnd;
  if (before >= 0 && !';}'.includes(old[start - 1] ?? '')) return undefined;
  const oldEnd = after < spans.length ? spans[after]!.start : old.length;
  const newEnd = oldEnd + delta;

  const fragment = text.slice(start, newEnd);
  const replaced = old.slice(start, oldEnd);
  // `?>` and `<?` switch between PHP and HTML: what follows them is read differently.
  if (fragment.includes('?>') || fragment.includes('<?') || replaced.includes('?>') || replaced.includes('<?')) return undefined;

  // Parsed on its own behind an open tag of the same length as the one it replaces: offsets shift by `start - 6`.
  const prefix = `${OPEN_TAG} `;
  const parsed = parseFragment(prefix + fragment);
  if ((parsed.errors?.length ?? 0) > 0 || parsed.endsUnterminated) return undefined;
  if (parsed.children.some((s) => CONTEXT_KINDS.has(s.kind))) return undefined;
  // Comments with no statement around them make php-parser emit a `noop` statement, which it does not do when the
  // comments sit between statements of the whole file.
  let own = parsed.children;
  if (own.some((s) => s.kind === 'noop')) {
    if (own.length > 1 || (before < 0 && after >= spans.length)) return undefined;
    own = [];
  }
  const fragmentEnd = prefix.length + fragment.length;
  if (after < spans.length) {
    // The next statement must start a new token and a new statement: the fragment's last statement is closed, and
    // a comment reaching the fragment's end is closed too (a line comment with its line break).
    const last = own.length ? spanOf(own[own.length - 1]!) : undefined;
    if (last && !';}'.includes((prefix + fragment)[last.end - 1] ?? '')) return undefined;
    for (const c of parsed.comments ?? []) {
      const s = spanOf(c);
      if (!s || s.end < fragmentEnd) continue;
      const body = (prefix + fragment).slice(s.start, s.end);
      if (!(body.endsWith('\n') || (body.startsWith('/*') && body.length >= 4 && body.endsWith('*/')))) return undefined;
    }
  }

  // Everything is checked: from here on the old tree's nodes after the change are moved (not copied: that would
  // allocate a tree per keystroke), so the old tree is not valid any more.
  const fromFragment = start - prefix.length;
  const round = ++shiftRound;
  const suffix = statements.slice(after);
  const suffixComments = (program.comments ?? []).filter((c) => spanOf(c)!.start >= oldEnd);
  shiftInPlace(own, fromFragment, round);
  shiftInPlace(parsed.comments ?? [], fromFragment, round);
  shiftInPlace(suffix, delta, round);
  shiftInPlace(suffixComments, delta, round);
  const children = [...statements.slice(0, before + 1), ...own, ...suffix];
  const comments = [...(program.comments ?? []).filter((c) => spanOf(c)!.end <= start), ...(parsed.comments ?? []), ...suffixComments];
  const result: PhpProgram = { ...program, children, comments, errors: [] };
  result.loc = program.loc && { ...program.loc, end: { ...program.loc.end, offset: text.length } };
  return result;
}

let shiftRound = 0;

/** Move every offset in the trees under `roots` by `by`, each node and position once. */
function shiftInPlace(roots: readonly PhpNode[], by: number, round: number): void {
  if (by === 0) return;
  const stack = [...roots];
  while (stack.length) {
    const node = stack.pop()! as PhpNode & Stamped;
    if (node[SHIFTED] === round) continue;
    node[SHIFTED] = round;
    if (node.loc) {
      shiftPosition(node.loc.start, by, round);
      shiftPosition(node.loc.end, by, round);
    }
    if (typeof node.offset === 'number' && node.kind.startsWith('comment')) node.offset += by; // a comment's start again
    for (const c of childNodes(node)) stack.push(c);
  }
}

function shiftPosition(position: { offset: number } & Stamped, by: number, round: number): void {
  if (position[SHIFTED] === round) return;
  position[SHIFTED] = round;
  position.offset += by;
}
