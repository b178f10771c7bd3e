// smtp-lint command line: lint files and folders, print text/JSON/SARIF, fix in place atomically.
import { randomUUID } from 'node:crypto';
import { promises as fs, closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { relative, resolve, sep, dirname } from 'node:path';
import ignore from 'ignore';
import { mergeConfigs, type SmtpLintConfig, DEFAULT_MAX_FILE_SIZE } from '../engine/config';
import { fixAll } from '../engine/fix';
import { lintText } from '../engine/lint';
import { redact } from '../engine/redact';
import type { RuleId, SeveritySetting } from '../engine/model';
import { RULE_IDS } from '../engine/rules';
import { ConfigResolver, findProjectHints } from '../node/config-loader';
import { unifiedDiff } from './diff';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatText } from './formatters/text';
import { isBlocking, toMessages, type FileReport } from './report';
import { walk } from './walk';
import { detectFormats } from '../engine/formats';
import { version } from '../../../package.json';

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  cwd: string;
}

const USAGE = `Usage: smtp-lint [options] [paths...]
       smtp-lint probe <host[:port]> [--mode starttls|tls|plain]   (test a relay; see docs/probe.md)

Lints SMTP settings in wp-config.php, .env files, WordPress mail-plugin JSON and PHP code.
Paths default to the current folder. Folders are walked (node_modules, vendor and .git skipped; .gitignore honoured).

Options:
  --format text|json|sarif   output format (default: text)
  --fix                      apply preferred fixes in place (atomically)
  --fix-dry-run              print the fixes as a unified diff; change nothing
  --rule <id>=<severity>     set a rule's severity: error, warning, info, hint or off (repeatable)
  --local-host <host>        treat a host as local (repeatable; * wildcards allowed)
  --config <file>            use this config file instead of the nearest .smtp-lint.json
  --max-file-size <bytes>    skip larger files (default ${DEFAULT_MAX_FILE_SIZE})
  --quiet                    report errors only
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 no error or warning, 1 errors or warnings found, 2 usage or I/O error.
`;

class UsageError extends Error {}

