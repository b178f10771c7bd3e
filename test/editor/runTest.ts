// The standard @vscode/test-electron entry point for the editor suites.
// Online it downloads VS Code; offline set VSCODE_EXECUTABLE_PATH to scripts/test-editor.mjs, which stands in for
// the VS Code executable and runs the suites in code-server (see docs/editor.md). Run after `npm run build`:
//   VSCODE_EXECUTABLE_PATH=$PWD/scripts/test-editor.mjs node out/test/editor/runTest.js
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..', '..');
  // Fresh profile folders per run (test-electron would otherwise reuse .vscode-test/user-data).
  const scratch = mkdtempSync(join(tmpdir(), 'smtp-lint-editor-'));
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: root,
      extensionTestsPath: resolve(__dirname, 'suite', 'index'),
      launchArgs: [workspace, '--disable-extensions', `--user-data-dir=${join(scratch, 'user-data')}`, `--extensions-dir=${join(scratch, 'extensions')}`],
      extensionTestsEnv: process.env.SMTP_LINT_TEST_RESULTS ? { SMTP_LINT_TEST_RESULTS: process.env.SMTP_LINT_TEST_RESULTS } : undefined,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error('editor tests failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
