#!/usr/bin/env node
// Runs smtp-lint inside a real VS Code, offline: code-server 4.100.3 (VS Code 1.100.3 with a Node extension host)
// on 127.0.0.1, driven by Debian's chromium through playwright-core. Layers (after a quick check of the dotenv
// grammar with VS Code's own tokenizer):
//   1. editor suites: test/editor/suite (mocha, tdd, against the `vscode` API) run in the extension host through
//      the workbench's `payload` URL parameter; results come back through window.codeAutomationExit.
//   2. UI: opens wp-config.php with port 25, sees the squiggle and the Problems entry, hovers the port, applies the
//      quick fix with the keyboard (Ctrl+. then Enter), saves, and checks the file on disk. Then issue 7's flow with
//      the mouse: clicks the "Test connection" lens of a wp-config.php whose relay (relay.example.test, staged on
//      loopback by test/lsp/relay.ts) drops port 25 and answers on 587, reads the notification and the output,
//      applies the quick fix and clicks the lens again. A screenshot per step goes to test-artifacts/.
//   3. the standard @vscode/test-electron runner (out/test/editor/runTest.js) with this script as its
//      vscodeExecutablePath, to prove that route works unchanged.
//
// usage: node scripts/test-editor.mjs [--vsix smtp-lint.vsix] [--only grammar,suites,ui,test-electron]
//   --vsix   install the packaged extension into code-server and test that instead of the working tree.
// Needs `npm run build` first. Installs code-server (scripts/setup-code-server.sh) when it is missing.
// Last line of output: "N passed, N failed"; exit code 0 only when nothing failed.
//
// When called with --extensionTestsPath=... (as @vscode/test-electron calls a VS Code executable), it instead acts
// as that executable: runs the given tests in code-server and exits with the extension host's exit code.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CODE_SERVER = process.env.CODE_SERVER_BIN || join(ROOT, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const ARTIFACTS = join(ROOT, 'test-artifacts');
const SUITE_INDEX = join(ROOT, 'out', 'test', 'editor', 'suite', 'index.js');
const RUN_TEST = join(ROOT, 'out', 'test', 'editor', 'runTest.js');
const require = createRequire(import.meta.url);

const t0 = Date.now();
const log = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${msg}`);

// Chromium may talk to loopback only: no DNS, no background services (Google update, autofill, ...).
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic', '--disable-sync', '--no-pings',
  '--disable-background-networking', '--disable-component-update', '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

// A quiet, offline workbench: no telemetry, updates, gallery, trust prompts or welcome pages.
const USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'npm.fetchOnlinePackageInfo': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'editor.hover.delay': 200,
};

// ---------------------------------------------------------------------------------------------- code-server --

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

function ensureCodeServer() {
  if (existsSync(CODE_SERVER)) return;
  log('code-server is missing: installing it (scripts/setup-code-server.sh, about 1-2 minutes)');
  const r = spawnSync('bash', [join(ROOT, 'scripts', 'setup-code-server.sh')], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(CODE_SERVER)) throw new Error('installing code-server failed');
}

/**
 * Start code-server on a free loopback port, in its own process group (so stop() can end its extension hosts and
 * file watchers too), with throw-away user data, extensions and XDG folders unless given.
 */
async function startCodeServer({ userDataDir, extensionsDir, vsix, env = {} } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'smtp-lint-cs-'));
  // suite/index.js writes its results here; the extension host inherits code-server's environment.
  const resultsFile = join(root, 'suite-results.json');
  const udd = userDataDir ?? join(root, 'user-data');
  const exts = extensionsDir ?? join(root, 'extensions');
  for (const d of [join(udd, 'User'), exts, join(root, 'xdg'), join(root, 'ws')]) mkdirSync(d, { recursive: true });
  const settingsFile = join(udd, 'User', 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, JSON.stringify(USER_SETTINGS, null, 2));
  const csEnv = {
    ...process.env,
    ...env,
    XDG_CONFIG_HOME: join(root, 'xdg'),
    XDG_DATA_HOME: join(root, 'xdg'),
    XDG_CACHE_HOME: join(root, 'xdg'),
    EXTENSIONS_GALLERY: '{}',
    SMTP_LINT_TEST_RESULTS: resultsFile,
  };
  if (vsix) {
    execFileSync(CODE_SERVER, ['--extensions-dir', exts, '--user-data-dir', udd, '--install-extension', vsix, '--force'], { env: csEnv, stdio: 'pipe' });
  }
  const port = await freePort();
  const child = spawn(
    CODE_SERVER,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
      '--disable-workspace-trust', '--disable-getting-started-override', '--disable-proxy', '--ignore-last-opened',
      '--user-data-dir', udd, '--extensions-dir', exts, join(root, 'ws')],
    { env: csEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (child.exitCode !== null || i > 600) throw new Error(`code-server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = async () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 30 && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 100));
    try {
      process.kill(-child.pid, 'SIGKILL'); // file watchers and extension hosts outlive a polite SIGTERM
    } catch {
      /* the group is gone */
    }
    rmSync(root, { recursive: true, force: true });
  };
  return { base, root, udd, exts, resultsFile, stop, output: () => output };
}

