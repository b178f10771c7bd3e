// A tolerant Ruby parser for configuration code, over the tokens of lexer.ts. It understands statements and their
// separators, if/unless/elsif/else, case/when, begin/rescue, while/until/for, def/class/module bodies, modifier
// conditions, do/brace blocks, calls with and without parentheses, hashes (labels, `=>`), arrays, assignments and
// operators. Every statement is recorded flat, with the branches it runs under and the blocks it sits in. Anything
// it does not understand becomes an `unknown` node and the parser moves on to the next statement: it never throws.
import type { Span } from '../../model';
import type { Tok } from './lexer';

export interface Cond {
  id: number;
  branch: number;
}

export interface Pair {
  /** The key's name: `port` for `port:`, `:port =>` and `'port' =>`. */
  key?: string;
  keyStyle: 'label' | 'symbol' | 'string' | 'other';
  /** The key's name as written (without `:` of a label, with the quotes of a string). */
  keySpan: Span;
  /** The key token's quote, for string keys and quoted labels. */
  keyQuote?: string;
  value: RNode;
  /** Key through value. */
  span: Span;
}

export interface Block {
  body: Stmt[];
  span: Span;
}

export type RNode =
  | { t: 'str'; value: string; interp: boolean; span: Span; inner?: Span; quote: string }
  | { t: 'sym'; value: string; span: Span; interp?: boolean }
  | { t: 'num'; value: number; span: Span }
  | { t: 'bool'; value: boolean; span: Span }
  | { t: 'nil'; span: Span }
  | { t: 'const'; name: string; span: Span }
  | { t: 'var'; name: string; span: Span }
  | { t: 'hash'; pairs: Pair[]; braces: boolean; splat: boolean; span: Span; /** false: the closing brace is missing */ closed?: boolean }
  | { t: 'array'; items: RNode[]; span: Span }
  | { t: 'call'; recv?: RNode; name: string; nameSpan: Span; args: RNode[]; paren: boolean; close?: number; block?: Block; span: Span }
  | { t: 'index'; recv: RNode; args: RNode[]; span: Span }
  | { t: 'binop'; op: string; left: RNode; right: RNode; span: Span }
  | { t: 'unary'; op: string; arg: RNode; span: Span }
  | { t: 'assign'; target: RNode; op: string; value: RNode; span: Span }
  | { t: 'unknown'; span: Span };

export interface Stmt {
  node: RNode;
  path: Cond[];
  /** Enclosing calls with blocks, outermost first: `Rails.application.configure`, `Mail.defaults`. */
  blocks: string[];
  span: Span;
}

export interface Parsed {
  stmts: Stmt[];
  /** Branch count per conditional (including the implicit "no branch taken"). */
  branches: Map<number, number>;
  /**
   * The first place where the code's structure does not add up: an `end`, `}`, `)` or `]` with nothing open to
   * close, a block, `def`, `if`, `class` … without its `end`, a bracket or hash the reading could not close. Ruby
   * rejects such a file; where the mistake is (a missing `do` or an extra `end`?) cannot be told, so what was read
   * around it may be wrong. Undefined when every structure closed.
   */
  broken?: { offset: number; reason: string };
}

interface Ctx {
  path: Cond[];
  blocks: string[];
}

const BINARY: Record<string, number> = {
  '||': 1, '&&': 2,
  '<=>': 4, '==': 4, '===': 4, '!=': 4, '=~': 4, '!~': 4,
  '<': 5, '<=': 5, '>': 5, '>=': 5,
  '|': 6, '^': 6, '&': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 12,
};
const ASSIGN_OPS = new Set(['=', '||=', '&&=', '+=', '-=', '*=', '/=', '%=', '**=', '|=', '&=', '^=', '<<=', '>>=']);
const MODIFIERS = new Set(['if', 'unless', 'while', 'until', 'rescue']);
/** Keywords and closers that end an argument list without parentheses. */
/** Links of a call chain that nameOf spells out. */
const MAX_NAME_LINKS = 32;
const ARG_STOP_KW = new Set(['if', 'unless', 'while', 'until', 'rescue', 'and', 'or', 'then', 'do', 'end', 'else', 'elsif', 'when', 'in', 'ensure']);

/**
 * The code nests deeper than the parser follows. The parser descends recursively, so thousands of nested brackets or
 * blocks would overflow the stack, and where that happens depends on how the JIT has compiled the frames so far: the
 * same file could be read once and refused the next time. A fixed limit far below that (a bracket or block costs
 * up to six levels; the stack holds about 4,000) makes the outcome the same every time.
 */
export class RubyTooDeep extends Error {
  constructor() {
    super('code nested too deeply to read');
  }
}

const MAX_NESTING = 1000;

export function parseRuby(tokens: Tok[]): Parsed {
  return new Parser(tokens).run();
}

class Parser {
  private pos = 0;
  private readonly stmts: Stmt[] = [];
  private readonly branches = new Map<number, number>();
  private nextCond = 0;
  /** While reading a `while`/`until`/`for` condition, `do` belongs to the loop, not to a call. */
  private noDo = false;
  private depth = 0;
  private broken?: { offset: number; reason: string };
  /** Reading an argument, hash entry or array item: there `a = 1, 2` is no array, the comma ends the item. */
  private inList = false;

