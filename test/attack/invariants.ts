// The properties every input must keep, as functions that return violations instead of throwing, so the property
// tests (fast-check) and the fuzz script share them and a fuzz run can count every failure instead of stopping.
//
// Lint: no exception escapes lintText, no format parser throws, no rule crashes, every span / related span / edit lies
// inside the document (and never between the \r and \n of a line break), the same input gives the same result.
// Fix: fixAll never throws; the edits it applies don't overlap; the result keeps BOM, final newline and line-break
// style, still parses with the reference parser whenever the input did (PHP is checked in batches by the caller),
// keeps every key and leaves unrelated settings alone, and fixing again changes nothing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseDotenvReference } from 'dotenv';
import { parseAllDocuments } from 'yaml';
import { applyEdits, collectPreferredEdits, fixAll, LineIndex, lintText, type LintResult, type Span, type TextEdit } from '../../server/src/engine';
import { parseDotenv } from '../../server/src/engine/formats/dotenv/parse';
import type { FormatName } from './generate';

export interface Violation {
  property: string;
  detail: string;
}

/** Rule crashes are caught inside lintText and only logged; capture the log so they count as failures. */
export function captureRuleCrashes<T>(fn: () => T): { value: T; crashes: string[] } {
  const crashes: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => {
    crashes.push(args.map(String).join(' '));
  };
  try {
    return { value: fn(), crashes };
  } finally {
    console.error = original;
  }
}

function spanProblem(text: string, s: Span, what: string): string | undefined {
  if (!(Number.isInteger(s.start) && Number.isInteger(s.end))) return `${what} has non-integer offsets ${s.start}-${s.end}`;
  if (!(s.start >= 0 && s.start <= s.end && s.end <= text.length)) return `${what} ${s.start}-${s.end} outside 0-${text.length}`;
  for (const at of [s.start, s.end]) {
    if (at > 0 && at < text.length && text.charCodeAt(at - 1) === 13 && text.charCodeAt(at) === 10) return `${what} boundary ${at} splits a \\r\\n`;
  }
  return undefined;
}

/** Findings as comparable data (without the line index and parsed file). */
function snapshot(r: LintResult): unknown {
  return { format: r.format, skipped: r.skipped, findings: r.findings };
}

export interface LintCheck {
  violations: Violation[];
  result?: LintResult;
}

export interface LintCheckOptions {
  /** Lint a second time and compare (doubles the cost; on by default). */
  determinism?: boolean;
}

export function checkLint(text: string, path: string, options: LintCheckOptions = {}): LintCheck {
  const violations: Violation[] = [];
  const add = (property: string, detail: string) => violations.push({ property, detail });

  let first: LintResult;
  let crashes: string[];
  try {
    ({ value: first, crashes } = captureRuleCrashes(() => lintText(text, { path })));
  } catch (e) {
    add('lint-no-throw', `lintText threw ${(e as Error)?.stack ?? String(e)}`);
    return { violations };
  }
  crashes.forEach((c) => add('rule-no-crash', c));
  // lintText turns a format parser's exception into "could not parse as <format>: <message>": the file is then
  // silently skipped in a folder walk, so a throwing parser counts as a failure (formats must return `skipped`).
  if (first.skipped?.startsWith('could not parse as ')) add('parser-no-throw', first.skipped);

  for (const f of first.findings) {
    const p = spanProblem(text, f.span, `${f.ruleId} span`);
    if (p) add('span-in-document', p);
    for (const r of f.related) {
      const q = spanProblem(text, r.span, `${f.ruleId} related span`);
      if (q) add('span-in-document', q);
    }
    for (const fix of f.fixes) {
      for (const e of fix.edits) {
        const q = spanProblem(text, e, `${f.ruleId} fix "${fix.title}" edit`);
        if (q) add('span-in-document', q);
      }
    }
  }
  for (const sym of first.parsed?.symbols ?? []) {
    for (const s of [sym.keySpan, sym.valueSpan]) {
      const p = s && spanProblem(text, s, `symbol ${sym.key}`);
      if (p) add('span-in-document', p);
    }
  }

  if (options.determinism !== false) {
    try {
      const second = captureRuleCrashes(() => lintText(text, { path })).value;
      if (JSON.stringify(snapshot(first)) !== JSON.stringify(snapshot(second))) add('deterministic', 'a second lintText of the same text gave different findings');
    } catch (e) {
      add('lint-no-throw', `second lintText threw ${String(e)}`);
    }
  }
  return { violations, result: first };
}

// ---- Fixes ----------------------------------------------------------------------------------------------------------

function eolKinds(text: string): Set<string> {
  const kinds = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) {
        kinds.add('crlf');
        i++;
      } else kinds.add('cr');
    } else if (c === 10) kinds.add('lf');
  }
  return kinds;
}

