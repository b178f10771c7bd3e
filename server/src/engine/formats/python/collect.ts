// Walk a Python module and collect every mail-setting assignment with where it lives: the module, a class body
// (Flask/django-configurations config classes), a Flask `app.config` object, a fastapi-mail ConnectionConfig(...)
// call; and under which if/elif/else or try/except branch it runs. Function bodies count only for app.config forms
// and ConnectionConfig calls (Flask app factories), not for bare names (those are locals there).
import type { SyntaxNode } from '@lezer/common';
import type { Span } from '../../model';
import { compact, kids, spanOf, src } from './lezer';
import { argsOf, parseString, type Arg } from './values';

/** One branch of a conditional: statement `id` took branch `branch`. */
export interface Cond {
  id: number;
  branch: number;
}

/** How to add a sibling setting next to an existing one. */
export type Container =
  | { kind: 'assign'; statement: SyntaxNode; /** `app.config['` … `']` for subscript targets */ subscript?: { object: string; quote: string } }
  | { kind: 'kwarg'; list: SyntaxNode; entry: Span }
  | { kind: 'dict'; list: SyntaxNode; entry: Span; quote: string };

export interface Op {
  key: string;
  keySpan: Span;
  valueNode: SyntaxNode;
  scope: string;
  path: Cond[];
  container: Container;
}

export interface Scope {
  id: string;
  kind: 'module' | 'class' | 'config' | 'call';
  /** For classes: the class name and its base names as written. */
  name?: string;
  bases?: string[];
  /** Where the scope starts (class header, the ConnectionConfig call). */
  span: Span;
  /** `from x import *` in the module: keys not written here may come from elsewhere. */
  starImport?: boolean;
}

export interface Collected {
  ops: Op[];
  scopes: Map<string, Scope>;
  /** Branch count per conditional id (if: its branches plus the implicit "none"; try: no exception plus each except). */
  branches: Map<number, number>;
  /** Calls of django-environ email_url()/email() and dj-email-url parse()/config(). */
  emailUrls: { call: SyntaxNode; path: Cond[]; kind: 'environ' | 'dj-email-url' }[];
  /** Classes that look like custom Django email backends, for certificate-check switches. */
  backendClasses: SyntaxNode[];
}

/** Names we read as mail settings; anything else is left alone. */
export const MAIL_KEY = /^(EMAIL_(BACKEND|HOST|PORT|USE_TLS|USE_SSL|HOST_USER|HOST_PASSWORD|URL)|MAIL_(SERVER|PORT|USE_TLS|USE_SSL|USERNAME|PASSWORD|BACKEND|SUPPRESS_SEND|STARTTLS|SSL_TLS)|VALIDATE_CERTS|USE_CREDENTIALS)$/;

