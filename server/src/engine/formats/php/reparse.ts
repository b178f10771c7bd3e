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
  // Where each statement starts and ends (plain loops: this runs on every keystroke, before the JIT has warmed up).
  const starts: number[] = [];
  const ends: number[] = [];
  for (const statement of statements) {
    if (CONTEXT_KINDS.has(statement.kind) || !statement.loc) return undefined;
    starts.push(statement.loc.start.offset);
    ends.push(statement.loc.end.offset);
  }

  // The changed region: [from, oldTo) in the old text became [from, newTo) in the new one.
  const from = commonPrefixLength(old, text);
  if (from === old.length && from === text.length) return undefined; // same text: nothing to reuse it for
  const tail = commonSuffixLength(old, text, from);
  const oldTo = old.length - tail;
  const delta = text.length - old.length;
  const tagEnd = OPEN_TAG.length;
  if (from <= tagEnd) return undefined; // the open tag and the blank ending it stay as they were

  const inComment = commentEdit(program, old, text, from, oldTo, delta, starts, ends);
  if (inComment) return inComment;

  // The statements around the change stay: the last one ending at or before it, the first one starting after it.
  let before = -1;
  while (before + 1 < statements.length && ends[before + 1]! <= from) before++;
  let after = before + 1;
  while (after < statements.length && starts[after]! <= oldTo) after++;
  // A statement ends with `;` or `}`, which never join the next token; the open tag ends with a blank.
  const start = before >= 0 ? ends[before]! : tagEnd;
  if (before >= 0 && !';}'.includes(old[start - 1] ?? '')) return undefined;
  const oldEnd = after < statements.length ? starts[after]! : old.length;
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
    if (own.length > 1 || (before < 0 && after >= statements.length)) return undefined;
    own = [];
  }
  const fragmentEnd = prefix.length + fragment.length;
  if (after < statements.length) {
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
  // allocate a tree per keystroke), so the old tree is not valid any more. The old statements and comments before the
  // change stay, the fragment's come in, and the old ones after the change move. Which old comments are which is
  // decided before anything moves.
  const fromFragment = start - prefix.length;
  const round = ++shiftRound;
  const children: PhpNode[] = [];
  for (let i = 0; i <= before; i++) children.push(statements[i]!);
  const firstOwn = children.length;
  for (const statement of own) children.push(statement);
  const firstMoved = children.length;
  for (let i = after; i < statements.length; i++) children.push(statements[i]!);
  const comments: PhpNode[] = [];
  for (const c of program.comments ?? []) if (c.loc!.end.offset <= start) comments.push(c);
  const firstOwnComment = comments.length;
  for (const c of parsed.comments ?? []) comments.push(c);
  const firstMovedComment = comments.length;
  for (const c of program.comments ?? []) if (c.loc!.start.offset >= oldEnd) comments.push(c);
  shiftInPlace(children, firstOwn, firstMoved, fromFragment, round);
  shiftInPlace(comments, firstOwnComment, firstMovedComment, fromFragment, round);
  shiftInPlace(children, firstMoved, children.length, delta, round);
  shiftInPlace(comments, firstMovedComment, comments.length, delta, round);
  return editedProgram(program, text, children, comments);
}

/** The program for `text` made of the kept and new statements and comments (the old program object stays as it was). */
function editedProgram(program: PhpProgram, text: string, children: PhpNode[], comments: PhpNode[] | undefined): PhpProgram {
  const result: PhpProgram = { ...program, children, comments, errors: [] };
  result.loc = program.loc && { ...program.loc, end: { ...program.loc.end, offset: text.length } };
  return result;
}

let shiftRound = 0;

/**
 * Typing inside a comment between top-level statements, which stays the same kind of comment and ends where it did
 * (a line comment keeps its line break and gains no `?>`, a block comment gains no `*\/`): no token changes, so
 * nothing is parsed. The comment takes its new text and end, and what follows it moves.
 */
function commentEdit(program: PhpProgram, old: string, text: string, from: number, oldTo: number, delta: number, starts: number[], ends: number[]): PhpProgram | undefined {
  const comments = program.comments ?? [];
  let index = -1;
  for (let i = 0; i < comments.length; i++) {
    const loc = comments[i]!.loc;
    if (loc && loc.start.offset < from && oldTo < loc.end.offset) {
      index = i;
      break;
    }
  }
  if (index < 0) return undefined;
  const comment = comments[index]!;
  const start = comment.loc!.start.offset;
  const end = comment.loc!.end.offset;
  for (let i = 0; i < starts.length; i++) if (starts[i]! < end && ends[i]! > start) return undefined; // inside a statement
  const was = old.slice(start, end);
  const now = text.slice(start, end + delta);
  if (!sameComment(was, now, from - start)) return undefined;

  const round = ++shiftRound;
  comment.value = now;
  shiftPosition(comment.loc!.end, delta, round);
  let next = 0;
  while (next < starts.length && starts[next]! < end) next++;
  shiftInPlace(program.children, next, program.children.length, delta, round);
  shiftInPlace(comments, index + 1, comments.length, delta, round);
  return editedProgram(program, text, program.children, program.comments);
}

/** Is `now` (`was` edited from `editAt` on) a comment of the same kind and extent, opener untouched? */
function sameComment(was: string, now: string, editAt: number): boolean {
  if (was.startsWith('/*')) {
    // `/*` or `/**` (a doc comment) stays as it was; the first `*/` is the last two characters.
    return editAt >= 3 && now.startsWith(was.slice(0, 3)) && now.length >= 4 && now.indexOf('*/', 2) === now.length - 2;
  }
  if (was.startsWith('//') || was.startsWith('#')) {
    // The line break stays the comment's end; none comes in, nor a `?>`, which ends a line comment too.
    if (editAt < 2 || !was.endsWith('\n')) return false;
    const lineBreak = was.endsWith('\r\n') ? '\r\n' : '\n';
    return now.endsWith(lineBreak) && !/[\r\n]/.test(now.slice(0, -lineBreak.length)) && !now.includes('?>');
  }
  return false;
}

/** Move every offset in the trees under `roots[from..to)` by `by`, each node and position once. */
function shiftInPlace(roots: readonly PhpNode[], from: number, to: number, by: number, round: number): void {
  if (by === 0) return;
  const stack = roots.slice(from, to);
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