interface Options {
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  dryRun: boolean;
  quiet: boolean;
  rules: Partial<Record<RuleId, SeveritySetting>>;
  localHosts: string[];
  configPath?: string;
  maxFileSize?: number;
  paths: string[];
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const o: Options = { format: 'text', fix: false, dryRun: false, quiet: false, rules: {}, localHosts: [], paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '-v':
      case '--version':
        return 'version';
      case '--format':
      case '-f': {
        const f = value();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`unknown format "${f}" (use text, json or sarif)`);
        o.format = f;
        break;
      }
      case '--fix':
        o.fix = true;
        break;
      case '--fix-dry-run':
        o.dryRun = true;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      case '--rule': {
        const spec = value();
        const m = /^([a-z0-9-]+)=(error|warning|info|hint|off)$/.exec(spec);
        if (!m) throw new UsageError(`--rule expects <id>=<error|warning|info|hint|off>, got "${spec}"`);
        if (!RULE_IDS.includes(m[1] as RuleId)) throw new UsageError(`unknown rule "${m[1]}" (rules: ${RULE_IDS.join(', ')})`);
        o.rules[m[1] as RuleId] = m[2] as SeveritySetting;
        break;
      }
      case '--local-host':
        o.localHosts.push(value());
        break;
      case '--config':
        o.configPath = value();
        break;
      case '--max-file-size': {
        const n = Number(value());
        if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-file-size expects a positive number of bytes');
        o.maxFileSize = n;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option "${arg}"`);
        o.paths.push(arg);
    }
  }
  if (o.fix && o.dryRun) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (o.paths.length === 0) o.paths.push('.');
  return o;
}

/** Does the start of a (large) file pass any candidate format's content test? Reads 64 KB, never the whole file. */
function looksLikeMailSettings(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const n = readSync(fd, head, 0, head.length, 0);
    return detectFormats(file, head.subarray(0, n).toString('utf8')).formats.length > 0;
  } finally {
    closeSync(fd);
  }
}

/** Looks like a binary file: a NUL byte in the first 8 KB. */
function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

async function writeAtomically(path: string, original: Buffer, text: string): Promise<string | undefined> {
  // A symlinked file (a shared .env) stays a link: write its target. Temp file next to the target, so rename is atomic.
  const target = await fs.realpath(path);
  const st = await fs.stat(target);
  // Unique per write: files in one folder are fixed concurrently.
  const tmp = resolve(dirname(target), `.${randomUUID()}.smtp-lint.tmp`);
  await fs.writeFile(tmp, text);
  try {
    await fs.chmod(tmp, st.mode & 0o7777); // exact mode, not filtered by the umask as a create mode would be
    // Refuse to overwrite a file that changed after we read it (an editor saved it meanwhile).
    const now = await fs.readFile(target);
    if (!now.equals(original)) {
      await fs.unlink(tmp);
      return 'changed on disk while fixing; not written';
    }
    await fs.rename(tmp, target);
    return undefined;
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw e;
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'probe') {
    const probe = await import('./probe');
    return probe.runProbeCommand(argv.slice(1), io);
  }
  let opts: Options | 'help' | 'version';
  try {
    opts = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`smtp-lint: ${e.message}\nRun smtp-lint --help for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (opts === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (opts === 'version') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const o = opts;
  let ioError = false;
  const note = (path: string, message: string, error: boolean) => {
    if (error) ioError = true;
    io.stderr(`smtp-lint: ${error ? 'error' : 'note'}: ${path}: ${message}\n`);
  };

  const resolver = new ConfigResolver();
  let forcedConfig: SmtpLintConfig | undefined;
  if (o.configPath) {
    const loaded = resolver.loadFile(resolve(io.cwd, o.configPath));
    if (loaded.errors.length && Object.keys(loaded.config).length === 0) {
      io.stderr(`smtp-lint: ${o.configPath}: ${loaded.errors.join('; ')}\n`);
      return 2;
    }
    loaded.errors.forEach((err) => note(o.configPath!, err, false));
    forcedConfig = loaded.config;
  }
  const cliLayer: SmtpLintConfig = { rules: o.rules, localHosts: o.localHosts, maxFileSize: o.maxFileSize };
  const reportedConfigErrors = new Set<string>();

  const walked = walk(o.paths.map((p) => resolve(io.cwd, p)));
  walked.issues.forEach((i) => note(displayPath(i.path, io.cwd), i.message, i.error));
  const explicit = walked.explicit;
  const hintsCache = new Map<string, ReturnType<typeof findProjectHints>>();

  const reports: (FileReport | undefined)[] = [];
  for (const file of walked.files) {
    try {
      reports.push(await lintFile(file));
    } catch (e) {
      // One file that trips a bug must not cost the user the report on every other file.
      note(displayPath(file, io.cwd), `internal error, file skipped: ${(e as Error).message}`, true);
    }
  }

  async function lintFile(file: string): Promise<FileReport | undefined> {
    const shown = displayPath(file, io.cwd);
    let config: SmtpLintConfig;
    let configDir: string | undefined;
    if (forcedConfig) {
      config = mergeConfigs(forcedConfig, cliLayer);
      configDir = dirname(resolve(io.cwd, o.configPath!));
    } else {
      const loaded = resolver.loadFor(file);
      if (loaded.path && loaded.errors.length && !reportedConfigErrors.has(loaded.path)) {
        reportedConfigErrors.add(loaded.path);
        loaded.errors.forEach((err) => note(displayPath(loaded.path!, io.cwd), err, false));
      }
      config = mergeConfigs(loaded.config, cliLayer);
      configDir = loaded.path ? dirname(loaded.path) : undefined;
    }
    if (configDir && config.ignore?.length) {
      const rel = relative(configDir, file).split(sep).join('/');
      if (!rel.startsWith('..') && ignore().add(config.ignore).ignores(rel)) return undefined;
    }
    let buf: Buffer;
    try {
      // Synchronous reads: linting is synchronous anyway, and this is measurably faster than a pool of promises.
      const size = statSync(file).size;
      const limit = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
      if (size > limit) {
        // Found by walking, a big file that does not even look like it holds mail settings is skipped silently.
        if (explicit.has(file) || looksLikeMailSettings(file)) note(shown, `skipped: ${size} bytes is over the size limit of ${limit} (see --max-file-size)`, false);
        return undefined;
      }
      buf = readFileSync(file);
    } catch (e) {
      note(shown, `cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, true);
      return undefined;
    }
    if (isBinary(buf)) {
      if (explicit.has(file)) note(shown, 'skipped: binary file', false);
      return undefined;
    }
    const text = buf.toString('utf8'); // a BOM stays in the text, so fixes write it back unchanged
    const dir = dirname(file);
    let hints = hintsCache.get(dir);
    if (!hints) {
      hints = findProjectHints(file);
      hintsCache.set(dir, hints);
    }
    const lintOptions = { path: file, config, hints };
    let result = lintText(text, lintOptions);
    if (result.skipped) {
      if (explicit.has(file)) note(shown, `skipped: ${result.skipped}`, false);
      return undefined;
    }
    if (o.fix || o.dryRun) {
      const fixed = fixAll(text, lintOptions);
      if (fixed.text !== text) {
        if (o.dryRun) {
          // The diff shows file lines; secrets in them are masked, so this output is for reading, not for `patch`.
          io.stdout(redact(unifiedDiff(shown, text, fixed.text), result.parsed?.secrets ?? []));
        } else {
          try {
            const refused = await writeAtomically(file, buf, fixed.text);
            if (refused) note(shown, refused, true);
            else result = lintText(fixed.text, lintOptions);
          } catch (e) {
            note(shown, `cannot write: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, true);
          }
        }
      }
    }
    let messages = toMessages(result.findings, result.index);
    if (o.quiet) messages = messages.filter((m) => m.severity === 'error');
    return { filePath: file, displayPath: shown, messages };
  }

  const linted = reports.filter((r): r is FileReport => r !== undefined);
  if (!o.dryRun) {
    if (o.format === 'json') io.stdout(formatJson(linted));
    else if (o.format === 'sarif') io.stdout(formatSarif(linted, version, io.cwd));
    else io.stdout(formatText(linted));
  }
  if (ioError) return 2;
  return linted.some((r) => r.messages.some((m) => isBlocking(m.severity))) ? 1 : 0;
}

function displayPath(p: string, cwd: string): string {
  const rel = relative(cwd, p);
  return rel && !rel.startsWith('..') ? rel : p;
}

/** Entry point of bin/smtp-lint.js. */
export function main(): void {
  run(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`smtp-lint: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
