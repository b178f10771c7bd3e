// Python settings: Django settings.py, settings/*.py, local_settings.py and any module that assigns Django EMAIL_* or
// Flask-Mail MAIL_* settings (config.py, app factories, config classes), fastapi-mail ConnectionConfig calls,
// django-environ email URLs and custom email backends. Parsed with @lezer/python (error-tolerant), so comments and
// strings never count as configuration and half-typed files still give what they can.
import type { SyntaxNode, Tree } from '@lezer/common';
import type { LRParser } from '@lezer/lr';
import type { Format, ParsedFile, Span } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { withoutEditsInBrokenCode } from '../lezer-broken-code';
import { deepNesting, ParseBudgetExceeded, parseWithBudget } from '../lezer-budget';
import { collect } from './collect';
import { pythonProfiles } from './profiles';
import { envContext } from './values';

/** Loaded on first use: building the grammar's tables costs a few milliseconds at start-up of every run. */
let loadedParser: LRParser | undefined;
function pythonParser(): LRParser {
  return (loadedParser ??= (require('@lezer/python') as typeof import('@lezer/python')).parser);
}

/** Cheap content test: a settings key, a Flask config key, fastapi-mail, an email URL helper or an email backend. */
const SNIFF = /\b(EMAIL_(HOST|PORT|BACKEND|USE_TLS|USE_SSL)|MAIL_(SERVER|PORT|USE_TLS|USE_SSL|STARTTLS|SSL_TLS)|email_url|dj_email_url|EmailBackend)\b/;

/** Installed packages and caches are not the project's configuration. */
const NOT_PROJECT = /[\\/](site-packages|dist-packages|__pycache__|\.tox|node_modules)[\\/]/;

export const pythonFormat: Format = {
  id: 'python',
  matchesPath: (path) => /\.py$/i.test(path) && !NOT_PROJECT.test(path),
  sniff: (text) => SNIFF.test(text),
  parse(original): ParsedFile {
    // A lone \r (old Mac files) becomes \n for the grammar, which keeps every offset.
    const text = original.replace(/\r(?!\n)/g, '\n');
    const notLinted = (why: string): ParsedFile => ({
      format: 'python',
      profiles: [],
      duplicates: [],
      symbols: [],
      comments: [],
      secrets: [],
      lineComment: '#',
      skipped: `Python not linted: ${why}`,
    });
    // Python itself refuses more than 200 nested brackets; thousands of them (half-typed or hostile) can make the
    // grammar build a tree that cannot be walked.
    const tooDeep = deepNesting(text, { signRuns: false });
    if (tooDeep) return notLinted(`${tooDeep} (Python allows 200)`);
    let tree: Tree;
    try {
      tree = parseWithBudget(text, (input) => pythonParser().parse(input));
    } catch (e) {
      if (!(e instanceof ParseBudgetExceeded)) throw e;
      const line = new LineIndex(text).positionAt(e.offset).line + 1;
      return notLinted(`the parser gave up on broken code near line ${line} (it would take too long)`);
    }
    const root = tree.topNode;
    const comments: Span[] = [];
    const errors: SyntaxNode[] = [];
    tree.iterate({
      enter(node) {
        if (node.name === 'Comment') comments.push({ start: node.from, end: node.to });
        else if (node.type.isError) errors.push(node.node);
      },
    });
    const result = pythonProfiles(text, new LineIndex(text), detectEol(original), envContext(text, root), collect(text, root));
    const base: ParsedFile = {
      format: 'python',
      ...result,
      secrets: [...new Set(result.secrets.filter((s) => s.length >= 3))],
      comments,
      lineComment: '#',
    };
    if (result.profiles.length === 0 && result.symbols.length === 0) return { ...base, skipped: 'no Django, Flask-Mail or fastapi-mail settings found' };
    if (text.includes('\r\n')) keepLineBreaksWhole(text, base);
    // Half-typed code (an unclosed string, a missing bracket) is judged from what the parser recovered, but not
    // edited where it is broken: the statement (and the class or function) holding the error. An unclosed bracket
    // swallows the lines after it into that statement, so an inserted line would be read back the same way.
    return withoutEditsInBrokenCode(base, tree, errors, (n) => n.name !== 'Script');
  },
};

/**
 * The grammar reads the \r of a \r\n as a blank, so a token that runs to the line end (an unterminated string) or a
 * block that ends there stops between the \r and the \n. Move such span boundaries before the \r, in place, so no
 * finding or hover range splits a line break. Edits are left as they are: the recovered trees that produce such
 * ranges are not edited (see withoutEditsInBrokenCode).
 */
function keepLineBreaksWhole(text: string, parsed: ParsedFile): void {
  const splits = (at: number) => at > 0 && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10;
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    // Only the plain data formats build: syntax nodes and editors are class instances and functions.
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== Array.prototype) return;
    seen.add(value);
    const o = value as Record<string, unknown>;
    if (typeof o.start === 'number' && typeof o.end === 'number' && !('newText' in o)) {
      if (splits(o.start)) o.start--;
      if (splits(o.end)) o.end--;
      return;
    }
    for (const v of Array.isArray(value) ? value : Object.values(o)) visit(v);
  };
  visit(parsed.profiles);
  visit(parsed.duplicates);
  visit(parsed.symbols);
}