export function collect(text: string, root: SyntaxNode): Collected {
  const out: Collected = { ops: [], scopes: new Map(), branches: new Map(), emailUrls: [], backendClasses: [] };
  let nextCond = 0;
  const mailBackendImport = /django\.core\.mail\.backends|\bEmailBackend\b/.test(text);
  out.scopes.set('module', { id: 'module', kind: 'module', span: { start: 0, end: 0 } });

  const addOp = (op: Op) => {
    if (MAIL_KEY.test(op.key)) out.ops.push(op);
  };

  /** `app.config['MAIL_SERVER'] = v` target: the config object text and the key. */
  const configSubscript = (target: SyntaxNode): { object: string; key: string; keyNode: SyntaxNode; quote: string } | undefined => {
    if (target.name !== 'MemberExpression') return undefined;
    const parts = kids(target);
    if (parts.length !== 4 || parts[1].name !== '[' || parts[2].name !== 'String') return undefined;
    const object = compact(text, parts[0]);
    if (!/(^|\.)config$/.test(object)) return undefined;
    const s = parseString(text, parts[2]);
    return s ? { object, key: s.value, keyNode: parts[2], quote: s.quote } : undefined;
  };

  const configScope = (object: string, node: SyntaxNode): string => {
    const id = `config:${object}`;
    if (!out.scopes.has(id)) out.scopes.set(id, { id, kind: 'config', name: object, span: spanOf(node) });
    return id;
  };

  const keywordOps = (args: Arg[], list: SyntaxNode, scope: string, path: Cond[]) => {
    for (const a of args) {
      if (a.name && a.nameNode) addOp({ key: a.name, keySpan: spanOf(a.nameNode), valueNode: a.value, scope, path, container: { kind: 'kwarg', list, entry: a.span } });
    }
  };

  const dictOps = (dict: SyntaxNode, scope: string, path: Cond[]) => {
    const parts = kids(dict).filter((k) => k.name !== 'Comment');
    for (let i = 0; i + 2 < parts.length; i++) {
      if (parts[i].name !== 'String' || parts[i + 1].name !== ':') continue;
      const s = parseString(text, parts[i]);
      if (!s) continue;
      const value = parts[i + 2];
      addOp({ key: s.value, keySpan: spanOf(parts[i]), valueNode: value, scope, path, container: { kind: 'dict', list: dict, entry: { start: parts[i].from, end: value.to }, quote: s.quote } });
    }
  };

  /** Calls anywhere in an expression statement or assignment value that we read. */
  const visitCalls = (node: SyntaxNode, path: Cond[]) => {
    const cursor = node.cursor();
    do {
      if (cursor.name !== 'CallExpression') continue;
      const call = cursor.node;
      const callee = compact(text, call.firstChild);
      const argList = call.getChild('ArgList');
      if (!argList) continue;
      if (/(^|\.)config\.(update|from_mapping)$/.test(callee)) {
        const scope = configScope(callee.replace(/\.(update|from_mapping)$/, ''), call);
        const args = argsOf(text, argList);
        keywordOps(args, argList, scope, path);
        const dict = args.find((a) => !a.name && a.value.name === 'DictionaryExpression');
        if (dict) dictOps(dict.value, scope, path);
      } else if (/(^|\.)ConnectionConfig$/.test(callee)) {
        const id = `call:${call.from}`;
        out.scopes.set(id, { id, kind: 'call', name: 'ConnectionConfig', span: spanOf(call.firstChild!) });
        keywordOps(argsOf(text, argList), argList, id, path);
      } else if (/\.(email_url|email)$/.test(callee) && !/^(os|self)\./.test(callee)) {
        out.emailUrls.push({ call, path, kind: 'environ' });
      } else if (/^dj_email_url\.(parse|config)$/.test(callee)) {
        out.emailUrls.push({ call, path, kind: 'dj-email-url' });
      }
    } while (cursor.next() && cursor.from < node.to);
  };

  const visitAssign = (stmt: SyntaxNode, scope: string, path: Cond[], namesCount: boolean) => {
    const parts = kids(stmt).filter((k) => k.name !== 'Comment');
    const eq = parts.findIndex((p) => p.name === 'AssignOp' && src(text, p) === '=');
    if (eq < 1) return;
    const value = parts[parts.length - 1];
    // `A = B = value`: every target gets the value.
    for (let i = 0; i < parts.length - 1; i++) {
      const target = parts[i];
      if (target.name === 'VariableName' && namesCount) {
        addOp({ key: src(text, target), keySpan: spanOf(target), valueNode: value, scope, path, container: { kind: 'assign', statement: stmt } });
      } else if (target.name === 'MemberExpression') {
        const sub = configSubscript(target);
        if (sub) {
          addOp({
            key: sub.key,
            keySpan: spanOf(sub.keyNode),
            valueNode: value,
            scope: configScope(sub.object, target),
            path,
            container: { kind: 'assign', statement: stmt, subscript: { object: src(text, target.firstChild), quote: sub.quote } },
          });
        }
      }
    }
    visitCalls(value, path);
  };

  const visitBody = (body: SyntaxNode, scope: string, path: Cond[], namesCount: boolean) => {
    for (const stmt of kids(body)) visitStatement(stmt, scope, path, namesCount);
  };

  const visitStatement = (stmt: SyntaxNode, scope: string, path: Cond[], namesCount: boolean): void => {
    switch (stmt.name) {
      case 'AssignStatement':
        return visitAssign(stmt, scope, path, namesCount);
      case 'StatementGroup':
        for (const s of kids(stmt)) visitStatement(s, scope, path, namesCount);
        return;
      case 'ExpressionStatement':
        return visitCalls(stmt, path);
      case 'ImportStatement':
        if (scope === 'module' && kids(stmt).some((k) => k.name === '*')) out.scopes.get('module')!.starImport = true;
        return;
      case 'IfStatement': {
        const id = nextCond++;
        const bodies = stmt.getChildren('Body');
        const hasElse = kids(stmt).some((k) => k.name === 'else');
        out.branches.set(id, bodies.length + (hasElse ? 0 : 1));
        bodies.forEach((b, i) => visitBody(b, scope, [...path, { id, branch: i }], namesCount));
        return;
      }
      case 'TryStatement': {
        // The try body (and its else/finally) runs; each except body is an alternative.
        const id = nextCond++;
        let handler = 0;
        let mode: 'try' | 'except' | 'else' | 'finally' = 'try';
        for (const k of kids(stmt)) {
          if (k.name === 'except') mode = 'except';
          else if (k.name === 'else') mode = 'else';
          else if (k.name === 'finally') mode = 'finally';
          else if (k.name === 'Body') {
            if (mode === 'except') visitBody(k, scope, [...path, { id, branch: ++handler }], namesCount);
            else visitBody(k, scope, path, namesCount);
          }
        }
        out.branches.set(id, handler + 1);
        return;
      }
      case 'WithStatement':
      case 'ForStatement':
      case 'WhileStatement':
        for (const b of stmt.getChildren('Body')) visitBody(b, scope, path, namesCount);
        return;
      case 'DecoratedStatement':
        for (const k of kids(stmt)) if (k.name === 'ClassDefinition' || k.name === 'FunctionDefinition') visitStatement(k, scope, path, namesCount);
        return;
      case 'ClassDefinition': {
        const nameNode = stmt.getChild('VariableName');
        const name = src(text, nameNode);
        const bases = argsOf(text, stmt.getChild('ArgList'))
          .filter((a) => !a.name)
          .map((a) => compact(text, a.value));
        // Email backends: `class X(EmailBackend)`, or any *Backend base when the file imports Django's mail backends.
        if (bases.some((b) => /EmailBackend$/.test(b) || (/Backend$/.test(b) && mailBackendImport))) out.backendClasses.push(stmt);
        const id = `class:${name}@${stmt.from}`;
        out.scopes.set(id, { id, kind: 'class', name, bases, span: { start: stmt.from, end: nameNode?.to ?? stmt.from } });
        for (const b of stmt.getChildren('Body')) visitBody(b, id, path, true);
        return;
      }
      case 'FunctionDefinition':
        for (const b of stmt.getChildren('Body')) visitBody(b, `function@${stmt.from}`, path, false);
        return;
      default:
        return;
    }
  };

  visitBody(root, 'module', [], true);
  return out;
}