/** Workbench URL for `folder`; development extensions and the tests module go through the `payload` parameter. */
function workbenchUrl(cs, folder, { devPaths = [], testsPath } = {}) {
  const remote = (p) => `vscode-remote://${new URL(cs.base).host}${p}`;
  const payload = devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  const query = `folder=${encodeURIComponent(folder)}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
  return `${cs.base}/?${query}`;
}

/** Run fn(page) in a fresh headless chromium profile whose requests may only reach loopback. */
async function withPage(fn) {
  const { chromium } = require('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'smtp-lint-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: CHROMIUM_ARGS,
  });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort();
  });
  try {
    return await fn(context.pages()[0] ?? (await context.newPage()));
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Run an extensionTestsPath module (test-electron contract) in code-server's extension host. Resolves to the
 * extension host's exit code (0 = all passed) or 'timeout'. Mocha's output is echoed through `onLog`.
 */
function runExtensionTests(cs, { folder, devPaths, testsPath, timeoutMs = 240_000, onLog = (m) => console.log(m) }) {
  const noise = /^(Resolv|Creating a socket|Ignoring fetching|ChatSessionStore|\[Service Worker\]|Updating additional builtin|Started local extension host)/;
  return withPage(async (page) => {
    const exited = new Promise((res) => {
      // The hooks the web workbench calls in extension-test mode: console output and the final exit code.
      void page.exposeFunction('codeAutomationLog', (_level, args) => {
        const line = Array.isArray(args) ? format(...args) : String(args);
        if (!noise.test(line)) onLog(line);
      });
      void page.exposeFunction('codeAutomationExit', (code) => res(code));
    });
    await page.goto(workbenchUrl(cs, folder, { devPaths, testsPath }));
    return Promise.race([exited, new Promise((res) => setTimeout(() => res('timeout'), timeoutMs))]);
  });
}

// ------------------------------------------------------------------------------------------- the test layers --

/** Layer 1: the mocha suites in the extension host. Returns one result per test. */
async function runSuites(cs, devPath) {
  const folder = join(cs.root, 'ws', 'suites');
  mkdirSync(folder, { recursive: true });
  const resultsFile = cs.resultsFile;
  rmSync(resultsFile, { force: true });
  const code = await runExtensionTests(cs, { folder, devPaths: [devPath], testsPath: SUITE_INDEX, onLog: (m) => console.log(`    ${m}`) });
  if (!existsSync(resultsFile)) {
    return [{ title: `editor suites (exit ${code}; no results file)`, state: 'failed', error: cs.output().slice(-3000) }];
  }
  const { results } = JSON.parse(readFileSync(resultsFile, 'utf8'));
  if (code !== 0 && !results.some((r) => r.state === 'failed')) {
    results.push({ title: `editor suites exit code ${code}`, state: 'failed' });
  }
  return results;
}

/**
 * The relay for the UI's Test connection flow: its test CA is made before code-server starts, so that the language
 * server (a grandchild of code-server) trusts it through NODE_EXTRA_CA_CERTS and resolves relay.example.test to
 * 127.0.0.1 through SMTP_LINT_PROBE_HOSTS. The listeners on 127.0.0.1:25 and :587 run only during the UI layer.
 */
function prepareRelay() {
  const relayLib = require(join(ROOT, 'out', 'test', 'lsp', 'relay.js'));
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-relay-'));
  const certificates = relayLib.makeCaSignedCertificate(dir, relayLib.RELAY_HOST);
  return {
    lib: relayLib,
    certificates,
    env: { NODE_EXTRA_CA_CERTS: certificates.caPath, SMTP_LINT_PROBE_HOSTS: relayLib.RELAY_HOSTS_HOOK },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Layer 2: drive the real UI once, with a screenshot per step. */
async function uiChecks(cs, devPaths, relaySetup) {
  const engine = require(join(ROOT, 'out', 'server', 'src', 'engine'));
  const folder = join(cs.root, 'ws', 'ui');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'wp-config.php');
  const text = [
    '<?php',
    "define( 'WPMS_ON', true );",
    "define( 'WPMS_MAILER', 'smtp' );",
    "define( 'WPMS_SMTP_HOST', 'smtp.sendgrid.net' );",
    "define( 'WPMS_SMTP_PORT', 25 );",
    "define( 'WPMS_SSL', 'tls' );",
    "define( 'WPMS_SMTP_AUTH', true );",
    "define( 'WPMS_SMTP_USER', 'apikey' );",
    "define( 'WPMS_SMTP_PASS', getenv( 'SENDGRID_API_KEY' ) );",
    '',
  ].join('\n');
  writeFileSync(file, text);
  // The expectations come from the engine: the port-25 finding, its message and its preferred fix.
  const finding = engine.lintText(text, { path: file, config: {}, hints: {} }).findings.find((f) => f.ruleId === 'port-25');
  const results = [];
  if (!finding) return [{ title: 'ui: the engine reports port-25 in the UI sample', state: 'failed' }];
  const fix = finding.fixes.find((f) => f.preferred);
  const fixedText = engine.applyEdits(text, fix.edits);
  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = (page, name) => page.screenshot({ path: join(ARTIFACTS, `editor-${name}.png`) }).catch(() => undefined);

  await withPage(async (page) => {
    let step = 0;
    const check = async (title, fn) => {
      const started = Date.now();
      try {
        await fn();
        results.push({ title: `ui: ${title}`, state: 'passed', durationMs: Date.now() - started });
        log(`ui ok     ${title}`);
      } catch (e) {
        results.push({ title: `ui: ${title}`, state: 'failed', error: String(e?.message ?? e).split('\n')[0] });
        log(`ui FAILED ${title}: ${String(e?.message ?? e).split('\n')[0]}`);
        await shot(page, `${String(++step).padStart(2, '0')}-FAILED`);
        throw e; // later steps depend on this one
      }
      await shot(page, `${String(++step).padStart(2, '0')}-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    };
    const editor = page.locator('.editor-instance .monaco-editor').first();
    const portLine = editor.locator('.view-line', { hasText: 'WPMS_SMTP_PORT' });
    // The squiggle on the port's line: decorations live in a separate layer, so match them by vertical position.
    const portSquiggle = async () => {
      const line = await portLine.boundingBox();
      if (!line) return undefined;
      for (const s of await editor.locator('.squiggly-warning').all()) {
        const b = await s.boundingBox();
        if (b && Math.abs(b.y + b.height / 2 - (line.y + line.height / 2)) < line.height / 2) return b;
      }
      return undefined;
    };
    const waitFor = async (probe, what, ms = 30_000) => {
      const end = Date.now() + ms;
      for (;;) {
        const v = await probe();
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await page.waitForTimeout(100);
      }
    };
    try {
      await check('the workbench opens the folder', async () => {
        await page.goto(workbenchUrl(cs, folder, { devPaths }));
        await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
      });
      await check('wp-config.php shows a squiggle on port 25', async () => {
        await page.keyboard.press('Control+P'); // Quick Open (Ctrl+Shift+P is unreliable in headless chromium)
        await page.locator('.quick-input-widget input').fill('wp-config.php');
        await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
        await page.keyboard.press('Enter');
        await portLine.waitFor({ timeout: 30_000 });
        await waitFor(portSquiggle, 'the port-25 squiggle');
      });
      await check('the Problems panel lists the finding', async () => {
        await page.keyboard.press('Control+Shift+M');
        await page.locator('.markers-panel').getByText(finding.message.slice(0, 60)).first().waitFor({ timeout: 15_000 });
        await page.locator('.markers-panel').getByText('port-25').first().waitFor({ timeout: 5_000 });
      });
      await check('hovering the port explains it', async () => {
        await portLine.click(); // focus the editor again
        const box = await portSquiggle();
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.locator('.monaco-hover', { hasText: 'Port 25' }).first().waitFor({ timeout: 15_000 });
        await page.locator('.monaco-hover', { hasText: 'SendGrid accepts port 25' }).first().waitFor({ timeout: 5_000 });
      });
      await check(`Ctrl+. then Enter on "${fix.title}" rewrites the line`, async () => {
        await page.keyboard.press('Escape');
        const box = await portSquiggle();
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await page.keyboard.press('Control+.');
        const row = page.locator('.action-widget .monaco-list-row', { hasText: fix.title }).first();
        await row.waitFor({ timeout: 15_000 });
        // The menu ignores mouse clicks (a pointer-block overlay): move the focus with the keyboard.
        for (let i = 0; i < 10 && !(await row.getAttribute('class')).includes('focused'); i++) await page.keyboard.press('ArrowDown');
        if (!(await row.getAttribute('class')).includes('focused')) throw new Error(`could not focus "${fix.title}"`);
        await page.keyboard.press('Enter');
        await portLine.filter({ hasText: '587' }).waitFor({ timeout: 15_000 });
      });
      await check('saving writes the fix to disk and the squiggle goes', async () => {
        await page.keyboard.press('Control+S');
        await waitFor(() => readFileSync(file, 'utf8') === fixedText, 'the fixed file on disk', 15_000);
        await waitFor(async () => !(await portSquiggle()), 'the squiggle to go', 15_000);
      });
      if (relaySetup) await relayFlow(relaySetup);
    } catch {
      /* recorded by check(); the remaining steps cannot run */
    }

    /** Issue 7: Test connection (lens) -> 25 blocked, 587 valid -> quick fix -> Test connection -> works. */
    async function relayFlow({ lib, certificates }) {
      const relay = await lib.startRelay(certificates);
      const relayFile = join(folder, 'relay', 'wp-config.php');
      mkdirSync(dirname(relayFile), { recursive: true });
      writeFileSync(relayFile, lib.RELAY_WP_CONFIG);
      const lens = () => editor.locator('.codelens-decoration a', { hasText: 'Test connection' }).first();
      const toast = (text) => page.locator('.notification-list-item-message', { hasText: text }).first();
      try {
        await check('clicking "Test connection" says port 25 timed out and 587 answers with a valid certificate', async () => {
          await page.keyboard.press('Escape');
          await page.keyboard.press('Control+P');
          await page.locator('.quick-input-widget input').fill('relay/wp-config.php');
          await page.locator('.quick-input-list .monaco-list-row', { hasText: 'relay' }).first().waitFor();
          await page.keyboard.press('Enter');
          await editor.locator('.view-line', { hasText: lib.RELAY_HOST }).waitFor({ timeout: 30_000 });
          await lens().waitFor({ timeout: 30_000 });
          await lens().click();
          await toast('port 25 timed out: outbound 25 is probably blocked here; port 587 answered and offers STARTTLS').waitFor({ timeout: 30_000 });
          await toast(`${lib.RELAY_HOST}:587 works: STARTTLS upgraded to TLS`).waitFor({ timeout: 1_000 });
          await toast(`the certificate is valid for ${lib.RELAY_HOST}`).waitFor({ timeout: 1_000 });
        });
        await check('the smtp-lint output lists each step', async () => {
          await page.keyboard.press('Control+P');
          await page.locator('.quick-input-widget input').fill('>smtp-lint: Show output');
          await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show output' }).first().waitFor();
          await page.keyboard.press('Enter');
          const output = page.locator('.part.panel .view-lines');
          await output.locator('.view-line', { hasText: `host name ${lib.RELAY_HOST} verified` }).first().waitFor({ timeout: 15_000 });
          // The output is virtualised (only the visible lines exist): filter it to the connect steps.
          const filter = page.locator('.part.panel .viewpane-filter input').first();
          await filter.fill('connect');
          await output.locator('.view-line', { hasText: 'timed out: no answer within' }).first().waitFor({ timeout: 10_000 });
          await output.locator('.view-line', { hasText: 'connected to 127.0.0.1:587' }).first().waitFor({ timeout: 5_000 });
          await shot(page, 'relay-output-connect-steps');
          await filter.fill(lib.RELAY_PASSWORD.slice(0, 8));
          await page.waitForTimeout(500);
          if (await output.locator('.view-line', { hasText: lib.RELAY_PASSWORD.slice(0, 8) }).count()) throw new Error('the password is in the output');
          await filter.fill('');
        });
        await check('after the quick fix, "Test connection" says 587 works', async () => {
          await page.keyboard.press('Control+J'); // hide the panel again
          const box = await waitFor(portSquiggle, 'the port-25 squiggle of the relay file');
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
          await page.keyboard.press('Control+.');
          const row = page.locator('.action-widget .monaco-list-row', { hasText: 'Use port 587 with STARTTLS' }).first();
          await row.waitFor({ timeout: 15_000 });
          for (let i = 0; i < 10 && !(await row.getAttribute('class')).includes('focused'); i++) await page.keyboard.press('ArrowDown');
          await page.keyboard.press('Enter');
          await portLine.filter({ hasText: '587' }).waitFor({ timeout: 15_000 });
          await waitFor(async () => !(await portSquiggle()), 'the port-25 squiggle to go', 15_000);
          await lens().click();
          // Anchored: the first notification also mentions "587 works", after its port-25 verdict.
          await toast(new RegExp(`^smtp-lint: ${lib.RELAY_HOST.replace(/\./g, '\\.')}:587 works: STARTTLS upgraded to TLS`)).waitFor({ timeout: 30_000 });
        });
      } finally {
        await relay.close();
      }
    }
  });
  return results;
}

