// One pass over the AST that finds everything the PHP format looks at: define() calls (with the branches they sit
// in), phpmailer_init hooks, `new PHPMailer` objects, PHPMailer-typed parameters, and declarations to resolve
// callbacks by name. Class property defaults are never read: `public $Port = 25;` in PHPMailer itself is no config.
import type { Span } from '../../model';
import { shiftedSpan } from '../../text';
import { args, callName, expressionSpan, child, childList, childNodes, definedCheckName, type PhpNode, shortName, spanOf, str, stringValue } from './ast';

/** One condition a node sits under. Two nodes are exclusive when they sit in different branches of the same `id`. */
export interface Condition {
  id: number;
  branch: number;
  /** The branch runs only while this constant is undefined (`if (!defined('X'))`, `defined('X') || ...`). */
  guardFor?: string;
  /** Where the branch starts, for labels. */
  at: number;
}

export interface DefineCall {
  name: string;
  /** The name literal, quotes included. */
  nameNode: PhpNode;
  valueNode?: PhpNode;
  call: PhpNode;
  callSpan: Span;
  /** The statement holding the define (expression statement, or a guarding `if` with nothing else). */
  statement?: PhpNode;
  /** False when the statement holds more than the define and its guard, so it must not be removed whole. */
  removable: boolean;
  path: Condition[];
}

export interface HookCall {
  call: PhpNode;
  callback: PhpNode;
  /** The class the add_action() call is written in, for `[$this, 'method']`. */
  classNode?: PhpNode;
}

export interface NewMailer {
  newNode: PhpNode;
  /** Where the object is stored: `$mail`, `$this->mailer`. */
  target: PhpNode;
  /** The function body (or the whole program) the object lives in. */
  scope: PhpNode;
}

export interface TypedParam {
  fn: PhpNode;
  param: PhpNode;
}

export interface ScanResult {
  defines: DefineCall[];
  hooks: HookCall[];
  objects: NewMailer[];
  typedParams: TypedParam[];
  /** Lower-cased function name -> declaration. */
  functions: Map<string, PhpNode>;
  /** Lower-cased class name (last segment) -> declaration. */
  classes: Map<string, PhpNode>;
  /** How the file writes PHPMailer's class when it uses ENCRYPTION_* constants (`PHPMailer`, `\PHPMailer\PHPMailer\PHPMailer`). */
  encryptionClassText?: string;
}

const FUNCTION_LIKE = new Set(['function', 'method', 'closure', 'arrowfunc']);
const CLASS_LIKE = new Set(['class', 'trait', 'interface', 'enum']);
const LOOPS = new Set(['for', 'foreach', 'while', 'do', 'switch']);
const LOGICAL = new Set(['||', 'or', '&&', 'and', '??']);

interface Ctx {
  path: Condition[];
  scope: PhpNode;
  classNode: PhpNode | undefined;
  statement: PhpNode | undefined;
  statementParent: PhpNode | undefined;
}

/** Every context has the same fields in the same order: spreading contexts of varied shapes was the walk's main cost. */
function makeCtx(path: Condition[], scope: PhpNode, classNode: PhpNode | undefined, statement: PhpNode | undefined, statementParent: PhpNode | undefined): Ctx {
  return { path, scope, classNode, statement, statementParent };
}

// Results, defines and conditions are built by one function each, so that fresh and moved ones share a hidden class
// (a second shape appearing after the JIT optimised the code that reads them sends that code back to the interpreter).
function scanResult(defines: DefineCall[], hooks: HookCall[], objects: NewMailer[], typedParams: TypedParam[], functions: Map<string, PhpNode>, classes: Map<string, PhpNode>, encryptionClassText: string | undefined): ScanResult {
  return { defines, hooks, objects, typedParams, functions, classes, encryptionClassText };
}

function emptyScan(): ScanResult {
  return scanResult([], [], [], [], new Map(), new Map(), undefined);
}

function defineCall(name: string, nameNode: PhpNode, valueNode: PhpNode | undefined, call: PhpNode, callSpan: Span, statement: PhpNode | undefined, removable: boolean, path: Condition[]): DefineCall {
  return { name, nameNode, valueNode, call, callSpan, statement, removable, path };
}

