// A Ruby tokenizer for the subset config files use: comments (`#`, `=begin`/`=end`, `__END__`), strings ('…', "…"
// with escapes and #{} interpolation, %q/%Q/%w/%i literals, heredocs), symbols (`:x`, `:"x"`) and `key:` labels,
// numbers, identifiers, constants, keywords, instance/global variables, regexps and operators — each with its offsets.
// It never throws: anything it does not understand becomes a one-character operator token.
import type { Span } from '../../model';

export type TokKind = 'ident' | 'const' | 'kw' | 'ivar' | 'gvar' | 'symbol' | 'label' | 'string' | 'number' | 'op' | 'nl' | 'regex' | 'words';

export interface Tok {
  kind: TokKind;
  /** Source text of the token. */
  text: string;
  start: number;
  end: number;
  /** Decoded value: string contents, symbol/label name, number text. */
  value?: string;
  /** Strings: contains #{...}, so the value is only known at runtime. */
  interp?: boolean;
  /** Strings: the text between the delimiters, and the opening quote (`'`, `"`, `%q(` ...). */
  inner?: Span;
  quote?: string;
  /** Whitespace (or a line start) right before the token: tells `foo [1]` from `foo[1]`. */
  spaceBefore: boolean;
  /** A string, symbol or literal whose closing delimiter is missing (a half-typed file). */
  unterminated?: boolean;
}

export interface Lexed {
  tokens: Tok[];
  comments: Span[];
  /**
   * The file is half-typed: a literal, heredoc or `=begin` comment runs to the end of the file, or the brackets
   * (`(`, `[`, `{`) do not pair up. (Missing `end`s are not judged: telling them from modifiers and the forms the
   * parser does not model is guesswork.)
   */
  halfTyped: boolean;
}

const KEYWORDS = new Set([
  'alias', 'and', 'begin', 'break', 'case', 'class', 'def', 'defined?', 'do', 'else', 'elsif', 'end', 'ensure', 'false', 'for', 'if', 'in',
  'module', 'next', 'nil', 'not', 'or', 'redo', 'rescue', 'retry', 'return', 'self', 'super', 'then', 'true', 'undef', 'unless', 'until',
  'when', 'while', 'yield', '__FILE__', '__LINE__', '__dir__',
]);

const OPERATORS = [
  '**=', '<=>', '===', '...', '<<=', '>>=', '&&=', '||=', '==', '!=', '>=', '<=', '&&', '||', '<<', '>>', '**', '=~', '!~', '+=', '-=', '*=', '/=',
  '%=', '|=', '&=', '^=', '=>', '->', '::', '..', '&.',
];

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', '0': '\0', e: '\x1b', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Kinds after which `/` divides and `%` is modulo (the previous token ends a value). */
function endsValue(t: Tok | undefined): boolean {
  if (!t) return false;
  if (t.kind === 'op') return t.text === ')' || t.text === ']' || t.text === '}';
  if (t.kind === 'kw') return ['end', 'self', 'true', 'false', 'nil'].includes(t.text);
  return t.kind !== 'nl';
}

