// Finds the .smtp-lint.json that applies to a file (nearest one upwards) and the project hints next to it.
// Shared by the CLI and the language server so both honour the config file the same way. Reads only.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, parseConfig, type SmtpLintConfig } from '../engine/config';
import type { ProjectHints } from '../engine/model';
import { RULE_IDS } from '../engine/rules';

export interface LoadedConfig {
  config: SmtpLintConfig;
  /** The config file used, if any. */
  path?: string;
  /** Problems in that file (invalid JSON, unknown rule ...); the valid parts still apply. */
  errors: string[];
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  loaded: LoadedConfig;
}

/** Caches config files by path and mtime, and directory lookups for one run (CLI) or until cleared (server). */
export class ConfigResolver {
  private readonly files = new Map<string, CacheEntry>();
  private readonly dirs = new Map<string, string | null>();

  /** Forget cached lookups (the server calls this when a config file changes). */
  clear(): void {
    this.files.clear();
    this.dirs.clear();
  }

  /** The nearest .smtp-lint.json at or above the file's folder, or undefined. */
  findConfigFile(filePath: string): string | undefined {
    let dir = dirname(resolve(filePath));
    const visited: string[] = [];
    for (;;) {
      const cached = this.dirs.get(dir);
      if (cached !== undefined) {
        visited.forEach((d) => this.dirs.set(d, cached));
        return cached ?? undefined;
      }
      visited.push(dir);
      const candidate = join(dir, CONFIG_FILE_NAME);
      if (isFile(candidate)) {
        visited.forEach((d) => this.dirs.set(d, candidate));
        return candidate;
      }
      const parent = dirname(dir);
      if (parent === dir) {
        visited.forEach((d) => this.dirs.set(d, null));
        return undefined;
      }
      dir = parent;
    }
  }

  loadFor(filePath: string): LoadedConfig {
    const path = this.findConfigFile(filePath);
    return path ? this.loadFile(path) : { config: {}, errors: [] };
  }

  loadFile(path: string): LoadedConfig {
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      return { config: {}, path, errors: [`cannot read ${CONFIG_FILE_NAME}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
    }
    const hit = this.files.get(path);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.loaded;
    let loaded: LoadedConfig;
    try {
      const { config, errors } = parseConfig(readFileSync(path, 'utf8'), RULE_IDS);
      loaded = { config, path, errors };
    } catch (e) {
      loaded = { config: {}, path, errors: [`cannot read ${CONFIG_FILE_NAME}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
    }
    this.files.set(path, { mtimeMs: st.mtimeMs, size: st.size, loaded });
    return loaded;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Version facts from the nearest composer.lock (Laravel's version decides MAIL_ENCRYPTION semantics). */
export function findProjectHints(filePath: string, maxLevels = 6): ProjectHints {
  let dir = dirname(resolve(filePath));
  for (let i = 0; i < maxLevels; i++) {
    const lock = join(dir, 'composer.lock');
    if (existsSync(lock)) return hintsFromComposerLock(lock);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return {};
}

function hintsFromComposerLock(lockPath: string): ProjectHints {
  try {
    const st = statSync(lockPath);
    if (st.size > 20 * 1024 * 1024) return {};
    const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as { packages?: { name?: string; version?: string }[] };
    const laravel = lock.packages?.find((p) => p.name === 'laravel/framework');
    return laravel?.version ? { laravelVersion: laravel.version.replace(/^v/, '') } : {};
  } catch {
    return {}; // an unreadable or invalid lock file only means we don't know the version
  }
}