function condition(id: number, branch: number, guardFor: string | undefined, at: number): Condition {
  return { id, branch, guardFor, at };
}

/**
 * What the visit found in each top-level statement, kept while the statement is the same node: the PHP re-parser
 * keeps the nodes of statements an edit did not touch (moving the later ones), so on a keystroke only the statements
 * the edit replaced are visited. `start` is where the statement was when `scan` was made; `program` is the tree the
 * scan saw: objects created at the top level name it as their scope.
 */
const statementScans = new WeakMap<PhpNode, { start: number; program: PhpNode; scan: ScanResult }>();
/** Condition ids stay unique across scans, since kept results of unchanged statements mix with new ones. */
let nextConditionId = 1;

export function scanProgram(program: PhpNode, text: string): ScanResult {
  const result = emptyScan();
  /** Where the visit records: the current top-level statement's own result. */
  let into = result;
  const under = (ctx: Ctx, node: PhpNode, branch: number, guardFor?: string, id = nextConditionId++): Ctx =>
    makeCtx([...ctx.path, condition(id, branch, guardFor, spanOf(node)?.start ?? 0)], ctx.scope, ctx.classNode, ctx.statement, ctx.statementParent);

  const visit = (node: PhpNode, ctx: Ctx, parent: PhpNode | undefined): void => {
    const kind = node.kind;
    if (kind === 'expressionstatement') {
      ctx = makeCtx(ctx.path, ctx.scope, ctx.classNode, node, parent);
    }
    if (kind === 'if') {
      const test = child(node, 'test');
      if (test) visit(test, ctx, node);
      const id = nextConditionId++;
      const body = child(node, 'body');
      if (body) visit(body, under(ctx, body, 0, definedCheckName(test, true), id), node);
      const alt = child(node, 'alternate');
      if (alt) visit(alt, under(ctx, alt, 1, undefined, id), node);
      return;
    }
    if (FUNCTION_LIKE.has(kind)) {
      if (kind === 'function') {
        const name = str(child(node, 'name'), 'name');
        if (name) into.functions.set(name.toLowerCase(), node);
      }
      for (const param of childList(node, 'arguments')) {
        if (isPhpMailerType(child(param, 'type'))) into.typedParams.push({ fn: node, param });
      }
      const inner = makeCtx(under(ctx, node, 0).path, node, ctx.classNode, undefined, undefined);
      visitChildren(node, inner);
      return;
    }
    if (CLASS_LIKE.has(kind)) {
      const name = str(child(node, 'name'), 'name');
      if (name) into.classes.set(name.toLowerCase(), node);
      const inner = makeCtx(ctx.path, ctx.scope, node, ctx.statement, ctx.statementParent);
      for (const member of childList(node, 'body')) {
        // Property and constant defaults are the class's own business, never site configuration.
        if (member.kind === 'propertystatement' || member.kind === 'classconstant') continue;
        visit(member, inner, node);
      }
      return;
    }
    if (LOOPS.has(kind) || kind === 'catch') {
      const inner = under(ctx, node, 0);
      visitChildren(node, inner);
      return;
    }
    if (kind === 'bin' && LOGICAL.has(String(node.type))) {
      const left = child(node, 'left');
      const right = child(node, 'right');
      if (left) visit(left, ctx, node);
      const type = String(node.type);
      const guard = type === '||' || type === 'or' ? definedCheckName(left, false) : type === '&&' || type === 'and' ? definedCheckName(left, true) : undefined;
      if (right) visit(right, under(ctx, right, 0, guard), node);
      return;
    }
    if (kind === 'retif') {
      const test = child(node, 'test');
      if (test) visit(test, ctx, node);
      const id = nextConditionId++;
      const t = child(node, 'trueExpr');
      const f = child(node, 'falseExpr');
      if (t) visit(t, under(ctx, t, 0, undefined, id), node);
      if (f) visit(f, under(ctx, f, 1, undefined, id), node);
      return;
    }
    if (kind === 'call') recordCall(node, ctx);
    if (kind === 'assign') {
      const right = child(node, 'right');
      const left = child(node, 'left');
      if (right?.kind === 'new' && left && isPhpMailerClass(child(right, 'what'))) {
        into.objects.push({ newNode: right, target: left, scope: ctx.scope });
      }
    }
    if (kind === 'staticlookup' && !into.encryptionClassText) {
      const offset = child(node, 'offset');
      const what = child(node, 'what');
      const name = offset?.kind === 'identifier' ? str(offset, 'name') : undefined;
      if ((name === 'ENCRYPTION_STARTTLS' || name === 'ENCRYPTION_SMTPS') && what?.kind === 'name' && shortName(what) === 'phpmailer') {
        const s = spanOf(what);
        if (s) into.encryptionClassText = text.slice(s.start, s.end);
      }
    }
    visitChildren(node, ctx);
  };

  // Nodes without children (names, literals, identifiers: about half of a tree) hold nothing the visit records.
  const visitChildren = (node: PhpNode, ctx: Ctx): void => {
    for (const c of childNodes(node)) if (childNodes(c).length > 0) visit(c, ctx, node);
  };

  const recordCall = (node: PhpNode, ctx: Ctx): void => {
    const fn = callName(node);
    if (fn === 'define') {
      const [nameNode, valueNode] = args(node);
      const name = stringValue(nameNode);
      const callSpan = expressionSpan(text, node);
      if (!nameNode || name === undefined || !callSpan) return;
      const { statement, removable } = removalTarget(node, name, ctx);
      into.defines.push(defineCall(name, nameNode, valueNode, node, callSpan, statement, removable, ctx.path));
    } else if (fn === 'add_action' || fn === 'add_filter') {
      const [hook, callback] = args(node);
      if (stringValue(hook) === 'phpmailer_init' && callback) into.hooks.push({ call: node, callback, classNode: ctx.classNode });
    }
  };

  const root = makeCtx([], program, undefined, undefined, undefined);
  for (const statement of childNodes(program)) {
    if (childNodes(statement).length === 0) continue; // as visitChildren: nothing to record in a leaf
    const start = statement.loc?.start.offset;
    let kept = start === undefined ? undefined : statementScans.get(statement);
    if (kept && start !== undefined && kept.start !== start) {
      // The statement moved (an edit before it): same code, offsets moved by the same amount.
      kept = { start, program: kept.program, scan: movedScan(kept.scan, start - kept.start) };
      statementScans.set(statement, kept);
    }
    if (!kept) {
      into = emptyScan();
      visit(statement, root, program);
      kept = { start: start ?? -1, program, scan: into };
      if (start !== undefined) statementScans.set(statement, kept);
    }
    addScan(result, kept.scan, kept.program, program);
  }
  return result;
}