const endsWithEol = (t: string) => /[\r\n]$/.test(t);

/** Mail keys of the common env vocabularies; with the parsed file's setting symbols, the keys a fix may change. */
const ENV_MAIL_KEY = /^(MAIL_|MAILER_DSN$|EMAIL_|SMTP_)/;

function jsonLeafPaths(v: unknown, prefix = '', out: string[] = []): string[] {
  if (v && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) jsonLeafPaths(child, `${prefix}/${k}`, out);
    if (Object.keys(v).length === 0) out.push(prefix);
  } else out.push(prefix);
  return out;
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, '')) };
  } catch {
    return { ok: false };
  }
}

export interface FixCheck {
  violations: Violation[];
  /** The fixed text when fixes changed something. */
  fixed?: string;
}

export function checkFix(text: string, path: string, format: FormatName): FixCheck {
  const violations: Violation[] = [];
  const add = (property: string, detail: string) => violations.push({ property, detail });
  let fixed: string;
  let firstPass: TextEdit[];
  let lint: LintResult;
  try {
    lint = captureRuleCrashes(() => lintText(text, { path })).value;
    firstPass = collectPreferredEdits(lint.findings);
    applyEdits(text, firstPass); // throws on overlap or out-of-range edits
    fixed = captureRuleCrashes(() => fixAll(text, { path })).value.text;
  } catch (e) {
    add('fix-no-throw', `fixing threw ${(e as Error)?.stack?.split('\n').slice(0, 3).join(' | ') ?? String(e)}`);
    return { violations };
  }
  if (fixed === text) return { violations };

  if (text.startsWith('\uFEFF') !== fixed.startsWith('\uFEFF')) add('fix-keeps-bom', 'the BOM was added or removed');
  if (endsWithEol(text) !== endsWithEol(fixed)) add('fix-keeps-final-newline', `final newline ${endsWithEol(text) ? 'removed' : 'added'}`);
  const before = eolKinds(text);
  if (before.size > 0) {
    const introduced = [...eolKinds(fixed)].filter((k) => !before.has(k));
    if (introduced.length) add('fix-keeps-line-endings', `fix introduced ${introduced.join(', ')} line breaks into a ${[...before].join('+')} file`);
  }

  // Locality: the first pass changes only lines that hold a finding, a related location or a mail setting.
  const index = new LineIndex(text);
  const lines = new Set<number>();
  const mark = (s: Span | undefined) => {
    if (!s) return;
    for (let l = index.positionAt(s.start).line; l <= index.positionAt(s.end).line; l++) lines.add(l);
  };
  for (const f of lint.findings) {
    mark(f.span);
    f.related.forEach((r) => mark(r.span));
  }
  for (const s of lint.parsed?.symbols ?? []) {
    mark(s.keySpan);
    mark(s.valueSpan);
  }
  for (const d of lint.parsed?.duplicates ?? []) {
    mark(d.loser);
    mark(d.winner);
  }
  for (const e of firstPass) {
    const startLine = index.positionAt(e.start).line;
    const endPos = index.positionAt(e.end);
    // An edit that removes whole lines ends at the start of the next line: that line is not touched.
    const endLine = endPos.character === 0 && e.end > e.start ? endPos.line - 1 : endPos.line;
    for (let l = startLine; l <= endLine; l++) {
      if (lines.has(l)) continue;
      // Removing a list item also removes the separator at the end of the line before it (`,` in JSON), and
      // removing a switch may remove the object that held only it (JSON `"tls": {` … `}`, YAML `ssl:`).
      const part = text.slice(Math.max(e.start, index.lineStart(l)), Math.min(e.end, index.lineEndWithBreak(l)));
      if (/^\s*("[^"\n]*"\s*:\s*)?[\s,;{}[\]]*$/.test(part) || /^\s*[\w.-]+:\s*$/.test(part)) continue;
      add('fix-is-local', `edit ${e.start}-${e.end} ${JSON.stringify(e.newText)} touches line ${l + 1}, which holds no mail setting or finding`);
      break;
    }
  }
  // Text the first pass removes or replaces: a key named there may go (a duplicate, a verification switch).
  const replaced = firstPass.map((e) => text.slice(e.start, e.end)).join('\n');
  const mailKeys = new Set((lint.parsed?.symbols ?? []).map((s) => s.key));

  try {
    const again = captureRuleCrashes(() => fixAll(fixed, { path })).value.text;
    if (again !== fixed) add('fix-idempotent', 'fixing the fixed text changed it again');
  } catch (e) {
    add('fix-no-throw', `fixing the fixed text threw ${String(e)}`);
  }

  if (format === 'dotenv') {
    const a = parseDotenvReference(text);
    const b = parseDotenvReference(fixed);
    for (const key of Object.keys(a)) {
      if (!(key in b)) add('fix-keeps-keys', `dotenv lost the key ${key}`);
      else if (!mailKeys.has(key) && !ENV_MAIL_KEY.test(key) && a[key] !== b[key]) add('fix-keeps-other-settings', `dotenv value of ${key} changed`);
    }
    // Our grammar must still agree with the package's on the fixed file (a fix may not create a quirk).
    const ours = Object.fromEntries(parseDotenv(fixed).entries.map((e) => [e.key, e.value]));
    for (const [k, v] of Object.entries(b)) if (ours[k] !== v) add('fix-reference-parse', `after fixing, parseDotenv and dotenv disagree on ${k}`);
  } else if (/\.ya?ml$/i.test(path)) {
    const errors = (t: string) => parseAllDocuments(t).flatMap((d) => ('errors' in d ? d.errors : []));
    if (errors(text).length === 0 && errors(fixed).length > 0) add('fix-reference-parse', `the fixed YAML has errors: ${errors(fixed)[0].message}`);
  } else if (/\.json$/i.test(path)) {
    const a = tryJson(text);
    const b = tryJson(fixed);
    if (a.ok && !b.ok) add('fix-reference-parse', 'JSON.parse accepts the input but not the fixed file');
    if (a.ok && b.ok) {
      const after = new Set(jsonLeafPaths(b.value));
      for (const p of jsonLeafPaths(a.value)) {
        const name = p.split('/').pop() ?? '';
        if (!after.has(p) && !replaced.includes(JSON.stringify(name).slice(1, -1))) add('fix-keeps-keys', `JSON lost ${p}`);
      }
    }
  }
  return { violations, fixed };
}

// ---- PHP reference parser, batched --------------------------------------------------------------------------------

/**
 * Compile PHP sources without running them, many per process: OPcache's opcache_compile_file does what `php -l` does
 * (parse and compile, catching compile-time fatals), but `php -l` checks only its first argument and costs a process
 * per file. Returns null per source that compiles, else the error. Undefined when php is not installed.
 */
export function phpCompileBatch(sources: readonly string[]): (string | null)[] | undefined {
  if (sources.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-phpc-'));
  try {
    const runner = join(dir, 'runner.php');
    writeFileSync(
      runner,
      [
        '<?php',
        'foreach (array_slice($argv, 1) as $f) {',
        '  error_clear_last();',
        '  try { $ok = opcache_compile_file($f); $err = $ok ? null : "compile error: " . (error_get_last()["message"] ?? "failed"); }',
        '  catch (Throwable $e) { $err = get_class($e) . ": " . $e->getMessage() . " on line " . $e->getLine(); }',
        '  echo json_encode([basename($f), $err]), "\\n";',
        '}',
      ].join('\n'),
    );
    const files = sources.map((s, i) => {
      const f = join(dir, `case-${i}.php`);
      writeFileSync(f, s);
      return f;
    });
    const r = spawnSync('php', ['-d', 'opcache.enable_cli=1', '-d', 'opcache.file_cache=', '-d', 'display_errors=0', '-d', 'log_errors=0', runner, ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (r.error) return undefined;
    const results = new Map<string, string | null>();
    for (const line of r.stdout.split('\n')) {
      if (!line.trim()) continue;
      const [name, err] = JSON.parse(line) as [string, string | null];
      results.set(name, err);
    }
    return sources.map((_, i) => {
      const name = `case-${i}.php`;
      return results.has(name) ? results.get(name)! : `no result (runner stopped: ${r.stderr.slice(0, 200)})`;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `php -l` on one source: the reference the batch checker is calibrated against. */
export function phpLint(source: string): string | null | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-phpl-'));
  try {
    const f = join(dir, 'one.php');
    writeFileSync(f, source);
    const r = spawnSync('php', ['-l', f], { encoding: 'utf8' });
    if (r.error) return undefined;
    return r.status === 0 ? null : (r.stdout + r.stderr).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Secrets ------------------------------------------------------------------------------------------------------

/** Planted secrets (raw or URL-encoded) must not appear in any finding message, related message or fix title. */
export function checkSecrets(result: LintResult | undefined, secrets: readonly string[]): Violation[] {
  if (!result || secrets.length === 0) return [];
  const texts = result.findings.flatMap((f) => [f.message, ...f.related.map((r) => r.message), ...f.fixes.map((x) => x.title)]);
  const out: Violation[] = [];
  for (const secret of secrets) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      const hit = texts.find((t) => t.includes(form));
      if (hit) out.push({ property: 'no-secret-in-output', detail: `a message shows the secret ${form.slice(0, 4)}…: ${hit.replace(form, '<SECRET>')}` });
    }
  }
  return out;
}
