// The editor and the command line must agree: for every file the CLI reports (examples/ and the format fixtures),
// the server's diagnostics equal the CLI's `--format json` messages (rule, severity, message, 1-based range).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspHarness, REPO_ROOT } from './harness';

interface EslintMessage {
  ruleId: string;
  severity: number;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface EslintFile {
  filePath: string;
  messages: EslintMessage[];
}

const CLI = join(REPO_ROOT, 'bin', 'smtp-lint.js');

/** The folders to compare on: the bundled examples, and every format's fixtures. */
const FOLDERS = ['examples', 'test/fixtures/dotenv', 'test/fixtures/php', 'test/fixtures/wp-plugin-json']
  .map((f) => join(REPO_ROOT, f))
  .filter((f) => existsSync(f));

function runCli(folder: string): EslintFile[] {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', folder], { encoding: 'utf8', cwd: REPO_ROOT, maxBuffer: 64 * 1024 * 1024 });
  assert.ok(r.status === 0 || r.status === 1, `smtp-lint exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as EslintFile[];
}

function asEslint(d: Diagnostic): EslintMessage {
  return {
    ruleId: String(d.code),
    severity: d.severity === 1 ? 2 : 1,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

const order = (a: EslintMessage, b: EslintMessage) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
const pick = (m: EslintMessage): EslintMessage => ({
  ruleId: m.ruleId,
  severity: m.severity,
  message: m.message,
  line: m.line,
  column: m.column,
  endLine: m.endLine,
  endColumn: m.endColumn,
});

describe('server and CLI agree', () => {
  let lsp: LspHarness;
  before(async () => {
    assert.ok(existsSync(CLI), 'bin/smtp-lint.js is missing');
    lsp = await LspHarness.start({ workspaceFolders: [REPO_ROOT] });
  });
  after(async () => {
    await lsp.stop();
  });

  for (const folder of FOLDERS) {
    test(`${folder.slice(REPO_ROOT.length + 1)}: every file's diagnostics equal the CLI's JSON messages`, async () => {
      const report = runCli(folder);
      assert.ok(report.length > 0, 'the CLI reported no files');
      let compared = 0;
      let withFindings = 0;
      for (const file of report) {
        const path = file.filePath.startsWith('/') ? file.filePath : join(REPO_ROOT, file.filePath);
        const uri = await lsp.open(path, readFileSync(path, 'utf8'));
        const server = (await lsp.diagnostics(uri)).map(asEslint).sort(order);
        const cli = file.messages.map(pick).sort(order);
        assert.deepEqual(server, cli, `${path}: server and CLI differ`);
        await lsp.close(uri);
        compared++;
        if (cli.length) withFindings++;
      }
      assert.ok(compared > 0);
      assert.ok(withFindings > 0 || folder.endsWith('correct'), `no file in ${folder} has findings: parity proves little`);
    });
  }
});