/**
 * Layer 0: the dotenv TextMate grammar, tokenized with the same vscode-textmate and oniguruma that VS Code 1.100
 * ships (taken from code-server), so a broken regex shows up here rather than as grey text in someone's editor.
 */
async function grammarChecks() {
  const vsNodeModules = join(dirname(dirname(CODE_SERVER)), 'code-server', 'lib', 'vscode', 'node_modules');
  const textmate = require(join(vsNodeModules, 'vscode-textmate'));
  const oniguruma = require(join(vsNodeModules, 'vscode-oniguruma'));
  const wasm = readFileSync(join(vsNodeModules, 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const grammarPath = join(ROOT, 'syntaxes', 'dotenv.tmLanguage.json');
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (t) => new oniguruma.OnigString(t) }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(grammarPath, 'utf8'), grammarPath),
  });
  const grammar = await registry.loadGrammar('source.dotenv');
  // [line, token text, scope that token must have]
  const cases = [
    ['# SMTP relay', '# SMTP relay', 'comment.line.number-sign.dotenv'],
    ['export MAIL_PORT=587', 'export', 'storage.modifier.export.dotenv'],
    ['export MAIL_PORT=587', 'MAIL_PORT', 'variable.other.key.dotenv'],
    ['MAIL_PORT=587 # submission', '587', 'constant.language.dotenv'],
    ['MAIL_PORT=587 # submission', '# submission', 'comment.line.number-sign.dotenv'],
    ['MAIL_HOST=smtp.example.com', 'smtp.example.com', 'string.unquoted.dotenv'],
    ['MAILER_DSN=smtp://u:p@host:587#frag', 'smtp://u:p@host:587#frag', 'string.unquoted.dotenv'],
    ['MAIL_FROM_NAME="${APP_NAME} mailer"', 'APP_NAME', 'variable.other.dotenv'],
    ['MAIL_FROM_NAME="${APP_NAME} mailer"', ' mailer', 'string.quoted.double.dotenv'],
    ["MAIL_PASSWORD='p#$s'", 'p#$s', 'string.quoted.single.dotenv'],
    ['MAIL_ENCRYPTION=null', 'null', 'constant.language.dotenv'],
  ];
  const results = [];
  for (const [line, text, scope] of cases) {
    const { tokens } = grammar.tokenizeLine(line, textmate.INITIAL);
    // A token text may be split over several tokens (e.g. "#" + " submission"): join the run that starts at it.
    const start = line.indexOf(text);
    const covering = tokens.filter((t) => t.startIndex >= start && t.endIndex <= start + text.length);
    const ok = covering.length > 0 && covering[0].startIndex === start && covering.every((t) => t.scopes.includes(scope));
    const got = tokens.map((t) => `${JSON.stringify(line.slice(t.startIndex, t.endIndex))}=${t.scopes.slice(1).join(' ')}`).join(', ');
    results.push({ title: `grammar: ${JSON.stringify(text)} in ${JSON.stringify(line)} is ${scope}`, state: ok ? 'passed' : 'failed', error: ok ? undefined : got });
  }
  log(`grammar: ${results.filter((r) => r.state === 'passed').length}/${results.length} token checks passed`);
  return results;
}

