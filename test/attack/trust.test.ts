// Workspace trust (issue 5, item 7): nothing in a workspace can make smtp-lint run a program or load code.
// Static: our sources never spawn, eval, build functions or require/import a computed path; the bundles load only
// Node built-ins, and the libraries' process helpers (vscode-languageserver's module resolution, the client's server
// launcher) sit in sections our code never calls into; no setting names a program or a path to load.
// Dynamic: a workspace full of bait (`"plugins": ["./evil.js"]` and other loader keys in .smtp-lint.json, config
// files other tools execute, a node_modules plugin) is linted by the server and the CLI; the bait writes a marker
// file if it is ever loaded, and the server never starts a child process.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as TypeScript from 'typescript';
import { normaliseSettings } from '../../server/src/lsp/settings';
import { parseConfig, RULE_IDS } from '../../server/src/engine';
import { LspHarness, SERVER_JS } from '../lsp/harness';
import { REPO_ROOT } from './generate';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ts = require('typescript') as typeof TypeScript;

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN_MODULES = new Set(['child_process', 'vm', 'worker_threads', 'module', 'cluster'].flatMap((m) => [m, `node:${m}`]));

/** Every construct in a source file that could run a program or load code chosen at run time. */
function codeLoadingConstructs(file: string): string[] {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const at = (n: TypeScript.Node) => `${file.slice(REPO_ROOT.length + 1)}:${src.getLineAndCharacterOfPosition(n.getStart(src)).line + 1}`;
  const visit = (n: TypeScript.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier) && FORBIDDEN_MODULES.has(n.moduleSpecifier.text)) {
      if (!(ts.isImportDeclaration(n) && n.importClause?.isTypeOnly)) found.push(`${at(n)} imports ${n.moduleSpecifier.text}`);
    }
    if (ts.isCallExpression(n)) {
      const callee = n.expression.getText(src);
      const arg = n.arguments[0];
      if ((callee === 'require' || n.expression.kind === ts.SyntaxKind.ImportKeyword) && (!arg || !ts.isStringLiteral(arg))) found.push(`${at(n)} ${callee}() of a computed path`);
      if ((callee === 'require' || n.expression.kind === ts.SyntaxKind.ImportKeyword) && arg && ts.isStringLiteral(arg) && FORBIDDEN_MODULES.has(arg.text)) found.push(`${at(n)} loads ${arg.text}`);
      if (callee === 'eval' || callee === 'Function' || /(^|\.)(createRequire|dlopen|runInNewContext|runInThisContext|compileFunction)$/.test(callee)) found.push(`${at(n)} calls ${callee}`);
    }
    if (ts.isNewExpression(n) && n.expression.getText(src) === 'Function') found.push(`${at(n)} new Function`);
    ts.forEachChild(n, visit);
  };
  visit(src);
  return found;
}

