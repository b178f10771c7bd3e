// The CLI under attack (issue 5): --fix writes atomically and never over a concurrent edit, --fix-dry-run prints a
// diff that `patch` applies to give exactly what --fix writes, and hostile trees (dangling links, link loops, FIFOs,
// device files, vanishing and unreadable files, 5,000 files, oversized files) end in clear messages, the other
// files still linted, and the documented exit codes (0 clean, 1 findings, 2 usage or I/O error).
//
// Races are made deterministic in-process: `run()` is called directly with node:fs's promise API wrapped, so "the
// file changed after it was read" or "the file vanished before it was read" happens at exactly the right call.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { run } from '../../server/src/cli/main';
import { unifiedDiff } from '../../server/src/cli/diff';
import { fixAll, lintText, redact } from '../../server/src/engine';
import { fixtureSamples, REPO_ROOT } from './generate';

const BIN = join(REPO_ROOT, 'bin', 'smtp-lint.js');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-attack-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** The CLI as a process (umask 022, as in a normal shell), with a timeout so a hang fails instead of blocking. */
function cli(args: string[], cwd: string, timeout = 60_000) {
  const r = spawnSync('/bin/sh', ['-c', 'umask 022; exec "$0" "$@"', process.execPath, BIN, ...args], { cwd, encoding: 'utf8', timeout });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined || r.signal !== null };
}

/** `run()` in this process, capturing output. */
async function runHere(args: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), cwd });
  return { code, stdout, stderr };
}

// The module object itself (not an import namespace, whose properties are read-only getters).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fsModule = require('node:fs') as Record<string, Fn>;
type Fn = (...args: never[]) => unknown;
/**
 * Wrap one file-system operation, in both its promise and its sync form, for the duration of `body`. The CLI's
 * compiled code reads `fs.promises.x` and `fs.xSync` at call time, so replacing them on the shared module objects
 * reaches it whichever form it uses.
 */
async function withFsHook<T>(op: 'readFile' | 'readdir' | 'writeFile' | 'rename', wrap: (path: string) => void, body: () => Promise<T>): Promise<T> {
  const targets: [Record<string, Fn>, string][] = [
    [fsp as unknown as Record<string, Fn>, op],
    [fsModule, `${op}Sync`],
  ];
  const originals = targets.map(([obj, name]) => obj[name]);
  targets.forEach(([obj, name], i) => {
    const original = originals[i] as (...a: unknown[]) => unknown;
    obj[name] = ((...args: unknown[]) => {
      wrap(String(args[0]));
      return original.apply(obj, args);
    }) as Fn;
  });
  try {
    return await body();
  } finally {
    targets.forEach(([obj, name], i) => (obj[name] = originals[i]));
  }
}

/** An errno-style error, as node:fs throws it. */
function fsError(code: string, path: string): Error {
  return Object.assign(new Error(`${code}: simulated, '${path}'`), { code, path });
}

const PORT25 = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.gmail.com\nMAIL_PORT=25\nMAIL_ENCRYPTION=tls\n';
const CLEAN = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.gmail.com\nMAIL_PORT=587\nMAIL_ENCRYPTION=tls\n';
const tempFiles = (dir: string) => readdirSync(dir).filter((n) => n.includes('.tmp'));

