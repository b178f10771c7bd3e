// Reading environment-style values: ports, booleans, references such as `${VAR}` and `${VAR:-default}`.

import type { SecretValue, Setting, Span, ValueOrigin } from '../model';

export interface EnvValue {
  /** The value as the app sees it, or the fallback when it is an interpolation with a default. */
  text: string;
  origin: Extract<ValueOrigin, 'literal' | 'fallback'>;
  /** `${VAR:-25}` → `${VAR}`; absent for literals. */
  reference?: string;
  /** True when the value is only a reference without a default: its runtime value is unknown. */
  unknown: boolean;
}

/**
 * Interpret `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR-default}` (compose and dotenv-expand syntax), nested
 * defaults (`${A:-${B:-25}}`), and the forms whose value cannot be known here: `${VAR:?error}` (required) and
 * `${VAR:+alt}` (alt only when set). Anything else is a literal.
 */
export function readEnvValue(text: string): EnvValue {
  const t = text.trim();
  if (t.startsWith('${') && t.endsWith('}')) {
    const body = t.slice(2, -1);
    const op = /^([A-Za-z_][A-Za-z0-9_]*)(:?[-=?+])([\s\S]*)$/.exec(body);
    if (op && balanced(op[3])) {
      const reference = `\${${op[1]}}`;
      const kind = op[2].slice(-1);
      if (kind === '?' || kind === '+') return { text: '', origin: 'literal', reference, unknown: true };
      const inner = op[3].trim().startsWith('$') ? readEnvValue(op[3]) : undefined;
      if (inner && (inner.unknown || inner.origin === 'fallback')) return { ...inner, text: inner.text, origin: inner.unknown ? 'literal' : 'fallback', reference };
      return { text: op[3], origin: 'fallback', reference, unknown: false };
    }
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(body)) return { text: '', origin: 'literal', reference: t, unknown: true };
  }
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(t)) return { text: '', origin: 'literal', reference: t, unknown: true };
  return { text, origin: 'literal', unknown: false };
}

/** Braces in a default balance (`${A:-${B}}`), so `${A}-${B}` is not read as one lookup. */
function balanced(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** A port setting from text: a number when it is an integer, else the text (reported by invalid-port). */
export function portSetting(text: string, base: Omit<Setting<unknown>, 'value'>): Setting<number | string> | undefined {
  const v = readEnvValue(text);
  if (v.unknown) return undefined;
  const t = v.text.trim();
  if (t === '') return undefined; // an empty port means "use the default" in every env-based stack we read
  const value = /^\d{1,9}$/.test(t) ? Number(t) : t;
  return { ...base, value, origin: v.origin, reference: v.reference ?? base.reference };
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'on', 'y', 'ok', '(true)']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'off', 'n', '', '(false)', 'null', '(null)', 'none']);

/** Boolean reading shared by Laravel's env(), django-environ's env.bool and most env parsers. */
export function envBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/** The opposite boolean in the same spelling style (`False` → `True`, `0` → `1`, `no` → `yes`). */
export function boolInStyle(value: boolean, styleOf: string | undefined): string {
  const s = (styleOf ?? '').trim();
  const pairs: [string, string][] = [
    ['true', 'false'],
    ['1', '0'],
    ['yes', 'no'],
    ['on', 'off'],
  ];
  for (const [t, f] of pairs) {
    const lower = s.toLowerCase();
    if (lower === t || lower === f) {
      const word = value ? t : f;
      if (s === s.toUpperCase() && s !== s.toLowerCase()) return word.toUpperCase();
      if (s[0] && s[0] === s[0].toUpperCase() && s[0] !== s[0].toLowerCase()) return word[0].toUpperCase() + word.slice(1);
      return word;
    }
  }
  return value ? 'true' : 'false';
}

export function secretSetting(text: string, key: string, span: Span, keySpan: Span): Setting<SecretValue> {
  const v = readEnvValue(text);
  const kind: SecretValue['kind'] = v.unknown || v.origin === 'fallback' ? 'reference' : text.trim() === '' ? 'empty' : 'literal';
  return { value: { kind, text: kind === 'literal' ? text : '' }, origin: 'literal', key, span, keySpan };
}
