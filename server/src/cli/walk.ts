// Finds the files to lint under the given paths: skips dependency, VCS and WordPress core folders, honours .gitignore files, never
// follows a directory symlink into a folder it has already walked, and reports what it could not read.
// Synchronous on purpose: linting is synchronous too, and one thread walking a tree beats many small promises.
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isCandidatePath } from '../engine/formats';

const SKIPPED_DIRS = new Set(['node_modules', 'vendor', '.git', '.hg', '.svn', 'bower_components']);

/**
 * WordPress core's own folders: they hold no mail settings (wp_mail() only uses PHPMailer's defaults unless a plugin,
 * a theme or wp-config.php changes them) and every core update overwrites them, yet they are 98% of a site's files.
 * Skipped only inside a WordPress root (next to wp-settings.php); named on the command line, they are linted.
 */
const WORDPRESS_CORE_DIRS = new Set(['wp-admin', 'wp-includes']);
const WORDPRESS_ROOT_MARKER = 'wp-settings.php';

export interface WalkIssue {
  path: string;
  message: string;
  /** An I/O error (exit code 2) rather than a note. */
  error: boolean;
}

export interface WalkResult {
  files: string[];
  /** Files named on the command line (always linted or reported). */
  explicit: Set<string>;
  issues: WalkIssue[];
}

interface IgnoreLayer {
  dir: string;
  matcher: Ignore;
}

function isIgnored(path: string, isDir: boolean, layers: readonly IgnoreLayer[]): boolean {
  for (const layer of layers) {
    let rel = relative(layer.dir, path);
    if (!rel || rel.startsWith('..')) continue;
    rel = rel.split(sep).join('/');
    if (layer.matcher.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

function readIgnoreFile(dir: string): IgnoreLayer | undefined {
  try {
    return { dir, matcher: ignore().add(readFileSync(join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

/**
 * Walk `paths`. Explicit files are always returned (the caller reports unsupported ones); directories yield only
 * files whose names can hold mail settings.
 */
export function walk(paths: readonly string[]): WalkResult {
  const files: string[] = [];
  const explicit = new Set<string>();
  const issues: WalkIssue[] = [];
  // Real paths of walked folders; a symlinked folder is entered only if its target is new (no loops, no repeats).
  const walkedReal = new Set<string>();

  function visitDir(dir: string, real: string, layers: IgnoreLayer[]): void {
    if (walkedReal.has(real)) return;
    walkedReal.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      issues.push({ path: dir, message: `cannot read folder: ${errorCode(e)}`, error: true });
      return;
    }
    const own = entries.some((e) => e.name === '.gitignore' && !e.isDirectory()) ? readIgnoreFile(dir) : undefined;
    const wordpressRoot = entries.some((e) => e.name === WORDPRESS_ROOT_MARKER && !e.isDirectory());
    const here = own ? [...layers, own] : layers;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: [string, string][] = [];
    for (const entry of entries) {
      const p = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let targetReal = join(real, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (isDir) targetReal = realpathSync(p);
        } catch {
          continue; // a dangling link: nothing to lint
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name) || (wordpressRoot && WORDPRESS_CORE_DIRS.has(entry.name)) || isIgnored(p, true, here)) continue;
        subdirs.push([p, targetReal]);
      } else if (isFile && isCandidatePath(p) && !isIgnored(p, false, here)) {
        files.push(p);
      }
    }
    for (const [d, r] of subdirs) visitDir(d, r, here);
  }

  for (const input of paths) {
    const p = resolve(input);
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      issues.push({ path: input, message: `no such file or folder (${errorCode(e)})`, error: true });
      continue;
    }
    if (st.isDirectory()) {
      const layers: IgnoreLayer[] = [];
      // .gitignore files above the starting folder apply too, as git applies them.
      for (let d = dirname(p), i = 0; d !== dirname(d) && i < 20; d = dirname(d), i++) {
        const layer = readIgnoreFile(d);
        if (layer) layers.push(layer);
      }
      let real = p;
      try {
        real = realpathSync(p);
      } catch {
        // keep the path as given; reading it will report the problem
      }
      visitDir(p, real, layers);
    } else if (st.isFile()) {
      files.push(p);
      explicit.add(p);
    } else {
      issues.push({ path: input, message: 'not a regular file (skipped)', error: false });
    }
  }
  return { files: [...new Set(files)], explicit, issues };
}
