// A work budget for Lezer parses (JavaScript and Python). Lezer's error recovery re-reads text: on some broken input
// (a long run of `*` in JavaScript, thousands of stray closers) every recovery step scans to the end of the line, so
// the parse grows with the square of the line length and a 100 KB line takes minutes. The editor lints on every
// keystroke, so such a file must be given up on, not waited for.
//
// Lezer reads its input through `Input.chunk(pos)`. Handing it short chunks makes the number of chunk requests a
// measure of the text it scans: a healthy parse asks for each chunk a few times (at most about 100 times in the
// worst real files measured: generated tables in node_modules and the Python stdlib), a pathological one thousands
// of times. The budget is a multiple of the chunk count, so it grows with the file and never depends on timing.
import type { Input, Tree } from '@lezer/common';

const CHUNK = 256;
/** Chunk requests allowed per chunk of text; real files need under 101 (measured on 5,000 JS, TS and Python files). */
const REQUESTS_PER_CHUNK = 200;
const BASE_REQUESTS = 4096;

export class ParseBudgetExceeded extends Error {
  constructor(readonly offset: number) {
    super(`the parser's error recovery re-read the text too often near offset ${offset}`);
  }
}

/** Parse `text` with `parse`, throwing ParseBudgetExceeded when the parser scans far more text than it holds. */
export function parseWithBudget(text: string, parse: (input: Input) => Tree): Tree {
  const budget = REQUESTS_PER_CHUNK * Math.ceil(text.length / CHUNK) + BASE_REQUESTS;
  let requests = 0;
  let furthest = 0;
  const input: Input = {
    length: text.length,
    lineChunks: false,
    chunk(pos) {
      // Recovery jumps back and forth; the furthest position read tells where the trouble is.
      furthest = Math.max(furthest, pos);
      if (++requests > budget) throw new ParseBudgetExceeded(furthest);
      return text.slice(pos, pos + CHUNK);
    },
    read: (from, to) => text.slice(from, to),
  };
  return parse(input);
}

/**
 * Deeper than this, @lezer/javascript slows down with the square of the depth (4,000 levels: 0.8 s), and
 * @lezer/python 1.1 may build a broken tree (~3,000 open brackets around an error token: walking it throws).
 */
const MAX_DEPTH = 1000;

/**
 * Shapes the JavaScript grammar handles in time that grows with the square of their size without re-reading text
 * (so the budget above does not see them): brackets nested thousands deep (`({({({…`) and runs of thousands of `+` or
 * `-` (each `++` nests one level deeper). Real code nests a few dozen levels; brackets inside strings and comments
 * are counted too, which can only make the estimate higher. Returns what was found, or undefined. `signRuns: false`
 * checks brackets only (Python, where such runs cost nothing special and `# ----` rulers can be long).
 */
export function deepNesting(text: string, options: { signRuns?: boolean } = {}): string | undefined {
  const signRuns = options.signRuns ?? true;
  let depth = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */ || c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > MAX_DEPTH) return `brackets nested more than ${MAX_DEPTH} deep`;
    } else if (c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */) {
      if (depth > 0) depth--;
    }
    if (signRuns && (c === 43 /* + */ || c === 45 /* - */)) {
      if (++run > MAX_DEPTH) return `a run of more than ${MAX_DEPTH} + or - signs`;
    } else run = 0;
  }
  return undefined;
}
