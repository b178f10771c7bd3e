// Finds the files to lint under the given paths: skips dependency and VCS folders, honours .gitignore files and
// the config's ignore globs, never follows a directory symlink twice, and reports what it could not read.
import { promises as fs } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isCandidatePath } from '../engine/formats';

const SKIPPED_DIRS = new Set(['node_modules', 'vendor', '.git', '.hg', '.svn', 'bower_components']);

export interface WalkIssue {
  path: string;
  message: string;
  /** An I/O error (exit code 2) rather than a note. */
  error: boolean;
}

export interface WalkResult {
  files: string[];
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

async function readIgnoreFile(dir: string): Promise<IgnoreLayer | undefined> {
  try {
    const text = await fs.readFile(join(dir, '.gitignore'), 'utf8');
    return { dir, matcher: ignore().add(text) };
  } catch {
    return undefined;
  }
}

/**
 * Walk `paths`. Explicit files are always returned (the caller reports unsupported ones); directories yield only
 * files whose names can hold mail settings.
 */
export async function walk(paths: readonly string[]): Promise<WalkResult> {
  const files: string[] = [];
  const issues: WalkIssue[] = [];
  const seenDirs = new Set<string>();

  async function visitDir(dir: string, layers: IgnoreLayer[]): Promise<void> {
    let real: string;
    try {
      real = await fs.realpath(dir);
    } catch (e) {
      issues.push({ path: dir, message: `cannot open folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, error: true });
      return;
    }
    if (seenDirs.has(real)) return; // a symlink loop or a second link to the same folder
    seenDirs.add(real);
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      issues.push({ path: dir, message: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, error: true });
      return;
    }
    const own = await readIgnoreFile(dir);
    const here = own ? [...layers, own] : layers;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const entry of entries) {
      const p = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = await fs.stat(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // a dangling link: nothing to lint
        }
      }
      if (isDir) {
        if (SKIPPED_DIRS.has(entry.name) || isIgnored(p, true, here)) continue;
        subdirs.push(p);
      } else if (isFile && isCandidatePath(p) && !isIgnored(p, false, here)) {
        files.push(p);
      }
    }
    for (const d of subdirs) await visitDir(d, here);
  }

  for (const input of paths) {
    const p = resolve(input);
    let st;
    try {
      st = await fs.stat(p);
    } catch (e) {
      issues.push({ path: input, message: `no such file or folder (${(e as NodeJS.ErrnoException).code ?? 'error'})`, error: true });
      continue;
    }
    if (st.isDirectory()) {
      const layers: IgnoreLayer[] = [];
      // .gitignore files above the starting folder apply too, as git applies them.
      for (let d = dirname(p), i = 0; d !== dirname(d) && i < 20; d = dirname(d), i++) {
        const layer = await readIgnoreFile(d);
        if (layer) layers.push(layer);
      }
      await visitDir(p, layers);
    } else if (st.isFile()) {
      files.push(p);
    } else {
      issues.push({ path: input, message: 'not a regular file (skipped)', error: false });
    }
  }
  return { files: [...new Set(files)], issues };
}
