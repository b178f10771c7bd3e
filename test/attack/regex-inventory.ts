// Every regular expression literal in the server and engine sources, and a generic search for inputs that make one
// of them backtrack super-linearly: long runs of the characters (and pairs of characters) the pattern itself
// mentions, behind the pattern's literal prefix, with endings that force a late failure.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type * as TypeScript from 'typescript';

export interface RegexLiteral {
  /** `server/src/engine/redact.ts:15` */
  where: string;
  source: string;
  flags: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

export function regexLiterals(root: string, dirs: readonly string[]): RegexLiteral[] {
  // Loaded here only: the timing child uses the attack-string helpers below and should start fast.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof TypeScript;
  const out: RegexLiteral[] = [];
  for (const file of dirs.flatMap((d) => tsFiles(join(root, d))).sort()) {
    const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: TypeScript.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(src);
        const slash = text.lastIndexOf('/');
        const line = src.getLineAndCharacterOfPosition(node.getStart(src)).line + 1;
        out.push({ where: `${relative(root, file)}:${line}`, source: text.slice(1, slash), flags: text.slice(slash + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(src);
  }
  return out;
}

/** Characters that exercise the pattern: what its escapes and classes accept, and the literals it names. */
export function alphabetOf(source: string): string[] {
  const chars = new Set<string>(['a', ' ', '\n', '0']);
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const e = source[++i];
      if (e === 's') ['\t', '\r', '\n', ' '].forEach((x) => chars.add(x));
      else if (e === 'd') chars.add('1');
      else if (e === 'w') ['b', '_'].forEach((x) => chars.add(x));
      else if (e === 'n') chars.add('\n');
      else if (e === 'r') chars.add('\r');
      else if (e === 't') chars.add('\t');
      else if (e === 'u' || e === 'x') i += e === 'u' ? 4 : 2;
      else if (e && !'SDWbBk0123456789'.includes(e)) chars.add(e);
    } else if (!'()[]{}?*+|^$'.includes(c)) {
      chars.add(c === '.' ? 'x' : c);
    }
  }
  return [...chars];
}

/** The literal text a match must start with (after `^`), so runs land where the pattern's loops are. */
export function literalPrefix(source: string): string {
  let s = source.startsWith('^') ? source.slice(1) : source;
  s = s.replace(/^\(\?:\^\|\^\)/, '');
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length && !'sSdDwWbBnrtux'.includes(s[i + 1])) {
      if ('*+?{'.includes(s[i + 2] ?? '')) break;
      out += s[++i];
    } else if (/[A-Za-z0-9 _:=<>@%#"'`,;/-]/.test(c) && !'*+?{'.includes(s[i + 1] ?? '')) out += c;
    else break;
  }
  return out;
}

/** A candidate worst case: a literal prefix, a run of one unit, an ending that makes the match fail late. */
export interface AttackShape {
  prefix: string;
  unit: string;
  ending: string;
}

export function attackShapes(source: string): AttackShape[] {
  const alphabet = alphabetOf(source).slice(0, 16);
  const units = [...alphabet];
  for (const a of alphabet) for (const b of alphabet) if (a !== b) units.push(a + b);
  const prefixes = [...new Set(['', literalPrefix(source)])];
  const out: AttackShape[] = [];
  for (const prefix of prefixes) for (const unit of units) for (const ending of ['\u0000', '!\n\u0000']) out.push({ prefix, unit, ending });
  return out;
}

export function attackInput(shape: AttackShape, length: number): string {
  return shape.prefix + shape.unit.repeat(Math.ceil(length / shape.unit.length)).slice(0, length) + shape.ending;
}

/** The slowest shape for a pattern at `length` characters, timing every candidate. */
export function slowestShape(source: string, flags: string, length: number): { shape: AttackShape; ms: number } {
  const re = new RegExp(source, flags);
  let worst = { shape: { prefix: '', unit: 'a', ending: '' }, ms: -1 };
  for (const shape of attackShapes(source)) {
    const ms = timeRegex(re, attackInput(shape, length));
    if (ms > worst.ms) worst = { shape, ms };
  }
  return worst;
}

/** Time one regex on one input the way code uses it: every match for global patterns, the first otherwise. */
export function timeRegex(re: RegExp, input: string): number {
  const copy = new RegExp(re.source, re.flags);
  const start = process.hrtime.bigint();
  if (copy.global) input.replace(copy, '');
  else copy.exec(input);
  return Number(process.hrtime.bigint() - start) / 1e6;
}