/** Layer 3: the unchanged @vscode/test-electron runner, with this script standing in for the VS Code executable. */
function runTestElectron() {
  const resultsFile = join(mkdtempSync(join(tmpdir(), 'smtp-lint-te-')), 'results.json');
  const r = spawnSync(process.execPath, [RUN_TEST], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VSCODE_EXECUTABLE_PATH: fileURLToPath(import.meta.url), SMTP_LINT_TEST_RESULTS: resultsFile },
    timeout: 300_000,
  });
  const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
  let summary = '';
  try {
    const { passed, failed } = JSON.parse(readFileSync(resultsFile, 'utf8'));
    summary = ` (${passed} passed, ${failed} failed inside)`;
  } catch {
    /* no results: the run failed before mocha */
  }
  rmSync(dirname(resultsFile), { recursive: true, force: true });
  const ok = r.status === 0;
  log(`test-electron runner exit ${r.status}${summary}`);
  return [{ title: `test-electron runTests() with vscodeExecutablePath${summary}`, state: ok ? 'passed' : 'failed', error: ok ? undefined : tail }];
}

// --------------------------------------------------------------------------------------------------- modes --

/** Acting as the "VS Code executable" for @vscode/test-electron: its CLI in, the extension host's exit code out. */
async function runAsVSCodeExecutable(argv) {
  const devPaths = [];
  let testsPath;
  let userDataDir;
  let extensionsDir;
  let folder;
  for (const arg of argv) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (!m) folder = resolve(arg);
    else if (m[1] === 'extensionDevelopmentPath') devPaths.push(resolve(m[2]));
    else if (m[1] === 'extensionTestsPath') testsPath = resolve(m[2]);
    else if (m[1] === 'user-data-dir') userDataDir = resolve(m[2]);
    else if (m[1] === 'extensions-dir') extensionsDir = resolve(m[2]);
    // Desktop-only flags (--no-sandbox, --disable-updates, --disable-extensions, ...) do not apply to code-server.
  }
  if (!testsPath || devPaths.length === 0) {
    console.error('test-editor.mjs as a VS Code executable needs --extensionDevelopmentPath and --extensionTestsPath');
    process.exit(2);
  }
  ensureCodeServer();
  const cs = await startCodeServer({ userDataDir, extensionsDir });
  let code = 1;
  try {
    if (!folder) {
      folder = join(cs.root, 'ws', 'default');
      mkdirSync(folder, { recursive: true });
    }
    const exit = await runExtensionTests(cs, { folder, devPaths, testsPath: testsPath.endsWith('.js') ? testsPath : `${testsPath}.js` });
    code = exit === 'timeout' ? 1 : exit;
    if (exit === 'timeout') console.error('the extension tests timed out');
  } catch (e) {
    console.error(e);
  } finally {
    await cs.stop();
  }
  process.exit(code);
}

