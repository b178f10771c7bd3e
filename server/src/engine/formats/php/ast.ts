// Thin, typed access to php-parser's AST. php-parser's own typings miss fields we read (raw, loc offsets), so nodes
// are treated as loose records and read through the helpers below.
import { Engine } from 'php-parser';
import type { Span } from '../../model';
import { RecentFiles } from '../../recent-files';
import { reparse, type ParsedText } from './reparse';

export interface PhpNode {
  kind: string;
  loc?: { start: { offset: number }; end: { offset: number } } | null;
  [key: string]: unknown;
}

export interface PhpProgram extends PhpNode {
  children: PhpNode[];
  comments?: PhpNode[];
  errors?: PhpNode[];
  /**
   * The file ends inside a comment or a quoted string (`/* note`, `'abc`): PHP rejects it, but php-parser reports no
   * error for these.
   */
  endsUnterminated?: boolean;
}

/** php-parser (3.7) stopped making progress: it rewinds the lexer forever on some half-typed code. */
export class PhpParserStuck extends Error {}

/** The code nests deeper than MAX_NESTING expressions and statements. */
export class PhpTooDeep extends Error {}

/** php-parser's methods that every level of nesting passes through. */
const NESTING_METHODS = ['read_expr', 'read_statement', 'read_top_statement', 'read_inner_statement'];
const MAX_NESTING = 400;
/** Tree depth the walks over the tree may recurse to (66 in the WordPress tree; the stack holds about 2,000). */
const MAX_TREE_DEPTH = 800;

/** The last parse of each recently parsed file: the base for re-parsing only what the next edit changed. */
const recent = new RecentFiles<ParsedText>();
/** Bigger files are parsed whole every time rather than keeping their trees (and texts) in memory. */
const MAX_KEPT_TEXT = 256 * 1024;

/**
 * Parse `text`, re-parsing only the statements an edit changed when this file was parsed before (see reparse.ts).
 * Offsets are exact either way; the line and column php-parser also records are not kept up to date. The previous tree
 * of the same file is reused and changed in place, so a caller takes what it needs from a tree (the format turns it
 * into spans and edits at once) before the next text of that file is parsed.
 */
export function parsePhp(text: string, path: string): PhpProgram {
  const base = recent.take(path);
  let program: PhpProgram | undefined;
  if (base) {
    try {
      program = reparse(base, text, (fragment) => parsePhpFully(fragment, path));
    } catch {
      program = undefined; // a fragment the guards refuse: the full parse below decides what to report
    }
  }
  program ??= parsePhpFully(text, path);
  if (text.length <= MAX_KEPT_TEXT) recent.set(path, { text, program });
  return program;
}

/**
 * Parse tolerantly: with suppressErrors php-parser returns what it understood of half-typed code.
 *
 * Its error recovery can loop forever: inside a class body, `function f\" $` (a name ending in `\` before a stray
 * quote) makes read_type roll the lexer back to the same token on every turn of read_class_body. The editor lints on
 * every keystroke, so that would freeze the server. Tokens are never shorter than a character and a rollback re-reads
 * one token, so a parse that asks the lexer for more tokens than a few per character is going round in circles (real
 * files, the WordPress tree included, ask for at most about one per four characters): stop it and say so. The same
 * holds for characters read inside the lexer.
 */
export function parsePhpFully(text: string, path: string): PhpProgram {
  // Taken out while it parses: a parse that throws leaves the parser half-way, so it is not put back.
  const parser = idleParser ?? new GuardedParser();
  idleParser = undefined;
  const program = parser.parse(text, path);
  idleParser = parser;
  return program;
}

/**
 * One php-parser Engine is reused: its parse() resets the lexer and the parser, and building a new one costs about as
 * much as parsing a statement (the editor re-parses one statement per keystroke).
 */
let idleParser: GuardedParser | undefined;

/** php-parser with the guards against endless loops and deep nesting (see parsePhpFully) installed once. */
class GuardedParser {
  private readonly engine = new Engine({
    parser: { extractDoc: true, suppressErrors: true, php8: true },
    ast: { withPositions: true, withSource: false },
  });
  private readonly lexer = this.engine.lexer as unknown as { lex(): unknown; input(): string; yylloc: { first_line: number }; yytext: string; EOF: unknown };
  private lexCalls = 0;
  private lexBudget = 0;
  private inputCalls = 0;
  private inputBudget = 0;
  private depth = 0;
  /** The last token read and its text, for endsUnterminated. */
  private lastToken: unknown = undefined;
  private lastText = '';