/** A statement's findings after it moved by `delta`: only the defines hold offsets (their spans and branch starts). */
function movedScan(scan: ScanResult, delta: number): ScanResult {
  if (scan.defines.length === 0) return scan;
  const defines = scan.defines.map((d) =>
    defineCall(
      d.name,
      d.nameNode,
      d.valueNode,
      d.call,
      shiftedSpan(d.callSpan, delta),
      d.statement,
      d.removable,
      d.path.length === 0 ? d.path : d.path.map((c) => condition(c.id, c.branch, c.guardFor, c.at + delta)),
    ),
  );
  return scanResult(defines, scan.hooks, scan.objects, scan.typedParams, scan.functions, scan.classes, scan.encryptionClassText);
}

/** Appends one statement's findings, in statement order (later declarations of a name win, as in one visit). */
function addScan(result: ScanResult, part: ScanResult, partProgram: PhpNode, program: PhpNode): void {
  for (const d of part.defines) result.defines.push(d);
  for (const h of part.hooks) result.hooks.push(h);
  for (const o of part.objects) result.objects.push(o.scope === partProgram && partProgram !== program ? { ...o, scope: program } : o);
  for (const t of part.typedParams) result.typedParams.push(t);
  for (const [name, node] of part.functions) result.functions.set(name, node);
  for (const [name, node] of part.classes) result.classes.set(name, node);
  if (part.encryptionClassText !== undefined) result.encryptionClassText ??= part.encryptionClassText;
}

