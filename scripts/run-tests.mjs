// Runs every test layer and ends with one "N passed, N failed" line:
// 1. node's test runner over the compiled unit, CLI and LSP-protocol tests (out/test/**/*.test.js);
// 2. the editor tests in a real VS Code (code-server + chromium), unless SMTP_LINT_SKIP_EDITOR=1.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function testFiles(dir) {
  let out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== 'editor') out = out.concat(testFiles(p));
    } else if (name.endsWith('.test.js')) out.push(p);
  }
  return out;
}

const tap = join(mkdtempSync(join(tmpdir(), 'smtp-lint-tests-')), 'results.tap');
const files = testFiles(join('out', 'test')).sort();
const node = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', '--test-reporter-destination=stdout', '--test-reporter=tap', `--test-reporter-destination=${tap}`, ...files],
  { stdio: 'inherit' },
);
const summary = existsSync(tap) ? readFileSync(tap, 'utf8') : '';
const count = (name) => Number((summary.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
let passed = count('pass');
let failed = count('fail') + (node.status !== 0 && count('fail') === 0 ? 1 : 0);

if (process.env.SMTP_LINT_SKIP_EDITOR !== '1' && existsSync('scripts/test-editor.mjs')) {
  const editor = spawnSync(process.execPath, ['scripts/test-editor.mjs'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  process.stdout.write(editor.stdout ?? '');
  const m = /(\d+) passed, (\d+) failed\s*$/.exec(editor.stdout ?? '');
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (!m || editor.status !== 0) failed += m && Number(m[2]) > 0 ? 0 : 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