  constructor() {
    const guard = this;
    const lexer = this.lexer;
    const lex = lexer.lex;
    lexer.lex = function guardedLex(this: typeof lexer) {
      if (++guard.lexCalls > guard.lexBudget) throw guard.stuck();
      const token = lex.call(this);
      if (token !== this.EOF) {
        guard.lastToken = token;
        guard.lastText = this.yytext;
      }
      return token;
    };
    // The lexer can also loop inside one token: after a stray `]`, an attribute opener `#[` makes it read and put back
    // the same character forever. It reads each character about once (at most 1.4 times per character in the
    // WordPress tree), so a few reads per character is a generous limit.
    const input = lexer.input;
    lexer.input = function guardedInput(this: typeof lexer) {
      if (++guard.inputCalls > guard.inputBudget) throw guard.stuck();
      return input.call(this);
    };
    // php-parser descends recursively, so thousands of nested brackets, blocks or operators overflow the stack, and
    // where that happens depends on how the JIT has compiled the frames so far: the same file could be read once and
    // skipped the next time. A nesting limit far below that (and far above real code: 65 in the WordPress tree) makes
    // the outcome the same every time, and keeps the walks over the tree within the stack too.
    const parserMethods = this.engine.parser as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const name of NESTING_METHODS) {
      const method = parserMethods[name];
      parserMethods[name] = function nestingGuard(this: unknown, ...args: unknown[]) {
        if (++guard.depth > MAX_NESTING) throw new PhpTooDeep();
        try {
          return method.apply(this, args);
        } finally {
          guard.depth--;
        }
      };
    }
  }

  parse(text: string, path: string): PhpProgram {
    this.lexCalls = 0;
    this.lexBudget = 4 * text.length + 1000;
    this.inputCalls = 0;
    this.inputBudget = 8 * text.length + 10_000;
    this.depth = 0;
    this.lastToken = undefined;
    this.lastText = '';
    const program = this.engine.parseCode(text, path) as unknown as PhpProgram;
    // Some chains php-parser reads in a loop still make a deep tree (`$a->$a->$a->…`); the walks over it recurse.
    if (deeperThan(program, MAX_TREE_DEPTH)) throw new PhpTooDeep();
    const tokens = (this.engine as unknown as { tokens: { names: Record<string, unknown> } }).tokens.names;
    if (this.lastToken !== undefined && endsUnterminated(tokens, this.lastToken, this.lastText)) program.endsUnterminated = true;
    return program;
  }

  private stuck(): PhpParserStuck {
    return new PhpParserStuck(`php-parser stopped making progress near line ${this.lexer.yylloc.first_line} (half-typed code?)`);
  }
}

/**
 * Marks nodes and positions already moved in a round of reparse.ts's shiftInPlace: php-parser shares position objects
 * between nodes. Every node and position gets the mark when parsed, so that a node keeps its hidden class when it is
 * first moved (the walks over the tree would otherwise meet two shapes of every kind of node).
 */
export const SHIFTED = Symbol('shifted');
export type Stamped = { [SHIFTED]?: number };

/**
 * Does the tree nest more than `limit` nodes deep? (Iterative: the tree may be too deep to recurse over.) On the way,
 * every node gets its shift mark and its child list.
 */
function deeperThan(root: PhpNode, limit: number): boolean {
  const nodes: PhpNode[] = [root];
  const depths: number[] = [1];
  while (nodes.length) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    (node as Stamped)[SHIFTED] = 0;
    if (node.loc) {
      (node.loc.start as Stamped)[SHIFTED] = 0;
      (node.loc.end as Stamped)[SHIFTED] = 0;
    }
    for (const c of childNodes(node)) {
      nodes.push(c);
      depths.push(depth + 1);
    }
  }
  return false;
}

/** Is the file's last token a block comment or quoted string without its closing delimiter? */
function endsUnterminated(tokens: Record<string, unknown>, token: unknown, text: string): boolean {
  if (token === tokens.T_COMMENT || token === tokens.T_DOC_COMMENT) return text.startsWith('/*') && (text.length < 4 || !text.endsWith('*/'));
  if (token === tokens.T_CONSTANT_ENCAPSED_STRING) {
    const quote = text[0];
    if (quote !== "'" && quote !== '"') return false;
    if (text.length < 2 || !text.endsWith(quote)) return true;
    // `'a\\'` (an escaped backslash) is closed, `'a\'` (an escaped quote) is not: count the backslashes before it.
    let slashes = 0;
    for (let i = text.length - 2; i > 0 && text[i] === '\\'; i--) slashes++;
    return slashes % 2 === 1;
  }
  return false;
}