/** The statement to delete when a define loses, and whether deleting it removes nothing but the define. */
function removalTarget(call: PhpNode, name: string, ctx: Ctx): { statement?: PhpNode; removable: boolean } {
  const stmt = ctx.statement;
  if (!stmt) return { removable: false };
  const expr = child(stmt, 'expression');
  let only = expr === call;
  if (!only && expr?.kind === 'bin' && child(expr, 'right') === call) {
    const type = String(expr.type);
    const left = child(expr, 'left');
    only =
      ((type === '||' || type === 'or') && definedCheckName(left, false) === name) ||
      ((type === '&&' || type === 'and') && definedCheckName(left, true) === name);
  }
  if (!only) return { statement: stmt, removable: false };
  const parent = ctx.statementParent;
  // `if (!defined('X')) define('X', 1);` without braces: removing only the define would leave a bodiless `if`.
  if (parent?.kind === 'if' && (child(parent, 'body') === stmt || child(parent, 'alternate') === stmt)) {
    const guardOnly = child(parent, 'body') === stmt && !child(parent, 'alternate') && definedCheckName(child(parent, 'test'), true) === name;
    return guardOnly ? { statement: parent, removable: true } : { statement: stmt, removable: false };
  }
  return { statement: stmt, removable: true };
}

function isPhpMailerClass(node: PhpNode | undefined): boolean {
  return shortName(node) === 'phpmailer';
}

function isPhpMailerType(node: PhpNode | undefined): boolean {
  if (!node) return false;
  if (node.kind === 'name') return isPhpMailerClass(node); // `?PHPMailer` is a name with the parameter marked nullable
  if (node.kind === 'uniontype' || node.kind === 'intersectiontype') return childList(node, 'types').some(isPhpMailerType);
  return false;
}

/** Are two condition paths in different branches of the same if/else (so never both run)? */
export function exclusive(a: readonly Condition[], b: readonly Condition[]): boolean {
  for (const ca of a) for (const cb of b) if (ca.id === cb.id && ca.branch !== cb.branch) return true;
  return false;
}

/**
 * Does `first` always run when `later` runs, as far as conditions other than "not yet defined" guards go?
 * Then `later` can never take effect for the same constant.
 */
export function dominates(first: readonly Condition[], later: readonly Condition[]): boolean {
  const a = first.filter((c) => !c.guardFor);
  const b = later.filter((c) => !c.guardFor);
  if (a.length > b.length) return false;
  return a.every((c, i) => b[i].id === c.id && b[i].branch === c.branch);
}

/** Which branch of each if/else (by condition id) a world takes. */
export type BranchChoice = Map<number, number>;

/**
 * Settings in different branches of an if/else (production vs development) describe different setups. Returns one
 * choice per combination of the branches that actually separate some of the given paths (a single empty choice
 * when none do), capped so a file with many independent switches stays cheap.
 */
export function branchChoices(allPaths: readonly (readonly Condition[])[], limit = 32): BranchChoice[] {
  const decisions = new Map<number, Set<number>>();
  // Unconditional code (most of a wp-config.php) decides nothing: only conditioned paths are compared, pairwise.
  const paths = allPaths.filter((p) => p.length > 0);
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      for (const a of paths[i]) {
        for (const b of paths[j]) {
          if (a.id !== b.id || a.branch === b.branch) continue;
          decisions.set(a.id, (decisions.get(a.id) ?? new Set()).add(a.branch).add(b.branch));
        }
      }
    }
  }
  let choices: BranchChoice[] = [new Map()];
  for (const [id, branches] of decisions) {
    const next: BranchChoice[] = [];
    for (const choice of choices) for (const b of branches) next.push(new Map(choice).set(id, b));
    choices = next.slice(0, limit);
  }
  return choices;
}

/** Can code on this path run in the world `choice` describes? */
export function runsIn(path: readonly Condition[], choice: BranchChoice): boolean {
  return path.every((c) => !choice.has(c.id) || choice.get(c.id) === c.branch);
}

/** Start of the innermost chosen branch among the paths, to name a world in labels. */
export function branchStart(paths: readonly (readonly Condition[])[], choice: BranchChoice): number | undefined {
  let at: number | undefined;
  for (const path of paths) for (const c of path) if (choice.has(c.id) && (at === undefined || c.at > at)) at = c.at;
  return at;
}