export function lex(text: string): Lexed {
  const tokens: Tok[] = [];
  const comments: Span[] = [];
  const n = text.length;
  let unterminated = false;
  let i = 0;
  let space = true as boolean;
  /** Heredocs opened on the current line, read when the line ends. */
  let pendingHeredocs: { tok: Tok; id: string; squiggly: boolean; dash: boolean; raw: boolean }[] = [];
  /** `=begin` at a line start up to the end of the `=end` line (or the file). */
  const blockComment = (pos: number): number => {
    const re = /\n=end\b[^\n]*/g;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) unterminated = true;
    let stop = m ? m.index + m[0].length : n;
    if (text[stop - 1] === '\r') stop--;
    comments.push({ start: pos, end: stop });
    return stop;
  };

  const push = (kind: TokKind, start: number, end: number, extra: Partial<Tok> = {}) => {
    tokens.push({ kind, text: text.slice(start, end), start, end, spaceBefore: space, ...extra });
    if (extra.unterminated) unterminated = true;
    space = false;
  };

  /** Read a quoted body from `pos` (just after the opening delimiter) to the closing one; handles nesting and #{}. */
  const readQuoted = (pos: number, open: string, close: string, interpolate: boolean, escapesAll: boolean): { end: number; value: string; interp: boolean; innerEnd: number; unterminated?: boolean } => {
    let depth = 0;
    let value = '';
    let interp = false;
    let p = pos;
    while (p < n) {
      const c = text[p];
      if (c === '\\' && p + 1 < n) {
        const e = text[p + 1];
        if (escapesAll) {
          if (e === 'u' && text[p + 2] === '{') {
            const close2 = text.indexOf('}', p + 3);
            if (close2 > 0) {
              value += String.fromCodePoint(...text.slice(p + 3, close2).trim().split(/\s+/).map((h) => parseInt(h, 16) || 0));
              p = close2 + 1;
              continue;
            }
          }
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(p + 2, p + 6))) {
            value += String.fromCharCode(parseInt(text.slice(p + 2, p + 6), 16));
            p += 6;
            continue;
          }
          if (e === 'x' && /^[0-9a-fA-F]/.test(text[p + 2] ?? '')) {
            const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(p + 2))![0];
            value += String.fromCharCode(parseInt(hex, 16));
            p += 2 + hex.length;
            continue;
          }
          if (e === '\n') {
            p += 2;
            continue;
          }
          value += ESCAPES[e] ?? e;
        } else {
          // Single-quoted: only \\ and the delimiter are escapes.
          value += e === '\\' || e === close || e === open ? e : `\\${e}`;
        }
        p += 2;
        continue;
      }
      if (interpolate && c === '#' && text[p + 1] === '{') {
        interp = true;
        p = skipInterpolation(p + 2);
        continue;
      }
      if (c === close && depth === 0) return { end: p + 1, value, interp, innerEnd: p };
      if (open !== close) {
        if (c === open) depth++;
        else if (c === close) depth--;
      }
      value += c;
      p++;
    }
    return { end: n, value, interp, innerEnd: n, unterminated: true };
  };

  /** Skip `#{ ... }` code, with nested braces and strings; returns the offset after the closing brace. */
  const skipInterpolation = (pos: number): number => {
    let depth = 1;
    let p = pos;
    while (p < n && depth > 0) {
      const c = text[p];
      if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' || c === "'") {
        p = readQuoted(p + 1, c, c, c === '"', c === '"').end;
        continue;
      }
      p++;
    }
    return p;
  };

  const readHeredocs = (pos: number): number => {
    let p = pos;
    for (const h of pendingHeredocs) {
      const bodyStart = p;
      let bodyEnd = n;
      let after = n;
      while (p < n) {
        let lineEnd = text.indexOf('\n', p);
        if (lineEnd < 0) lineEnd = n;
        const line = text.slice(p, lineEnd).replace(/\r$/, '');
        const matches = h.dash || h.squiggly ? line.trim() === h.id : line === h.id;
        if (matches) {
          bodyEnd = p;
          after = Math.min(n, lineEnd + 1);
          break;
        }
        p = lineEnd + 1;
      }
      if (bodyEnd === n) {
        after = n;
        unterminated = true;
      }
      h.tok.inner = { start: bodyStart, end: bodyEnd };
      h.tok.value = text.slice(bodyStart, bodyEnd);
      h.tok.interp = !h.raw && /#\{/.test(h.tok.value);
      p = after;
    }
    pendingHeredocs = [];
    return p;
  };

  while (i < n) {
    const c = text[i];
    // Line breaks: a statement separator for the parser; heredoc bodies start after it.
    // \n, \r\n and a lone \r (as the engine's LineIndex counts lines).
    if (c === '\n' || c === '\r') {
      const len = c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      push('nl', i, i + len);
      i += len;
      space = true;
      if (pendingHeredocs.length) i = readHeredocs(i);
      // =begin ... =end block comments and __END__ start at column 0.
      if (text.startsWith('=begin', i) && /\s/.test(text[i + 6] ?? '\n')) {
        i = blockComment(i);
      } else if (text.startsWith('__END__', i) && /^__END__\r?(\n|$)/.test(text.slice(i, i + 9))) {
        break;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f' || c === '\v') {
      i++;
      space = true;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\r' ? 3 : 2; // explicit line continuation
      space = true;
      continue;
    }
    if (c === '#') {
      let e = i;
      while (e < n && text[e] !== '\n' && text[e] !== '\r') e++;
      comments.push({ start: i, end: e });
      i = e;
      continue;
    }
    if (i === 0 && text.startsWith('=begin', 0) && /\s/.test(text[6] ?? '\n')) {
      i = blockComment(0);
      continue;
    }
    const prev = tokens[tokens.length - 1];

    // Strings.
    if (c === '"' || c === "'" || c === '`') {
      const q = readQuoted(i + 1, c, c, c !== "'", c !== "'");
      const start = i;
      // "key": value — a quoted label.
      if (text[q.end] === ':' && text[q.end + 1] !== ':' && !q.interp && prev && (prev.text === '{' || prev.text === ',' || prev.text === '(' || prev.kind === 'nl')) {
        push('label', start, q.end + 1, { value: q.value, inner: { start: start + 1, end: q.innerEnd }, quote: c });
        i = q.end + 1;
        continue;
      }
      push('string', start, q.end, { value: q.value, interp: q.interp, inner: { start: start + 1, end: q.innerEnd }, quote: c, unterminated: q.unterminated });
      i = q.end;
      continue;
    }
    // Heredocs: <<~ID, <<-ID, <<ID (upper case), with optional quotes around ID.
    if (c === '<' && text[i + 1] === '<' && !(endsValue(prev) && space === false)) {
      const m = /^<<([~-]?)(["'`]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(i, i + 80));
      if (m && (m[1] || m[2] || /^[A-Z_][A-Z0-9_]*$/.test(m[3])) && !(prev?.kind === 'ident' && !space && !m[1])) {
        push('string', i, i + m[0].length, { value: '', quote: m[0], interp: false });
        pendingHeredocs.push({ tok: tokens[tokens.length - 1], id: m[3], squiggly: m[1] === '~', dash: m[1] === '-', raw: m[2] === "'" });
        i += m[0].length;
        continue;
      }
    }
    // Percent literals: %q(..) %Q(..) %(..) %w[..] %i[..] %r{..}.
    if (c === '%' && (!endsValue(prev) || (space && text[i + 1] !== ' ' && text[i + 1] !== '='))) {
      const m = /^%([qQwWiIrsx]?)([^A-Za-z0-9\s])/.exec(text.slice(i, i + 3));
      if (m) {
        const open = m[2];
        const close = CLOSER[open] ?? open;
        const type = m[1];
        const interpolate = type === '' || type === 'Q' || type === 'W' || type === 'I' || type === 'r' || type === 'x';
        const bodyStart = i + m[0].length;
        const q = readQuoted(bodyStart, open, close, interpolate, interpolate);
        let end = q.end;
        if (type === 'r') while (/[imxounse]/.test(text[end] ?? '')) end++;
        const kind: TokKind = type === 'w' || type === 'W' || type === 'i' || type === 'I' ? 'words' : type === 'r' ? 'regex' : type === 's' ? 'symbol' : 'string';
        push(kind, i, end, { value: q.value, interp: q.interp, inner: { start: bodyStart, end: q.innerEnd }, quote: m[0], unterminated: q.unterminated });
        i = end;
        continue;
      }
    }
    // Regexp literal where a value is expected: `x = /a/`, `foo /a/`.
    if (c === '/' && (!endsValue(prev) || (prev?.kind === 'ident' && space && text[i + 1] !== ' ' && text[i + 1] !== '='))) {
      let p = i + 1;
      let inClass = false;
      while (p < n && text[p] !== '\n') {
        if (text[p] === '\\') p += 2;
        else if (text[p] === '[') (inClass = true), p++;
        else if (text[p] === ']') (inClass = false), p++;
        else if (text[p] === '/' && !inClass) break;
        else p++;
      }
      if (text[p] === '/') {
        p++;
        while (/[imxounse]/.test(text[p] ?? '')) p++;
        push('regex', i, p);
        i = p;
        continue;
      }
    }
    // Symbols: :name, :name?, :"quoted", :+ — not `::` and not the `:` of `a ? b : c` or a label.
    if (c === ':' && text[i + 1] !== ':' && prev?.text !== '::' && !(prev?.kind === 'const' && !space)) {
      const next = text[i + 1] ?? '';
      if (next === '"' || next === "'") {
        const q = readQuoted(i + 2, next, next, next === '"', next === '"');
        push('symbol', i, q.end, { value: q.value, interp: q.interp, inner: { start: i + 2, end: q.innerEnd }, quote: next, unterminated: q.unterminated });
        i = q.end;
        continue;
      }
      // Longer operators first (`:**` is not `:*` then `*`); `:+@`, `:-@` (unary methods), `:@ivar`, `:$gvar`, `:$0`.
      const m = /^:([A-Za-z_][A-Za-z0-9_]*[?!=]?|@@?[A-Za-z_][A-Za-z0-9_]*|\$(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[!@&`'+~=/\\,;.<>*$?:"])|\[\]=?|<=>|===?|=~|!=|!~|\*\*|<<|>>|<=|>=|[+\-]@|[+\-*/%<>!~^&|])/.exec(text.slice(i, i + 80));
      if (m && (space || !endsValue(prev) || prev?.text === '(' || prev?.text === ',')) {
        // `a ?b :c` is too clever to matter; `x ? y :z` with a name after the colon is read as a symbol.
        let name = m[1];
        if (name.endsWith('=') && text[i + m[0].length] === '>') name = name.slice(0, -1); // :key=> value
        push('symbol', i, i + 1 + name.length, { value: name });
        i += 1 + name.length;
        continue;
      }
    }
    // Character literals where a value is expected: `?/`, `?-`, `?\n` (a one-character string).
    if (c === '?' && !endsValue(prev) && i + 1 < n && !/\s/.test(text[i + 1])) {
      const len = text[i + 1] === '\\' && i + 2 < n ? 3 : 2;
      if (!/[A-Za-z0-9_]/.test(text[i + len] ?? '') || len === 3) {
        push('string', i, i + len, { value: text.slice(i + 1, i + len), quote: '?' });
        i += len;
        continue;
      }
    }
    // Numbers.
    if (/[0-9]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d+)?)(r|i|ri)?/.exec(text.slice(i, i + 64))!;
      push('number', i, i + m[0].length, { value: m[0] });
      i += m[0].length;
      continue;
    }
    // Names: identifiers, constants, keywords, labels (`key:`).
    if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      const m = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*[?!]?/.exec(text.slice(i, i + 256))!;
      let word = m[0];
      // `foo!=` is `foo != `, not `foo!` `=`.
      if ((word.endsWith('!') || word.endsWith('?')) && text[i + word.length] === '=' && text[i + word.length + 1] !== '=') word = word.slice(0, -1);
      const end = i + word.length;
      const afterDot = prev?.text === '.' || prev?.text === '&.';
      if (text[end] === ':' && text[end + 1] !== ':' && !afterDot && !word.endsWith('?')) {
        push('label', i, end + 1, { value: word });
        i = end + 1;
        continue;
      }
      if (word === 'defined' && text[end] === '?') word = 'defined?';
      const kind: TokKind = !afterDot && KEYWORDS.has(word) ? 'kw' : /^[A-Z]/.test(word) ? 'const' : 'ident';
      push(kind, i, i + word.length, { value: word });
      i += word.length;
      continue;
    }
    if (c === '@' || c === '$') {
      const m = /^(@@?|\$)([A-Za-z_][A-Za-z0-9_]*|[0-9!@&`'+~=/\\,;.<>*$?:"])/.exec(text.slice(i, i + 128));
      if (m) {
        push(c === '@' ? 'ivar' : 'gvar', i, i + m[0].length, { value: m[0] });
        i += m[0].length;
        continue;
      }
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      push('op', i, i + op.length);
      i += op.length;
      continue;
    }
    push(c === ';' ? 'nl' : 'op', i, i + 1);
    i++;
  }
  // A heredoc opened on the last line never got its body.
  if (pendingHeredocs.length) unterminated = true;
  return { tokens, comments, halfTyped: unterminated || !bracketsPair(tokens) };
}

const OPENERS = '([{';
const CLOSERS = ')]}';

/** Every `(`, `[` and `{` closed by its own kind, and no closer without an opener. */
function bracketsPair(tokens: readonly Tok[]): boolean {
  const open: string[] = [];
  for (const t of tokens) {
    if (t.kind !== 'op' || t.text.length !== 1) continue;
    if (OPENERS.includes(t.text)) open.push(t.text);
    else if (CLOSERS.includes(t.text) && OPENERS.indexOf(open.pop() ?? '') !== CLOSERS.indexOf(t.text)) return false;
  }
  return open.length === 0;
}