  constructor(private readonly toks: Tok[]) {}

  run(): Parsed {
    const ctx: Ctx = { path: [], blocks: [] };
    while (this.pos < this.toks.length) {
      const before = this.pos;
      this.statements(ctx, () => false);
      if (this.pos === before) {
        // A stray `end` or `}` at the top level.
        this.strayAt(this.peek()!);
        this.pos++;
      }
    }
    this.stmts.sort((a, b) => a.span.start - b.span.start);
    return { stmts: this.stmts, branches: this.branches, broken: this.broken };
  }

  // ---- structure faults ----

  private fault(offset: number, reason: string): void {
    this.broken ??= { offset, reason };
  }

  private strayAt(t: Tok): void {
    this.fault(t.start, `\`${t.text}\` closes nothing`);
  }

  /** Something other than a `,` or the closer after an item of a hash or list (a missing comma, a stray block). */
  private unexpected(inside: string): void {
    const t = this.peek();
    if (t) this.fault(t.start, `\`${t.kind === 'nl' ? 'line break' : t.text}\` in ${inside}`);
  }

  /** The `end` of a structure opened by `opener`: consumed, or noted as missing. */
  private closeWithEnd(opener: Tok): void {
    if (this.kw('end')) this.pos++;
    else this.fault(opener.start, `\`${opener.text}\` without its \`end\``);
  }

  /** The closing bracket of `opener`: true (and consumed) when it is next, else noted as missing. */
  private closeBracket(opener: Tok, close: string): boolean {
    if (this.op(close)) return true;
    this.fault(opener.start, `\`${opener.text}\` without its \`${close}\``);
    return false;
  }

  // ---- token helpers ----

  private peek(k = 0): Tok | undefined {
    return this.toks[this.pos + k];
  }

  private is(tok: Tok | undefined, kind: Tok['kind'], text?: string): boolean {
    return !!tok && tok.kind === kind && (text === undefined || tok.text === text);
  }

  private op(text: string, k = 0): boolean {
    return this.is(this.peek(k), 'op', text);
  }

  private kw(text: string, k = 0): boolean {
    return this.is(this.peek(k), 'kw', text);
  }

  /** Run one level of the recursive descent, refusing to go deeper than MAX_NESTING levels. */
  private nested<T>(read: () => T): T {
    if (++this.depth > MAX_NESTING) throw new RubyTooDeep();
    try {
      return read();
    } finally {
      this.depth--;
    }
  }

  private skipNl(): void {
    while (this.peek()?.kind === 'nl') this.pos++;
  }

  private endOf(node: RNode): number {
    return node.span.end;
  }

  private lastEnd(): number {
    return this.toks[this.pos - 1]?.end ?? 0;
  }

  // ---- statements ----

  private statements(ctx: Ctx, stop: (t: Tok) => boolean): void {
    const saved = this.inList;
    this.inList = false;
    try {
      this.nested(() => this.statementsInner(ctx, stop));
    } finally {
      this.inList = saved;
    }
  }

  private statementsInner(ctx: Ctx, stop: (t: Tok) => boolean): void {
    for (;;) {
      this.skipNl();
      const t = this.peek();
      if (!t || stop(t)) return;
      const before = this.pos;
      this.statement(ctx);
      if (this.pos === before) {
        // Not a statement start we know (a stray closer): let the caller's stop test see it, else skip it.
        if (stop(t)) return;
        this.strayAt(t);
        this.pos++;
        continue;
      }
      // Anything left before the line ends is something we did not understand: skip to the next separator.
      this.recover(stop);
    }
  }

  /** Skip to `close`, the closer of the bracket being read, across lines: inside brackets a line break ends nothing. */
  private skipTo(close: string): void {
    for (let before = -1; this.peek() && !this.op(close) && this.pos !== before; ) {
      before = this.pos;
      this.recover((x) => x.kind === 'op' && x.text === close);
      if (this.peek()?.kind === 'nl') this.pos++;
    }
  }