async function main() {
  const { values: opt } = parseArgs({ options: { vsix: { type: 'string' }, only: { type: 'string' } } });
  const layers = new Set(opt.only ? opt.only.split(',') : ['grammar', 'suites', 'ui', 'test-electron']);
  const results = [];
  let cs;
  let relaySetup;
  try {
    for (const f of [join(ROOT, 'dist', 'extension.js'), join(ROOT, 'dist', 'server.js'), SUITE_INDEX, RUN_TEST]) {
      if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
    }
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
    ensureCodeServer();
    if (layers.has('grammar')) results.push(...(await grammarChecks()));
    const vsix = opt.vsix ? resolve(opt.vsix) : undefined;
    if (vsix && !existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` first`);
    if (layers.has('suites') || layers.has('ui')) {
      relaySetup = layers.has('ui') ? prepareRelay() : undefined;
      cs = await startCodeServer({ vsix, env: relaySetup?.env });
      log(`code-server on ${cs.base}${vsix ? ` with ${vsix} installed` : ''}`);
      // With --vsix, the unpacked installed extension is what the suites load; otherwise the working tree.
      const installed = vsix ? readdirSync(cs.exts).find((d) => d.startsWith('smtp-lint.smtp-lint-')) : undefined;
      if (vsix && !installed) throw new Error(`the .vsix did not install into ${cs.exts}`);
      const devPath = installed ? join(cs.exts, installed) : ROOT;
      if (layers.has('suites')) {
        log(`editor suites (extension from ${devPath})`);
        results.push(...(await runSuites(cs, devPath)));
      }
      if (layers.has('ui')) {
        log('UI checks in chromium');
        results.push(...(await uiChecks(cs, vsix ? [] : [ROOT], relaySetup)));
      }
      await cs.stop();
      cs = undefined;
    }
    if (layers.has('test-electron') && !vsix) {
      log('@vscode/test-electron runner through this script');
      results.push(...runTestElectron());
    }
  } catch (e) {
    results.push({ title: 'editor test run', state: 'failed', error: String(e?.stack ?? e) });
  } finally {
    if (cs) {
      if (results.some((r) => r.state === 'failed')) console.log(cs.output().split('\n').slice(-30).join('\n'));
      await cs.stop();
    }
    relaySetup?.dispose();
  }
  const failed = results.filter((r) => r.state !== 'passed');
  for (const f of failed) console.log(`FAILED ${f.title}${f.error ? `\n  ${String(f.error).split('\n').slice(0, 12).join('\n  ')}` : ''}`);
  log(`done; screenshots in ${ARTIFACTS}`);
  console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
  process.exit(failed.length ? 1 : 0);
}

if (process.argv.slice(2).some((a) => a.startsWith('--extensionTestsPath='))) await runAsVSCodeExecutable(process.argv.slice(2));
else await main();