describe('--fix writes safely', () => {
  test('no temporary file is left and a 0600 file stays 0600', () => {
    const dir = project({ '.env': PORT25 });
    chmodSync(join(dir, '.env'), 0o600);
    const r = cli(['--fix', '.env'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(readFileSync(join(dir, '.env'), 'utf8'), /MAIL_PORT=587/);
    assert.equal(statSync(join(dir, '.env')).mode & 0o7777, 0o600);
    assert.deepEqual(tempFiles(dir), []);
  });

  test('a group-writable 0664 file keeps its mode under umask 022', () => {
    const dir = project({ '.env': PORT25 });
    chmodSync(join(dir, '.env'), 0o664);
    cli(['--fix', '.env'], dir);
    assert.equal((statSync(join(dir, '.env')).mode & 0o7777).toString(8), '664');
  });

  test('a symlinked .env (shared across deployments) stays a link and its target is fixed', () => {
    const dir = project({ 'shared/env': PORT25, 'release/keep': '' });
    symlinkSync('../shared/env', join(dir, 'release', '.env'));
    const r = cli(['--fix', 'release/.env'], dir);
    assert.ok(lstatSync(join(dir, 'release', '.env')).isSymbolicLink(), 'the link was replaced by a regular file');
    assert.match(readFileSync(join(dir, 'shared', 'env'), 'utf8'), /MAIL_PORT=587/, r.stderr);
  });

  test('a file that changed after it was read is not overwritten (exit 2, no temp file)', async () => {
    const dir = project({ '.env': PORT25 });
    const target = join(dir, '.env');
    const concurrent = `${PORT25}# saved by the editor meanwhile\n`;
    // The moment the temp file is written (just before it), "an editor" saves the original: the CLI must notice.
    const r = await withFsHook(
      'writeFile',
      (path) => {
        if (path.endsWith('.smtp-lint.tmp')) writeFileSync(target, concurrent);
      },
      () => runHere(['--fix', '.env'], dir),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.env: changed on disk while fixing; not written/);
    assert.equal(readFileSync(target, 'utf8'), concurrent);
    assert.deepEqual(tempFiles(dir), []);
  });

  test('a failing rename leaves the original untouched and no temp file (exit 2)', async () => {
    const dir = project({ '.env': PORT25 });
    const r = await withFsHook(
      'rename',
      (path) => {
        throw fsError('EXDEV', path);
      },
      () => runHere(['--fix', '.env'], dir),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /\.env: cannot write: EXDEV/);
    assert.equal(readFileSync(join(dir, '.env'), 'utf8'), PORT25);
    assert.deepEqual(tempFiles(dir), []);
  });

  test('--fix-dry-run changes nothing on disk and says nothing on stderr', () => {
    const dir = project({ '.env': PORT25, 'wp-config.php': "<?php\ndefine('WPMS_ON', true);\ndefine('WPMS_SMTP_HOST', 'smtp.gmail.com');\ndefine('WPMS_SMTP_PORT', 25);\n" });
    const before = readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8'), statSync(join(dir, n)).mtimeMs]);
    const r = cli(['--fix-dry-run', '.'], dir);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^--- a\/\.env$/m);
    assert.deepEqual(
      readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8'), statSync(join(dir, n)).mtimeMs]),
      before,
    );
  });
});

describe('--fix-dry-run prints a diff that patch applies', () => {
  const patchAvailable = spawnSync('patch', ['--version']).status === 0;

  /** Fixable fixtures whose diff holds no secret (a masked line cannot match the file; see the report). */
  function fixableFixtures(filter: (text: string) => boolean) {
    return fixtureSamples().filter((s) => {
      if (!filter(s.text)) return false;
      const fixed = fixAll(s.text, { path: s.path }).text;
      if (fixed === s.text) return false;
      const diff = unifiedDiff('x', s.text, fixed);
      return redact(diff, lintText(s.text, { path: s.path }).parsed?.secrets ?? []) === diff;
    });
  }

  /** Copy fixtures into one project, one folder each (names and folders decide formats), and return it. */
  function projectOf(samples: ReturnType<typeof fixtureSamples>, transform: (t: string) => string = (t) => t): string {
    const files: Record<string, string> = {};
    samples.forEach((s, i) => (files[join(`case-${i}`, s.label)] = transform(s.text)));
    return project(files);
  }

  function assertPatchGivesFix(dir: string): void {
    const dry = cli(['--fix-dry-run', '.'], dir);
    assert.ok(dry.stdout.length > 0, 'no diff printed');
    const patched = mkdtempSync(join(tmpdir(), 'smtp-lint-patched-'));
    const fixed = mkdtempSync(join(tmpdir(), 'smtp-lint-fixed-'));
    dirs.push(patched, fixed);
    cpSync(dir, patched, { recursive: true });
    cpSync(dir, fixed, { recursive: true });
    execFileSync('patch', ['-p1', '--dry-run', '--quiet'], { cwd: dir, input: dry.stdout });
    execFileSync('patch', ['-p1', '--quiet', '--no-backup-if-mismatch'], { cwd: patched, input: dry.stdout });
    cli(['--fix', '.'], fixed);
    const files = (root: string): string[] =>
      readdirSync(root, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(root, join(e.parentPath, e.name)))
        .sort();
    assert.deepEqual(files(patched), files(fixed));
    for (const f of files(fixed)) assert.equal(readFileSync(join(patched, f), 'latin1'), readFileSync(join(fixed, f), 'latin1'), `${f}: patch result differs from --fix`);
  }

  test('for every fixable fixture with LF line endings and a final newline: patch result == --fix result', { skip: patchAvailable ? false : 'patch not installed' }, () => {
    const samples = fixableFixtures((t) => !t.includes('\r') && /\n$/.test(t));
    assert.ok(samples.length >= 10, `only ${samples.length} fixable fixtures`);
    assertPatchGivesFix(projectOf(samples));
  });

  test('for CRLF files', { skip: patchAvailable ? false : 'patch not installed' }, () => {
    const samples = fixableFixtures((t) => !t.includes('\r') && /\n$/.test(t)).slice(0, 6);
    assertPatchGivesFix(projectOf(samples, (t) => t.replace(/\n/g, '\r\n')));
  });

  test('for a file without a final newline whose last line changes', { skip: patchAvailable ? false : 'patch not installed' }, () => {
    // The diff needs "\ No newline at end of file" after the last line, or patch cannot match it.
    assertPatchGivesFix(project({ '.env': 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.gmail.com\nMAIL_PORT=25' }));
  });
});

describe('hostile trees', () => {
  test('a dangling symlink: named explicitly it is an I/O error (exit 2), inside a folder it is ignored', () => {
    const dir = project({ 'app/.env': PORT25 });
    symlinkSync('/nonexistent/target', join(dir, 'app', '.env.local'));
    const explicit = cli(['app/.env.local', 'app/.env'], dir);
    assert.equal(explicit.code, 2);
    assert.match(explicit.stderr, /app\/\.env\.local: no such file or folder \(ENOENT\)/);
    assert.match(explicit.stdout, /app\/\.env:3:\d+ warning .*port-25/, 'the other file is still linted');
    const walked = cli(['.'], dir);
    assert.equal(walked.code, 1, walked.stderr);
    assert.equal(walked.stderr, '');
  });

  test('symlink loops: a folder linking to its parent and a link to itself end, each file linted once', () => {
    const dir = project({ 'a/.env': PORT25 });
    symlinkSync('..', join(dir, 'a', 'up'));
    symlinkSync('self', join(dir, 'a', 'self'));
    const r = cli(['--format', 'json', '.'], dir, 30_000);
    assert.ok(!r.timedOut, 'the walk did not end');
    const out = JSON.parse(r.stdout) as { filePath: string }[];
    assert.deepEqual(out.map((f) => relative(dir, f.filePath)), ['a/.env']);
    const self = cli(['a/self'], dir);
    assert.equal(self.code, 2);
    assert.match(self.stderr, /a\/self: no such file or folder \(ELOOP\)/);
  });

  test('a FIFO named .env (in a folder or named explicitly) never blocks the run', { skip: spawnSync('mkfifo', ['--version']).status === 0 ? false : 'mkfifo missing' }, () => {
    const dir = project({ 'ok/.env': PORT25 });
    mkdirSync(join(dir, 'pipe'));
    execFileSync('mkfifo', [join(dir, 'pipe', '.env')]);
    const walked = cli(['.'], dir, 20_000);
    assert.ok(!walked.timedOut, 'blocked on the FIFO');
    assert.equal(walked.code, 1);
    const explicit = cli(['pipe/.env', 'ok/.env'], dir, 20_000);
    assert.ok(!explicit.timedOut, 'blocked on the FIFO');
    assert.match(explicit.stderr, /pipe\/\.env: not a regular file \(skipped\)/);
    assert.equal(explicit.code, 1, 'a note, not an I/O error; the other file has a finding');
  });

  test('/dev/null and /dev/zero named explicitly are skipped with a note', () => {
    const dir = project({ '.env': CLEAN });
    const r = cli(['/dev/null', '/dev/zero', '.env'], dir, 20_000);
    assert.ok(!r.timedOut);
    assert.equal(r.code, 0);
    assert.match(r.stderr, /\/dev\/null: not a regular file \(skipped\)/);
    assert.match(r.stderr, /\/dev\/zero: not a regular file \(skipped\)/);
  });

  test('a file that vanishes between the walk and the read: "cannot read: ENOENT", exit 2, the others linted', async () => {
    const dir = project({ 'a/.env': PORT25, 'b/.env': PORT25 });
    const r = await withFsHook(
      'readFile',
      (path) => {
        if (path === join(dir, 'a', '.env') && existsSync(path)) rmSync(path);
      },
      () => runHere(['.'], dir),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /a\/\.env: cannot read: ENOENT/);
    assert.match(r.stdout, /b\/\.env:3:\d+ warning/);
  });

  test('unreadable files and folders (EACCES, simulated: tests run as root): clear message, exit 2, the others linted', async () => {
    const dir = project({ 'a/.env': PORT25, 'locked/.env': PORT25, 'secret.env': PORT25 });
    const r = await withFsHook(
      'readFile',
      (path) => {
        if (path === join(dir, 'secret.env')) throw fsError('EACCES', path);
      },
      () =>
        withFsHook(
          'readdir',
          (path) => {
            if (path === join(dir, 'locked')) throw fsError('EACCES', path);
          },
          () => runHere(['.'], dir),
        ),
    );
    assert.equal(r.code, 2);
    assert.match(r.stderr, /secret\.env: cannot read: EACCES/);
    assert.match(r.stderr, /locked: cannot read folder: EACCES/);
    assert.match(r.stdout, /a\/\.env:3:\d+ warning/);
  });

  test('files over --max-file-size are skipped with a note; the others are linted', () => {
    const dir = project({ 'big/.env': `${PORT25}${'# padding\n'.repeat(200)}`, 'small/.env': PORT25 });
    const r = cli(['--max-file-size', '500', '.'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /big\/\.env: skipped: \d+ bytes is over the size limit of 500/);
    assert.match(r.stdout, /small\/\.env:3/);
    assert.doesNotMatch(r.stdout, /big\/\.env/);
  });

  test('a binary file named .env, an empty file and invalid UTF-8 are handled without errors', () => {
    const dir = project({ 'bin/.env': '', 'empty/.env': '', 'utf/.env': '' });
    writeFileSync(join(dir, 'bin', '.env'), Buffer.from([0x4d, 0x41, 0x49, 0x4c, 0x00, 0xff, 0x00]));
    writeFileSync(join(dir, 'utf', '.env'), Buffer.concat([Buffer.from('MAIL_MAILER=smtp\nMAIL_HOST=smtp.gm\xff\xfeail.com\nMAIL_PORT=25\n', 'latin1')]));
    const r = cli(['bin/.env', 'empty/.env', 'utf/.env'], dir);
    assert.doesNotMatch(r.stderr, /internal error|error:/);
    assert.match(r.stderr, /bin\/\.env: skipped: binary file/);
    assert.match(r.stdout, /utf\/\.env:3:\d+ warning .*port-25/);
  });

  test('exit codes: 2 for an unknown option or a missing path, 0 clean, 1 findings', () => {
    const dir = project({ 'clean/.env': CLEAN, 'bad/.env': PORT25 });
    assert.equal(cli(['--no-such-option'], dir).code, 2);
    assert.equal(cli(['missing/.env'], dir).code, 2);
    assert.equal(cli(['clean'], dir).code, 0);
    assert.equal(cli(['bad'], dir).code, 1);
  });

  test('one file that crashed the engine (a lone-surrogate password) does not abort the run', () => {
    // A JSON "\ud800" escape decodes to a lone surrogate password; redaction used to throw on it and end the run.
    const dir = project({
      'wp-mail-smtp.json': '{"mail":{"mailer":"smtp"},"smtp":{"host":"smtp.sendgrid.net","port":25,"encryption":"none","auth":true,"user":"apikey","pass":"ab\\ud800cd"}}',
      '.env': PORT25,
    });
    const r = cli(['.'], dir);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.match(r.stdout, /\.env:3:\d+ warning .*port-25/);
  });

  test('5,000 files in a deep tree: all walked, findings from each, no error', () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) {
      const path = `site-${i % 50}/lib/${Math.floor(i / 50) % 10}/pkg-${i}/${i % 2 ? '.env' : 'config.txt'}`;
      files[path] = i % 10 === 1 ? PORT25 : CLEAN;
    }
    const dir = project(files);
    const started = Date.now();
    const r = cli(['--format', 'json', '.'], dir, 120_000);
    assert.ok(!r.timedOut, 'timed out');
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const out = JSON.parse(r.stdout) as { messages: unknown[] }[];
    assert.equal(out.length, 2500, 'every .env is linted (config.txt is not a candidate)');
    assert.equal(out.filter((f) => f.messages.length > 0).length, 500);
    assert.ok(existsSync(dir));
    // Not a benchmark: just a bound that a pathological walk (re-reading ignore files, quadratic joins) would break.
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });
});
