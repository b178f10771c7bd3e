// Entry point for the editor suites, loaded by the extension host (the @vscode/test-electron contract:
// `export function run(): Promise<void>`). Runs every *.test.js next to it with mocha (tdd), prints each result,
// and writes a JSON summary to $SMTP_LINT_TEST_RESULTS for scripts/test-editor.mjs.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import { format } from 'util';

interface TestResult {
  title: string;
  state: 'passed' | 'failed';
  durationMs?: number;
  error?: string;
}

export function run(): Promise<void> {
  // Mocha's reporter logs printf-style; format here so every sink (stdout, the workbench's log hook) gets plain lines.
  (Mocha.reporters.Base as unknown as { consoleLog: (...a: unknown[]) => void }).consoleLog = (...a) => console.log(format(...a));
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  const grep = process.env.SMTP_LINT_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  const resultsFile = process.env.SMTP_LINT_TEST_RESULTS;
  return new Promise((resolve, reject) => {
    const results: TestResult[] = [];
    const runner = mocha.run((failures) => {
      const summary = { passed: results.filter((r) => r.state === 'passed').length, failed: failures, results };
      if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify(summary, null, 2));
      console.log(`editor suites: ${summary.passed} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} editor tests failed`));
      else resolve();
    });
    runner.on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', durationMs: t.duration }));
    runner.on('fail', (t, err: Error) => results.push({ title: t.fullTitle(), state: 'failed', error: String(err?.stack ?? err) }));
  });
}
