// Nodemailer in JavaScript and TypeScript: `createTransport({...})` and `createTransport('smtps://...')`, parsed with
// @lezer/javascript (the TS dialect for .ts/.mts/.cts/.tsx, JSX for .jsx/.tsx). Only files that mention
// Nodemailer are parsed; installed packages and bundles are never read.
import type { SyntaxNode, Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import type { Format, ParsedFile, Span } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { withoutEditsInBrokenCode } from '../lezer-broken-code';
import { deepNesting, ParseBudgetExceeded, parseWithBudget } from '../lezer-budget';
import { nodemailerProfiles } from './nodemailer';
import { declarations } from './values';

/** Loaded on first use: building the grammar's tables costs a few milliseconds at start-up of every run. */
let loadedParser: LRParser | undefined;
function javascriptParser(): LRParser {
  return (loadedParser ??= (require('@lezer/javascript') as typeof import('@lezer/javascript')).parser);
}

/** Direct calls, and the frameworks that pass options on to Nodemailer (NestJS, Strapi, Payload). */
const SNIFF = /\bcreateTransport\b|\bMailerModule\b|['"]nodemailer['"]|\bnodemailerAdapter\b/;

/** Dependencies, build output and type declarations are not the project's mail configuration. */
const NOT_PROJECT = /[\\/](node_modules|bower_components|\.next|\.nuxt)[\\/]|\.d\.[cm]?ts$|\.min\.js$/i;

export function dialectFor(path: string): string {
  if (/\.tsx$/i.test(path)) return 'ts jsx';
  if (/\.[cm]?ts$/i.test(path)) return 'ts';
  if (/\.jsx$/i.test(path)) return 'jsx';
  return '';
}

export const javascriptFormat: Format = {
  id: 'javascript',
  matchesPath: (path) => /\.([cm]?[jt]s|[jt]sx)$/i.test(path) && !NOT_PROJECT.test(path),
  sniff: (text) => SNIFF.test(text),
  parse(original, ctx): ParsedFile {
    // Lezer ends lines at \n only; a lone \r (old Mac files) becomes \n, which keeps every offset.
    const text = original.replace(/\r(?!\n)/g, '\n');
    const dialect = dialectFor(ctx.path);
    const configured = dialect ? javascriptParser().configure({ dialect }) : javascriptParser();
    const tooDeep = deepNesting(text);
    if (tooDeep) return { ...emptyResult(), skipped: `JavaScript not linted: ${tooDeep} (it would take too long to parse)` };
    let tree: Tree;
    try {
      tree = parseWithBudget(text, (input) => configured.parse(input));
    } catch (e) {
      if (!(e instanceof ParseBudgetExceeded)) throw e;
      const line = new LineIndex(text).positionAt(e.offset).line + 1;
      return { ...emptyResult(), skipped: `JavaScript not linted: the parser gave up on broken code near line ${line} (it would take too long)` };
    }
    const comments: Span[] = [];
    const errors: SyntaxNode[] = [];
    tree.iterate({
      enter(node) {
        if (node.name === 'LineComment' || node.name === 'BlockComment') comments.push({ start: node.from, end: node.to });
        else if (node.type.isError) errors.push(node.node);
      },
    });
    const root = tree.topNode;
    const result = nodemailerProfiles({ text, index: new LineIndex(text), eol: detectEol(original), decls: declarations(text, root) }, root);
    const parsed: ParsedFile = {
      ...emptyResult(),
      ...result,
      secrets: [...new Set(result.secrets.filter((s) => s.length >= 3))],
      comments,
    };
    if (result.profiles.length === 0) return { ...parsed, skipped: 'no Nodemailer createTransport() options found' };
    return withoutEditsInBrokenCode(parsed, tree, errors, (n) => CONTAINERS.has(n.name));
  },
};

function emptyResult(): ParsedFile {
  return { format: 'javascript', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], lineComment: '//' };
}

/**
 * Where a syntax error makes edits unsafe: the object, array or argument list holding it. (Not the whole statement: a
 * NestJS module's decorator, which the grammar does not know, makes the class declaration around the transport
 * options an error.)
 */
const CONTAINERS = new Set(['ObjectExpression', 'ArrayExpression', 'ArgList']);