export function isNode(value: unknown): value is PhpNode {
  return typeof value === 'object' && value !== null && typeof (value as { kind?: unknown }).kind === 'string';
}

export function child(node: PhpNode | undefined, key: string): PhpNode | undefined {
  const v = node?.[key];
  return isNode(v) ? v : undefined;
}

export function childList(node: PhpNode | undefined, key: string): PhpNode[] {
  const v = node?.[key];
  return Array.isArray(v) ? v.filter(isNode) : [];
}

export function str(node: PhpNode | undefined, key: string): string | undefined {
  const v = node?.[key];
  return typeof v === 'string' ? v : undefined;
}

export function spanOf(node: PhpNode): Span | undefined {
  const loc = node.loc;
  if (!loc) return undefined;
  return { start: loc.start.offset, end: loc.end.offset };
}

/** An expression's span without the `;` (and blanks) php-parser sometimes counts as part of it. */
export function expressionSpan(text: string, node: PhpNode): Span | undefined {
  const s = spanOf(node);
  if (!s) return undefined;
  let end = s.end;
  while (end > s.start && /[\s;]/.test(text[end - 1])) end--;
  return { start: s.start, end };
}

/**
 * Every AST child of a node (arrays flattened), in source order as php-parser lays them out. Listed once per node: a
 * tree outlives many keystrokes (only the statements an edit touched are parsed again), and its shape never changes,
 * so the walks after each keystroke read the lists instead of allocating. Kept in a property that object spread does
 * not copy.
 */
const CHILDREN = Symbol('children');

export function childNodes(node: PhpNode): readonly PhpNode[] {
  const known = (node as { [CHILDREN]?: PhpNode[] })[CHILDREN];
  if (known) return known;
  const children: PhpNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'leadingComments' || key === 'trailingComments') continue;
    const v = node[key];
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) if (isNode(item)) children.push(item);
    } else if (isNode(v)) children.push(v);
  }
  Object.defineProperty(node, CHILDREN, { value: children, enumerable: false });
  return children;
}

/** A name node's last segment, lower-cased: `\PHPMailer\PHPMailer\PHPMailer` -> `phpmailer`. */
export function shortName(node: PhpNode | undefined): string | undefined {
  if (!node || node.kind !== 'name') return undefined;
  const name = str(node, 'name') ?? '';
  const i = name.lastIndexOf('\\');
  return (i >= 0 ? name.slice(i + 1) : name).toLowerCase();
}

/** The lower-cased function name of a plain call (`define(...)`, `\getenv(...)`), else undefined. */
export function callName(node: PhpNode | undefined): string | undefined {
  if (!node || node.kind !== 'call') return undefined;
  const what = child(node, 'what');
  if (!what || what.kind !== 'name') return undefined;
  const name = (str(what, 'name') ?? '').toLowerCase();
  return name.startsWith('\\') ? name.slice(1) : name;
}

export function args(node: PhpNode): PhpNode[] {
  return childList(node, 'arguments');
}

/** The string value of a plain (non-interpolated) string literal. */
export function stringValue(node: PhpNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'string' || node.kind === 'nowdoc') return str(node, 'value');
  if (node.kind === 'encapsed') {
    // A heredoc or double-quoted string whose parts are all literal text.
    const parts = childList(node, 'value');
    let out = '';
    for (const p of parts) {
      const e = child(p, 'expression');
      if (!e || e.kind !== 'string') return undefined;
      out += str(e, 'value') ?? '';
    }
    return out;
  }
  return undefined;
}

/** Source text of a node with all whitespace removed: compares `$this -> mail` with `$this->mail`. */
export function compactSource(text: string, node: PhpNode): string | undefined {
  const s = spanOf(node);
  return s ? text.slice(s.start, s.end).replace(/\s+/g, '') : undefined;
}

/** Is `node` the call `defined('NAME')` (or `! defined('NAME')` when negated is true)? Returns NAME. */
export function definedCheckName(node: PhpNode | undefined, negated: boolean): string | undefined {
  let n = node;
  if (negated) {
    if (!n || n.kind !== 'unary' || n.type !== '!') return undefined;
    n = child(n, 'what');
  }
  if (callName(n) !== 'defined') return undefined;
  return stringValue(args(n!)[0]);
}