  /** Skip to the next statement separator at bracket depth 0 (or a stop token). */
  private recover(stop: (t: Tok) => boolean): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (depth === 0 && (t.kind === 'nl' || stop(t))) return;
      if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) depth++;
      else if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) {
        if (depth === 0) return;
        depth--;
      }
      this.pos++;
    }
  }

  private record(node: RNode, ctx: Ctx): void {
    this.stmts.push({ node, path: ctx.path, blocks: ctx.blocks, span: node.span });
  }

  private statement(ctx: Ctx): void {
    const t = this.peek()!;
    if (t.kind === 'kw') {
      switch (t.text) {
        case 'if':
        case 'unless':
          this.ifStatement(ctx);
          return;
        case 'case':
          this.caseStatement(ctx);
          return;
        case 'while':
        case 'until':
        case 'for':
          this.loop(ctx);
          return;
        case 'begin':
          this.beginStatement(ctx);
          return;
        case 'def':
          this.def(ctx);
          return;
        case 'class':
        case 'module':
          this.classBody(ctx);
          return;
        case 'end':
        case 'else':
        case 'elsif':
        case 'when':
        case 'rescue':
        case 'ensure':
          return; // the caller's stop test decides
        default:
          break;
      }
    }
    if (t.kind === 'op' && (t.text === '}' || t.text === ')' || t.text === ']')) return;
    const mark = this.stmts.length;
    let node = this.expression(ctx);
    // `a, b = expr`: several targets. The value is read like any right side (a block in it spans lines).
    const eq = this.op(',') ? this.multipleAssignmentEq() : -1;
    if (eq >= 0) {
      this.pos = eq + 1;
      this.skipNl();
      const value = this.commandOrAssignment(ctx);
      node = { t: 'unknown', span: { start: node.span.start, end: this.endOf(value) } };
    }
    this.record(node, ctx);
    // Modifiers: `x = 1 if cond` runs only in one branch of a two-way choice.
    while (this.peek()?.kind === 'kw' && MODIFIERS.has(this.peek()!.text)) {
      const mod = this.peek()!.text;
      this.pos++;
      this.expression(ctx);
      if (mod === 'rescue') continue;
      const id = this.nextCond++;
      this.branches.set(id, 2);
      for (let i = mark; i < this.stmts.length; i++) this.stmts[i] = { ...this.stmts[i], path: [...this.stmts[i].path, { id, branch: 0 }] };
    }
  }

  /** After the first target of `a, b = …`: the position of its `=` (outside brackets, on this line), else -1. */
  private multipleAssignmentEq(): number {
    let depth = 0;
    for (let i = this.pos; i < this.toks.length; i++) {
      const t = this.toks[i];
      if (t.kind === 'nl' || (t.kind === 'kw' && depth === 0)) return -1;
      if (t.kind !== 'op') continue;
      if (t.text === '(' || t.text === '[' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === ']' || t.text === '}') {
        if (--depth < 0) return -1;
      } else if (t.text === '=' && depth === 0) return i;
    }
    return -1;
  }

  private stopAt(...words: string[]): (t: Tok) => boolean {
    const set = new Set(words);
    return (t) => t.kind === 'kw' && set.has(t.text);
  }

  private ifStatement(ctx: Ctx): void {
    const opener = this.peek()!;
    this.pos++; // if / unless
    this.condition(ctx);
    const id = this.nextCond++;
    let branch = 0;
    let hasElse = false;
    const stop = this.stopAt('elsif', 'else', 'end');
    this.statements({ ...ctx, path: [...ctx.path, { id, branch }] }, stop);
    while (this.kw('elsif')) {
      this.pos++;
      this.condition(ctx);
      this.statements({ ...ctx, path: [...ctx.path, { id, branch: ++branch }] }, stop);
    }
    if (this.kw('else')) {
      this.pos++;
      hasElse = true;
      this.statements({ ...ctx, path: [...ctx.path, { id, branch: ++branch }] }, this.stopAt('end'));
    }
    this.closeWithEnd(opener);
    this.branches.set(id, branch + 1 + (hasElse ? 0 : 1));
  }

  /** A condition up to `then` or the line end. */
  private condition(ctx: Ctx): void {
    this.expression(ctx);
    if (this.kw('then')) this.pos++;
  }

  private caseStatement(ctx: Ctx): void {
    const opener = this.peek()!;
    this.pos++;
    if (this.peek()?.kind !== 'nl') this.expression(ctx);
    this.skipNl();
    const id = this.nextCond++;
    let branch = -1;
    let hasElse = false;
    const stop = this.stopAt('when', 'in', 'else', 'end');
    while (this.kw('when') || this.kw('in')) {
      // `when a, b then`: expressions (a block in one spans lines); `in` patterns are skipped to the line end.
      const isWhen = this.kw('when');
      this.pos++;
      if (isWhen) {
        this.expression(ctx);
        while (this.op(',')) {
          this.pos++;
          this.skipNl();
          this.expression(ctx);
        }
      }
      this.recover((t) => t.kind === 'kw' && t.text === 'then');
      if (this.kw('then')) this.pos++;
      this.statements({ ...ctx, path: [...ctx.path, { id, branch: ++branch }] }, stop);
    }
    if (this.kw('else')) {
      this.pos++;
      hasElse = true;
      this.statements({ ...ctx, path: [...ctx.path, { id, branch: ++branch }] }, this.stopAt('end'));
    }
    this.closeWithEnd(opener);
    this.branches.set(id, branch + 1 + (hasElse ? 0 : 1));
  }

  private loop(ctx: Ctx): void {
    const isFor = this.kw('for');
    const opener = this.peek()!;
    this.pos++;
    const saved = this.noDo;
    this.noDo = true;
    if (isFor) this.recover((t) => t.kind === 'kw' && t.text === 'in');
    if (this.kw('in')) this.pos++;
    this.expression(ctx);
    this.noDo = saved;
    if (this.kw('do')) this.pos++;
    this.statements(ctx, this.stopAt('end'));
    this.closeWithEnd(opener);
  }

  private beginStatement(ctx: Ctx): void {
    const opener = this.peek()!;
    this.pos++;
    const id = this.nextCond++;
    let handler = 0;
    const stop = this.stopAt('rescue', 'else', 'ensure', 'end');
    this.statements(ctx, stop);
    while (this.kw('rescue')) {
      this.pos++;
      this.recover(() => false);
      this.statements({ ...ctx, path: [...ctx.path, { id, branch: ++handler }] }, stop);
    }
    if (this.kw('else')) {
      this.pos++;
      this.statements(ctx, stop);
    }
    if (this.kw('ensure')) {
      this.pos++;
      this.statements(ctx, this.stopAt('end'));
    }
    this.closeWithEnd(opener);
    this.branches.set(id, handler + 1);
  }

  private def(ctx: Ctx): void {
    const opener = this.peek()!;
    this.pos++;
    this.defName();
    // Parameters in parentheses (the body may follow on the same line: `def abs() x end`) or up to the line end
    // (`def initialize enable = true`); an `=` right after the name or the parentheses is an endless def:
    // `def name = expr`, `def name(a) = expr`.
    const parens = this.op('(');
    if (parens) this.skipBalanced();
    if (this.op('=')) {
      this.pos++;
      this.skipNl();
      this.expression(ctx);
      return;
    }
    if (!parens) this.recover(() => false);
    this.defBody(ctx, opener);
  }

  /** A method's name: `name`, `self.name`, `Const.name`, an operator (`==`, `[]`, `-@`), a setter (`name=`, `[]=`). */
  private defName(): void {
    const readOne = () => {
      const t = this.peek();
      if (!t || t.kind === 'nl') return;
      this.pos++;
      if (t.kind === 'op' && t.text === '[' && this.op(']')) this.pos++;
      else if (t.kind === 'op' && (t.text === '-' || t.text === '+' || t.text === '!' || t.text === '~') && this.op('@') && !this.peek()!.spaceBefore) this.pos++;
    };
    readOne();
    if ((this.op('.') || this.op('::')) && !this.peek()!.spaceBefore) {
      this.pos++;
      readOne();
    }
    // A setter's `=` hugs the name; an endless def's `=` follows a space.
    if (this.op('=') && !this.peek()!.spaceBefore) this.pos++;
  }

  /** The body of a `def` or a `do` block: statements with `rescue` / `else` / `ensure` clauses, up to `end`. */
  private defBody(ctx: Ctx, opener: Tok): void {
    const stop = this.stopAt('rescue', 'else', 'ensure', 'end');
    this.statements(ctx, stop);
    while (this.kw('rescue') || this.kw('ensure') || this.kw('else')) {
      this.pos++;
      this.statements(ctx, stop);
    }
    this.closeWithEnd(opener);
  }

  private classBody(ctx: Ctx): void {
    const opener = this.peek()!;
    this.pos++;
    // The name and superclass, up to the line end or an `end` on the same line (`module Foo end`).
    this.recover((t) => t.kind === 'kw' && t.text === 'end');
    this.statements(ctx, this.stopAt('end'));
    this.closeWithEnd(opener);
  }

  private skipBalanced(): void {
    let depth = 0;
    do {
      const t = this.peek();
      if (!t) return;
      if (t.kind === 'op' && (t.text === '(' || t.text === '[' || t.text === '{')) depth++;
      else if (t.kind === 'op' && (t.text === ')' || t.text === ']' || t.text === '}')) depth--;
      this.pos++;
    } while (depth > 0);
  }

  // ---- expressions ----

  private expression(ctx: Ctx): RNode {
    let left = this.notExpr(ctx);
    while (this.kw('and') || this.kw('or')) {
      const op = this.peek()!.text;
      this.pos++;
      this.skipNl();
      const right = this.notExpr(ctx);
      left = { t: 'binop', op, left, right, span: { start: left.span.start, end: this.endOf(right) } };
    }
    return left;
  }

  private notExpr(ctx: Ctx): RNode {
    return this.nested(() => this.notExprInner(ctx));
  }

  private notExprInner(ctx: Ctx): RNode {
    if (this.kw('not')) {
      const start = this.peek()!.start;
      this.pos++;
      const arg = this.notExpr(ctx);
      return { t: 'unary', op: '!', arg, span: { start, end: this.endOf(arg) } };
    }
    return this.assignment(ctx);
  }

  private assignment(ctx: Ctx): RNode {
    return this.nested(() => this.assignmentInner(ctx));
  }

  private assignmentInner(ctx: Ctx): RNode {
    const left = this.ternary(ctx);
    const t = this.peek();
    if (t?.kind === 'op' && ASSIGN_OPS.has(t.text) && ['var', 'const', 'index', 'call'].includes(left.t)) {
      if (left.t === 'call' && left.args.length > 0) return left;
      this.pos++;
      this.skipNl();
      const value = this.commandOrAssignment(ctx);
      return { t: 'assign', target: left, op: t.text, value, span: { start: left.span.start, end: this.endOf(value) } };
    }
    return left;
  }

  /** The right side of an assignment may be another assignment or a call without parentheses. */
  private commandOrAssignment(ctx: Ctx): RNode {
    const value = this.assignment(ctx);
    if (!this.inList && this.op(',')) {
      // `a = 1, 2`: an array; keep the span, the value is not a setting we read.
      while (this.op(',')) {
        this.pos++;
        this.skipNl();
        this.ternary(ctx);
      }
      return { t: 'unknown', span: { start: value.span.start, end: this.lastEnd() } };
    }
    return value;
  }

  private ternary(ctx: Ctx): RNode {
    return this.nested(() => this.ternaryInner(ctx));
  }

  private ternaryInner(ctx: Ctx): RNode {
    const cond = this.range(ctx);
    if (!this.op('?')) return cond;
    this.pos++;
    this.skipNl();
    this.ternary(ctx);
    this.skipNl();
    if (this.op(':')) this.pos++;
    else if (this.peek()?.kind === 'symbol') {
      // `a ? b :c` lexed `:c` as a symbol: that is the else branch.
      const sym = this.peek()!;
      this.pos++;
      return { t: 'unknown', span: { start: cond.span.start, end: sym.end } };
    }
    this.skipNl();
    const other = this.ternary(ctx);
    return { t: 'unknown', span: { start: cond.span.start, end: this.endOf(other) } };
  }

  private range(ctx: Ctx): RNode {
    const left = this.binary(ctx, 1);
    if (this.op('..') || this.op('...')) {
      this.pos++;
      const t = this.peek();
      if (!t || t.kind === 'nl' || (t.kind === 'op' && [')', ']', '}', ','].includes(t.text))) return { t: 'unknown', span: { start: left.span.start, end: this.lastEnd() } };
      const right = this.binary(ctx, 1);
      return { t: 'unknown', span: { start: left.span.start, end: this.endOf(right) } };
    }
    return left;
  }

  private binary(ctx: Ctx, minPrec: number): RNode {
    return this.nested(() => this.binaryInner(ctx, minPrec));
  }

  private binaryInner(ctx: Ctx, minPrec: number): RNode {
    let left = this.unary(ctx);
    for (;;) {
      const t = this.peek();
      if (!t || t.kind !== 'op') return left;
      const prec = BINARY[t.text];
      if (prec === undefined || prec < minPrec) return left;
      this.pos++;
      this.skipNl();
      const right = this.binary(ctx, t.text === '**' ? prec : prec + 1);
      left = { t: 'binop', op: t.text, left, right, span: { start: left.span.start, end: this.endOf(right) } };
    }
  }

  private unary(ctx: Ctx): RNode {
    return this.nested(() => this.unaryInner(ctx));
  }

  private unaryInner(ctx: Ctx): RNode {
    const t = this.peek();
    if (t?.kind === 'op' && ['!', '-', '+', '~', '*', '**', '&'].includes(t.text)) {
      this.pos++;
      const arg = this.unary(ctx);
      if (t.text === '-' && arg.t === 'num') return { t: 'num', value: -arg.value, span: { start: t.start, end: arg.span.end } };
      return { t: 'unary', op: t.text, arg, span: { start: t.start, end: this.endOf(arg) } };
    }
    if (this.kw('defined?')) {
      this.pos++;
      const arg = this.unary(ctx);
      return { t: 'unknown', span: { start: t!.start, end: this.endOf(arg) } };
    }
    if (t?.kind === 'op' && t.text === '->') {
      this.pos++;
      if (this.op('(')) this.skipBalanced();
      else while (this.peek() && !this.op('{') && !this.kw('do') && this.peek()!.kind !== 'nl') this.pos++;
      const block = this.block(ctx, '->');
      // `-> { … }.call`: the lambda is a value like any other.
      return this.postfix(ctx, { t: 'unknown', span: { start: t.start, end: block?.span.end ?? this.lastEnd() } });
    }
    if (t?.kind === 'op' && (t.text === '..' || t.text === '...')) {
      // A beginless range: `text[...end]`.
      this.pos++;
      const arg = this.unary(ctx);
      return { t: 'unknown', span: { start: t.start, end: this.endOf(arg) } };
    }
    return this.postfix(ctx, this.primary(ctx));
  }

  private postfix(ctx: Ctx, node: RNode): RNode {
    for (;;) {
      const t = this.peek();
      if (!t) return node;
      if (t.kind === 'nl') {
        // A chain may continue on the next line with a leading dot.
        let k = 0;
        while (this.peek(k)?.kind === 'nl') k++;
        if (this.op('.', k) || this.op('&.', k)) {
          this.pos += k;
          continue;
        }
        return node;
      }
      if (t.kind === 'op' && (t.text === '.' || t.text === '&.')) {
        this.pos++;
        this.skipNl();
        const name = this.peek();
        if (!name || !['ident', 'const', 'kw', 'label'].includes(name.kind)) return node;
        this.pos++;
        const nameText = name.kind === 'label' ? name.value! : name.text;
        node = this.callRest(ctx, node, nameText, { start: name.start, end: name.kind === 'label' ? name.end - 1 : name.end }, node.span.start);
        continue;
      }
      if (t.kind === 'op' && t.text === '::') {
        this.pos++;
        const name = this.peek();
        if (!name) return node;
        this.pos++;
        if (name.kind === 'const' && node.t === 'const' && !this.op('(')) {
          node = { t: 'const', name: `${node.name}::${name.text}`, span: { start: node.span.start, end: name.end } };
        } else {
          node = this.callRest(ctx, node, name.text, { start: name.start, end: name.end }, node.span.start);
        }
        continue;
      }
      if (t.kind === 'op' && t.text === '[' && !t.spaceBefore) {
        this.pos++;
        const args = this.argList(ctx, ']');
        const closed = this.closeBracket(t, ']');
        const end = closed ? this.peek()!.end : this.lastEnd();
        if (closed) this.pos++;
        node = { t: 'index', recv: node, args, span: { start: node.span.start, end } };
        continue;
      }
      return node;
    }
  }

  /** After `recv.name`: arguments with or without parentheses, then a block. */
  private callRest(ctx: Ctx, recv: RNode | undefined, name: string, nameSpan: Span, start: number): RNode {
    let args: RNode[] = [];
    let paren = false;
    let close: number | undefined;
    const t = this.peek();
    if (t?.kind === 'op' && t.text === '(' && !t.spaceBefore) {
      this.pos++;
      args = this.argList(ctx, ')');
      if (this.closeBracket(t, ')')) {
        close = this.peek()!.start;
        this.pos++;
      }
      paren = true;
    } else if (this.commandArgStart()) {
      args = this.commandArgs(ctx);
    }
    // Named only when a block follows: naming every link of a long chain would copy the chain's name each time.
    const block = this.block(ctx, () => (recv ? `${this.nameOf(recv)}.${name}` : name));
    const end = Math.max(block?.span.end ?? 0, paren ? this.lastEnd() : args.length ? this.endOf(args[args.length - 1]) : nameSpan.end);
    return { t: 'call', recv, name, nameSpan, args, paren, close, block, span: { start, end } };
  }

  /**
   * `Mail.defaults`, `Rails.application.configure`: a readable name for the calls blocks belong to. Iterative, and a
   * chain of more than MAX_NAME_LINKS links is just `?` (no block we look for has such a name).
   */
  private nameOf(node: RNode): string {
    const names: string[] = [];
    for (let n: RNode | undefined = node; n; n = n.t === 'call' ? n.recv : undefined) {
      if (names.length === MAX_NAME_LINKS) return '?';
      names.push(n.t === 'const' || n.t === 'var' || n.t === 'call' ? n.name : '?');
    }
    return names.reverse().join('.');
  }

  /** Does an argument without parentheses start here (`foo :smtp, a: 1`, `external_url 'x'`)? */
  private commandArgStart(): boolean {
    const t = this.peek();
    if (!t || !t.spaceBefore) return false;
    switch (t.kind) {
      case 'string':
      case 'symbol':
      case 'label':
      case 'number':
      case 'const':
      case 'ident':
      case 'ivar':
      case 'gvar':
      case 'words':
      case 'regex':
        return true;
      case 'kw':
        // `private def name … end`, `say case x … end`: the method definition or the case is the argument.
        return ['true', 'false', 'nil', 'self', 'not', 'defined?', '__FILE__', '__dir__', 'def', 'case'].includes(t.text);
      case 'op': {
        const next = this.peek(1);
        // `foo [1]`, `foo -1`, `foo *args`, `foo ->{}`: an argument when the operator hugs what follows.
        if (t.text === '->' || t.text === '::') return true;
        if (['[', '-', '*', '&', '!', '**'].includes(t.text)) return !!next && !next.spaceBefore;
        return false;
      }
      default:
        return false;
    }
  }

  private commandArgs(ctx: Ctx): RNode[] {
    const args: RNode[] = [];
    const hash: Pair[] = [];
    let hashStart = -1;
    for (;;) {
      const t = this.peek();
      if (!t || t.kind === 'nl' || (t.kind === 'kw' && ARG_STOP_KW.has(t.text)) || (t.kind === 'op' && [')', ']', '}'].includes(t.text))) break;
      const pair = this.pairOrArg(ctx);
      if ('pair' in pair) {
        if (hashStart < 0) hashStart = pair.pair.span.start;
        hash.push(pair.pair);
      } else args.push(pair.arg);
      if (!this.op(',')) break;
      this.pos++;
      this.skipNl();
    }
    if (hash.length) args.push({ t: 'hash', pairs: hash, braces: false, splat: false, span: { start: hashStart, end: hash[hash.length - 1].span.end } });
    return args;
  }

  /** Arguments inside `(...)` or `[...]`: expressions, with trailing `key: value` pairs gathered into a hash. */
  private argList(ctx: Ctx, close: string): RNode[] {
    const args: RNode[] = [];
    const hash: Pair[] = [];
    let hashStart = -1;
    this.skipNl();
    while (this.peek() && !this.op(close)) {
      const before = this.pos;
      const item = this.pairOrArg(ctx);
      if ('pair' in item) {
        if (hashStart < 0) hashStart = item.pair.span.start;
        hash.push(item.pair);
      } else args.push(item.arg);
      this.skipNl();
      if (this.op(',')) {
        this.pos++;
        this.skipNl();
        continue;
      }
      // Items are separated by commas: anything else before the closer is code that does not parse.
      if (this.pos === before || !this.op(close)) this.unexpected(close === ')' ? 'an argument list' : 'a list');
      if (this.pos === before) this.pos++;
      if (!this.op(close)) this.skipTo(close);
      break;
    }
    if (hash.length) args.push({ t: 'hash', pairs: hash, braces: false, splat: false, span: { start: hashStart, end: hash[hash.length - 1].span.end } });
    return args;
  }

  /** One argument or hash entry: `label: v`, `"quoted": v`, `key => v`, `**h`, or an expression. */
  private pairOrArg(ctx: Ctx): { pair: Pair } | { arg: RNode } {
    const saved = this.inList;
    this.inList = true;
    try {
      return this.pairOrArgInner(ctx);
    } finally {
      this.inList = saved;
    }
  }

  private pairOrArgInner(ctx: Ctx): { pair: Pair } | { arg: RNode } {
    const t = this.peek()!;
    if (t.kind === 'label') {
      this.pos++;
      this.skipNl();
      const nameSpan = t.inner ?? { start: t.start, end: t.end - 1 };
      const next = this.peek();
      // Ruby 3.1 shorthand `{ port:, host: }`: the value is the variable of that name.
      const value: RNode =
        !next || (next.kind === 'op' && [',', '}', ')'].includes(next.text))
          ? { t: 'var', name: t.value!, span: nameSpan }
          : this.ternaryWithAssign(ctx);
      return { pair: { key: t.value, keyStyle: 'label', keySpan: t.quote ? { start: t.start, end: t.end - 1 } : nameSpan, keyQuote: t.quote, value, span: { start: t.start, end: value.span.end } } };
    }
    const arg = this.ternaryWithAssign(ctx);
    if (this.op('=>')) {
      this.pos++;
      this.skipNl();
      const value = this.ternaryWithAssign(ctx);
      const key = arg.t === 'sym' || arg.t === 'str' ? arg.value : undefined;
      const keyStyle = arg.t === 'sym' ? 'symbol' : arg.t === 'str' ? 'string' : 'other';
      return { pair: { key, keyStyle, keySpan: arg.span, keyQuote: arg.t === 'str' ? arg.quote : undefined, value, span: { start: arg.span.start, end: value.span.end } } };
    }
    return { arg };
  }

  private ternaryWithAssign(ctx: Ctx): RNode {
    return this.notExpr(ctx);
  }

  private block(ctx: Ctx, callName: string | (() => string)): Block | undefined {
    const t = this.peek();
    if (!t) return undefined;
    const isBrace = t.kind === 'op' && t.text === '{';
    const isDo = t.kind === 'kw' && t.text === 'do' && !this.noDo;
    if (!isBrace && !isDo) return undefined;
    this.pos++;
    // Block parameters |a, b|.
    this.skipNl();
    if (this.op('||')) this.pos++;
    else if (this.op('|')) {
      this.pos++;
      while (this.peek() && !this.op('|') && this.peek()!.kind !== 'nl') this.pos++;
      if (this.op('|')) this.pos++;
    }
    const saved = this.noDo;
    this.noDo = false;
    const inner: Ctx = { path: ctx.path, blocks: [...ctx.blocks, typeof callName === 'string' ? callName : callName()] };
    const mark = this.stmts.length;
    if (isBrace) this.statements(inner, (x) => x.kind === 'op' && x.text === '}');
    else this.defBody(inner, t);
    let end = this.lastEnd();
    if (isBrace && this.closeBracket(t, '}')) {
      end = this.peek()!.end;
      this.pos++;
    }
    this.noDo = saved;
    return { body: this.stmts.slice(mark), span: { start: t.start, end } };
  }

  private primary(ctx: Ctx): RNode {
    const t = this.peek();
    if (!t) return { t: 'unknown', span: { start: this.lastEnd(), end: this.lastEnd() } };
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'string': {
        this.pos++;
        // An unterminated string (half-typed file) runs to the end: its value is not known.
        if (t.unterminated) return { t: 'unknown', span };
        let node: RNode = { t: 'str', value: t.value ?? '', interp: !!t.interp, span, inner: t.inner, quote: t.quote ?? '"' };
        // Adjacent literals concatenate: "a" "b".
        while (this.peek()?.kind === 'string') {
          const next = this.peek()!;
          this.pos++;
          node = { t: 'str', value: (node as { value: string }).value + (next.value ?? ''), interp: true, span: { start: span.start, end: next.end }, quote: '"' };
        }
        return node;
      }
      case 'symbol':
        this.pos++;
        if (t.unterminated) return { t: 'unknown', span };
        return { t: 'sym', value: t.value ?? '', span, interp: t.interp };
      case 'number':
        this.pos++;
        return { t: 'num', value: rubyNumber(t.text), span };
      case 'words':
        this.pos++;
        return { t: 'array', items: (t.value ?? '').trim().split(/\s+/).filter(Boolean).map((w) => ({ t: 'str', value: w, interp: false, span, quote: '' })), span };
      case 'regex':
        this.pos++;
        return { t: 'unknown', span };
      case 'ivar':
      case 'gvar':
        this.pos++;
        return { t: 'var', name: t.text, span };
      case 'const': {
        this.pos++;
        if (this.op('(') && !this.peek()!.spaceBefore) return this.callRest(ctx, undefined, t.text, span, t.start);
        if (t.spaceBefore !== undefined && this.commandArgStartForConst()) return this.callRest(ctx, undefined, t.text, span, t.start);
        return { t: 'const', name: t.text, span };
      }
      case 'ident': {
        this.pos++;
        const next = this.peek();
        const assigns = next?.kind === 'op' && ASSIGN_OPS.has(next.text);
        if (assigns) return { t: 'var', name: t.text, span };
        if ((next?.kind === 'op' && next.text === '(' && !next.spaceBefore) || this.commandArgStart() || this.op('{') || (this.kw('do') && !this.noDo)) {
          return this.callRest(ctx, undefined, t.text, span, t.start);
        }
        return { t: 'var', name: t.text, span };
      }
      case 'label': {
        // A braceless hash in a position we did not expect (`return a: 1`): read it as a hash.
        const args = this.commandArgs(ctx);
        return args[0] ?? { t: 'unknown', span };
      }
      case 'kw':
        return this.keywordPrimary(ctx, t);
      case 'op':
        return this.operatorPrimary(ctx, t);
      default:
        this.pos++;
        return { t: 'unknown', span };
    }
  }

  private commandArgStartForConst(): boolean {
    // `Integer ENV['X']` is rare; only string arguments count, so `Foo if x` and `Foo::Bar` stay constants.
    const t = this.peek();
    return !!t && t.spaceBefore && t.kind === 'string';
  }

  private keywordPrimary(ctx: Ctx, t: Tok): RNode {
    const span = { start: t.start, end: t.end };
    switch (t.text) {
      case 'true':
      case 'false':
        this.pos++;
        return { t: 'bool', value: t.text === 'true', span };
      case 'nil':
        this.pos++;
        return { t: 'nil', span };
      case 'self':
        this.pos++;
        return { t: 'var', name: 'self', span };
      case 'if':
      case 'unless':
      case 'case':
      case 'begin':
      case 'while':
      case 'until':
      case 'for':
      case 'class':
      case 'module':
      case 'def': {
        // Control structures used as values (`x = if a then 1 else 2 end`): their statements are recorded.
        const mark = this.pos;
        this.statement(ctx);
        return { t: 'unknown', span: { start: t.start, end: this.toks[Math.max(mark, this.pos - 1)]?.end ?? t.end } };
      }
      case 'super':
      case 'yield':
      case 'return':
      case 'break':
      case 'next': {
        this.pos++;
        const open = this.peek();
        if (open && this.op('(') && !open.spaceBefore) {
          this.pos++;
          this.argList(ctx, ')');
          if (this.closeBracket(open, ')')) this.pos++;
        } else if (this.commandArgStart()) this.commandArgs(ctx);
        // `super do |x| … end`: the block goes to the method being overridden.
        if (t.text === 'super') this.block(ctx, 'super');
        return { t: 'unknown', span: { start: t.start, end: this.lastEnd() } };
      }
      default:
        this.pos++;
        return { t: 'unknown', span };
    }
  }

  private operatorPrimary(ctx: Ctx, t: Tok): RNode {
    switch (t.text) {
      case '(': {
        this.pos++;
        this.skipNl();
        const inner = this.op(')') ? undefined : this.expression(ctx);
        this.skipNl();
        // `(a; b)`: several statements, maybe over several lines; only a single expression is a value.
        this.skipTo(')');
        const closed = this.closeBracket(t, ')');
        const end = closed ? this.peek()!.end : this.lastEnd();
        if (closed) this.pos++;
        return inner ? { ...inner, span: { start: t.start, end } } : { t: 'nil', span: { start: t.start, end } };
      }
      case '[': {
        this.pos++;
        const items = this.argList(ctx, ']');
        const closed = this.closeBracket(t, ']');
        const end = closed ? this.peek()!.end : this.lastEnd();
        if (closed) this.pos++;
        return { t: 'array', items, span: { start: t.start, end } };
      }
      case '{':
        return this.hash(ctx);
      case '::': {
        this.pos++;
        const name = this.peek();
        if (name?.kind === 'const') {
          this.pos++;
          return { t: 'const', name: name.text, span: { start: t.start, end: name.end } };
        }
        return { t: 'unknown', span: { start: t.start, end: t.end } };
      }
      default:
        this.pos++;
        return { t: 'unknown', span: { start: t.start, end: t.end } };
    }
  }

  private hash(ctx: Ctx): RNode {
    const open = this.peek()!;
    this.pos++;
    const pairs: Pair[] = [];
    let splat = false;
    this.skipNl();
    while (this.peek() && !this.op('}')) {
      const before = this.pos;
      if (this.op('**')) {
        this.pos++;
        this.unary(ctx);
        splat = true;
      } else {
        const item = this.pairOrArg(ctx);
        if ('pair' in item) pairs.push(item.pair);
      }
      this.skipNl();
      if (this.op(',')) {
        this.pos++;
        this.skipNl();
        continue;
      }
      if (this.pos === before || !this.op('}')) this.unexpected('a hash');
      if (this.pos === before) this.pos++;
      if (!this.op('}')) this.skipTo('}');
      break;
    }
    const closed = this.closeBracket(open, '}');
    const end = closed ? this.peek()!.end : this.lastEnd();
    if (closed) this.pos++;
    return { t: 'hash', pairs, braces: true, splat, span: { start: open.start, end }, closed };
  }
}

/** Ruby integer/float literal text → number. */
export function rubyNumber(raw: string): number {
  const s = raw.replace(/_/g, '').replace(/(ri|r|i)$/, '');
  if (/^0[xX]/.test(s)) return parseInt(s.slice(2), 16);
  if (/^0[bB]/.test(s)) return parseInt(s.slice(2), 2);
  if (/^0[oO]/.test(s)) return parseInt(s.slice(2), 8);
  if (/^0[0-7]+$/.test(s)) return parseInt(s.slice(1), 8);
  return Number(s);
}
