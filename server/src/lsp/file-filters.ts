// Which files not to lint: `smtpLint.exclude` globs (picomatch) and the `ignore` list of a `.smtp-lint.json`
// (gitignore syntax, relative to the folder holding that config file).
import { dirname, relative, sep } from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';

const toPosix = (p: string) => (sep === '/' ? p : p.split(sep).join('/'));

/**
 * Does any of the `exclude` globs match the file? Each glob is tried against the path relative to every workspace
 * folder that contains the file, and against the absolute path; globs without a slash match the file name anywhere.
 */
export function isExcluded(filePath: string, globs: readonly string[], workspaceFolders: readonly string[]): boolean {
  if (globs.length === 0) return false;
  // picomatch's `basename` option breaks patterns that contain a slash, so only slash-free globs get it.
  const matchers = globs.map((g) => picomatch(g, { dot: true, basename: !g.includes('/') }));
  const match = (p: string) => matchers.some((m) => m(p));
  const candidates = [toPosix(filePath)];
  for (const folder of workspaceFolders) {
    const rel = relative(folder, filePath);
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel)) candidates.push(toPosix(rel));
  }
  return candidates.some((c) => match(c));
}

/** Is the file listed in the `ignore` patterns of the config file at `configPath`? */
export function isIgnoredByConfig(filePath: string, patterns: readonly string[] | undefined, configPath: string | undefined): boolean {
  if (!patterns || patterns.length === 0 || !configPath) return false;
  const rel = relative(dirname(configPath), filePath);
  if (!rel || rel.startsWith('..') || /^[a-zA-Z]:/.test(rel)) return false; // outside the config's folder
  return ignore().add([...patterns]).ignores(toPosix(rel));
}