/** esbuild's bundle as (module path, code) sections, split at its `// path/to/module.js` comments. */
function bundleSections(bundle: string): { module: string; code: string }[] {
  const out: { module: string; code: string }[] = [];
  const re = /^\/\/ ((?:node_modules|server|client)\/\S+)$/gm;
  let last = { module: '(prelude)', start: 0 };
  for (let m = re.exec(bundle); m; m = re.exec(bundle)) {
    out.push({ module: last.module, code: bundle.slice(last.start, m.index) });
    last = { module: m[1], start: m.index };
  }
  out.push({ module: last.module, code: bundle.slice(last.start) });
  return out;
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

function assertBundleLoadsNoCode(bundlePath: string, allowedProcessModules: string[]): void {
  const bundle = readFileSync(bundlePath, 'utf8');
  const required = [...bundle.matchAll(/(?<![\w$.])require\("([^"]+)"\)/g)].map((m) => m[1]);
  assert.deepEqual([...new Set(required.filter((r) => !BUILTINS.has(r) && r !== 'vscode'))], [], 'the bundle requires files at run time');
  assert.doesNotMatch(bundle.replace(/function __require\(\)/g, ''), /(?<![\w$.])require\((?!["'])/, 'a require() of a computed path');
  for (const s of bundleSections(bundle)) {
    const risky = [/require\("(node:)?child_process"\)/, /(?<![\w$.])eval\(/, /new Function\(/, /require\("(node:)?vm"\)/].filter((re) => re.test(s.code));
    if (risky.length && !allowedProcessModules.includes(s.module)) assert.fail(`${s.module} in ${bundlePath}: ${risky.join(', ')}`);
  }
}

describe('workspace trust: nothing in a workspace runs or loads code', () => {
  test('our sources never spawn, eval, build functions or load a computed module', () => {
    const files = [...tsFiles(join(REPO_ROOT, 'server', 'src')), ...tsFiles(join(REPO_ROOT, 'client', 'src'))];
    assert.ok(files.length > 30);
    assert.deepEqual(files.flatMap(codeLoadingConstructs), []);
  });

  test('the static check catches what it is meant to catch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-trust-src-'));
    try {
      const bad = join(dir, 'bad.ts');
      writeFileSync(bad, "import { spawn } from 'node:child_process';\nconst m = require(process.env.X!);\nvoid import(`./${m}`);\neval('1');\nnew Function('return 1');\n");
      assert.equal(codeLoadingConstructs(bad).length, 5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('dist/server.js and dist/cli.js load only Node built-ins; process helpers only in vscode-languageserver\'s module resolver', { skip: existsSync(SERVER_JS) ? false : 'not built' }, () => {
    assertBundleLoadsNoCode(SERVER_JS, ['node_modules/vscode-languageserver/lib/node/files.js']);
    assertBundleLoadsNoCode(join(REPO_ROOT, 'dist', 'cli.js'), []);
    // That resolver (Files.resolve*, used by servers that load a workspace's linter) is never called by our code.
    const ours = bundleSections(readFileSync(SERVER_JS, 'utf8')).filter((s) => /^(server|client)\//.test(s.module));
    assert.ok(ours.length > 10, 'the bundle sections of our own code were not found');
    for (const s of ours) assert.doesNotMatch(s.code, /\bFiles\.|resolveModulePath|resolveGlobalNodePath|resolveGlobalYarnPath/, s.module);
  });

  test('dist/extension.js spawns only through vscode-languageclient (to start the bundled server)', { skip: existsSync(join(REPO_ROOT, 'dist', 'extension.js')) ? false : 'not built' }, () => {
    assertBundleLoadsNoCode(join(REPO_ROOT, 'dist', 'extension.js'), ['node_modules/vscode-languageclient/lib/node/processes.js', 'node_modules/vscode-languageclient/lib/node/main.js']);
  });

  test('no setting names a program, a command or a path to load; the config file has no loader keys', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes?: { configuration?: { properties?: Record<string, unknown> } | { properties?: Record<string, unknown> }[] } };
    const cfg = pkg.contributes?.configuration;
    const properties = Object.assign({}, ...(Array.isArray(cfg) ? cfg : cfg ? [cfg] : []).map((c) => c.properties ?? {})) as Record<string, { type?: unknown }>;
    const suspicious = Object.keys(properties).filter((k) => /path|command|executable|binary|program|runtime|plugin|module|script|require|nodeArgs|execArgv|\.args$/i.test(k));
    assert.deepEqual(suspicious, []);
    // What the server accepts: unknown keys (a runtime path, plugins) are ignored, not kept.
    const { settings } = normaliseSettings({ enable: true, serverPath: '/bin/sh', nodePath: './node', plugins: ['./evil.js'], run: 'onType' });
    assert.deepEqual(Object.keys(settings).sort(), Object.keys(normaliseSettings({}).settings).sort());
    const { config, errors } = parseConfig(JSON.stringify({ plugins: ['./evil.js'], extends: './evil.js', parser: './evil.js', rules: { './evil.js': 'error' } }), RULE_IDS);
    assert.deepEqual(config, { rules: {} });
    assert.ok(errors.some((e) => e.includes('plugins')), errors.join('; '));
  });

  describe('a workspace full of bait', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-trust-'));
    const marker = join(dir, 'LOADED-MARKER');
    // Any of these, if required or imported, writes the marker (and would run anything else it liked).
    const bait = `require('fs').writeFileSync(${JSON.stringify(marker)}, 'loaded from ' + __filename); module.exports = { rules: {}, create() { return {}; } };\n`;
    const files: Record<string, string> = {
      'evil.js': bait,
      'evil.cjs': bait,
      'plugins/evil.js': bait,
      'node_modules/smtp-lint-plugin-evil/index.js': bait,
      'node_modules/smtp-lint-plugin-evil/package.json': '{"name":"smtp-lint-plugin-evil","main":"index.js"}',
      '.smtp-lint.js': bait,
      '.smtp-lintrc.js': bait,
      'smtp-lint.config.js': bait,
      'smtp-lint.config.cjs': bait,
      '.smtp-lint.json': JSON.stringify({
        $schema: './evil.js',
        plugins: ['./evil.js', 'evil', 'smtp-lint-plugin-evil'],
        extends: ['./evil.cjs'],
        parser: './plugins/evil.js',
        require: './evil.js',
        formatter: './evil.js',
        rules: { './evil.js': 'error', 'port-25': 'error' },
      }),
      'package.json': JSON.stringify({ name: 'bait', smtpLint: { plugins: ['./evil.js'] }, scripts: { postinstall: 'node evil.js', lint: 'node evil.js' } }),
      'composer.lock': JSON.stringify({ packages: [{ name: 'laravel/framework', version: 'v11.0.0', autoload: { files: ['evil.js'] } }] }),
      '.env': 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=25\n',
      'wp-config.php': "<?php\nrequire __DIR__ . '/evil.js';\ndefine('WPMS_ON', true);\ndefine('WPMS_SMTP_HOST', 'smtp.gmail.com');\ndefine('WPMS_SMTP_PORT', 25);\n",
      'mailer.js': "require('./evil.js');\nconst nodemailer = require('nodemailer');\nnodemailer.createTransport({ host: 'smtp.gmail.com', port: 25 });\n",
      'settings.py': "import evil\nEMAIL_HOST = 'smtp.gmail.com'\nEMAIL_PORT = 25\n",
    };
    before(() => {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    test('the bait works: requiring it writes the marker (so its absence below means something)', () => {
      const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(join(dir, 'evil.js'))})`]);
      assert.equal(r.status, 0);
      assert.ok(existsSync(marker));
      rmSync(marker);
    });

    test('the language server lints, hovers and fixes the workspace without loading any of it or spawning anything', { skip: existsSync(SERVER_JS) ? false : 'not built' }, async () => {
      const lsp = await LspHarness.start({ workspaceFolders: [dir], settings: () => ({ plugins: ['./evil.js'], serverPath: join(dir, 'evil.js') }) });
      try {
        for (const name of ['.env', 'wp-config.php', 'mailer.js', 'settings.py', '.smtp-lint.json', 'package.json', 'composer.lock', 'evil.js']) {
          const uri = await lsp.open(join(dir, name), files[name]);
          await lsp.pull(uri);
          await lsp.hover(uri, 5);
          await lsp.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, ['source.fixAll.smtp-lint']);
        }
        await lsp.fileChanged(join(dir, '.smtp-lint.json'));
        await lsp.fileChanged(join(dir, 'composer.lock'));
        const uri = await lsp.open(join(dir, 'sub', '.env'), files['.env']);
        const items = await lsp.diagnostics(uri);
        assert.ok(items.length > 0, 'linting still works');
        const children = readFileSync(`/proc/${lsp.proc.pid}/task/${lsp.proc.pid}/children`, 'utf8').trim();
        assert.equal(children, '', 'the server started a child process');
      } finally {
        await lsp.stop();
      }
      assert.ok(!existsSync(marker), `bait was loaded: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
    });

    test('the CLI lints and fixes the workspace without loading any of it', { skip: existsSync(join(REPO_ROOT, 'dist', 'cli.js')) ? false : 'not built' }, () => {
      const bin = join(REPO_ROOT, 'bin', 'smtp-lint.js');
      for (const args of [['.'], ['--format', 'sarif', '.'], ['--config', '.smtp-lint.json', '.'], ['--fix-dry-run', '.'], ['--fix', '.']]) {
        spawnSync(process.execPath, [bin, ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
        assert.ok(!existsSync(marker), `bait was loaded by smtp-lint ${args.join(' ')}: ${existsSync(marker) ? readFileSync(marker, 'utf8') : ''}`);
      }
    });
  });
});
