// Pull diagnostics over LSP: every finding of the engine arrives with source, code, docs link, exact range, mapped
// severity and related information; results are cached per version (unchanged reports) and status is published.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DiagnosticSeverity, TextDocumentSyncKind } from 'vscode-languageserver-protocol';
import { ruleDocUrl, type Finding, type LintResult } from '../../server/src/engine';
import { LspHarness } from './harness';
import { LARAVEL_ENV, PLAIN_ENV, WP_CONFIG, Workspace, engineLint } from './samples';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function expectedDiagnostics(uri: string, r: LintResult) {
  const range = (s: { start: number; end: number }) => ({ start: r.index.positionAt(s.start), end: r.index.positionAt(s.end) });
  return r.findings.map((f) => ({
    range: range(f.span),
    severity: SEVERITY[f.severity],
    source: 'smtp-lint',
    code: f.ruleId,
    codeDescription: { href: ruleDocUrl(f.ruleId) },
    message: f.message,
    ...(f.related.length ? { relatedInformation: f.related.map((x) => ({ location: { uri, range: range(x.span) }, message: x.message })) } : {}),
  }));
}

describe('pull diagnostics', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir] });
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  test('advertises incremental sync and pull diagnostics without inter-file or workspace diagnostics', () => {
    const caps = lsp.initializeResult.capabilities;
    const sync = caps.textDocumentSync as { change: number; openClose: boolean };
    assert.equal(sync.change, TextDocumentSyncKind.Incremental);
    assert.equal(sync.openClose, true);
    assert.deepEqual(caps.diagnosticProvider && { i: caps.diagnosticProvider.interFileDependencies, w: caps.diagnosticProvider.workspaceDiagnostics }, { i: false, w: false });
    assert.ok(caps.hoverProvider);
    const kinds = (caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds;
    assert.ok(kinds.includes('quickfix') && kinds.includes('source.fixAll.smtp-lint'), kinds.join());
  });

  for (const [name, text] of [
    ['.env', LARAVEL_ENV],
    ['wp-config.php', WP_CONFIG],
  ] as const) {
    test(`${name}: diagnostics equal the engine's findings, field by field`, async () => {
      const path = ws.path(name);
      const expected = engineLint(path, text);
      assert.ok(expected.findings.length > 0, `the engine finds nothing in the ${name} sample: the test would prove nothing`);
      const uri = await lsp.open(path, text);
      const items = await lsp.diagnostics(uri);
      assert.deepEqual(items, expectedDiagnostics(uri, expected));
      // Spot-check the contract independently of the helper above.
      for (const d of items) {
        assert.equal(d.source, 'smtp-lint');
        assert.match(String(d.code), /^[a-z0-9-]+$/);
        assert.equal(d.codeDescription?.href, ruleDocUrl(d.code as Finding['ruleId']));
        assert.ok(d.range.start.line < d.range.end.line || d.range.start.character < d.range.end.character, 'non-empty range');
      }
      const status = await lsp.statusFor(uri, 1);
      assert.equal(status.state, 'linted');
      assert.equal(status.findings, items.length);
      assert.match(status.text, new RegExp(`^linted: .+, ${items.length} findings?$`));
    });
  }

  test('the same version answers "unchanged" with the same resultId; an edit gives a new full report', async () => {
    const path = ws.path('again', '.env');
    const uri = await lsp.open(path, LARAVEL_ENV);
    const first = await lsp.pull(uri);
    assert.equal(first.kind, 'full');
    assert.ok(first.resultId);
    const second = await lsp.pull(uri, first.resultId);
    assert.deepEqual(second, { kind: 'unchanged', resultId: first.resultId });
    await lsp.replace(uri, 'MAIL_PORT=25', 'MAIL_PORT=587');
    const third = await lsp.pull(uri, first.resultId);
    assert.equal(third.kind, 'full');
    assert.notEqual(third.resultId, first.resultId);
    const expected = engineLint(path, lsp.text(uri));
    assert.deepEqual(third.kind === 'full' && third.items.map((d) => d.code), expected.findings.map((f) => f.ruleId));
  });

  test('a file without mail settings gets no diagnostics and a "not linted" status with the reason', async () => {
    const uri = await lsp.open(ws.path('plain', '.env'), PLAIN_ENV);
    assert.deepEqual(await lsp.diagnostics(uri), []);
    const status = await lsp.statusFor(uri, 1);
    assert.equal(status.state, 'not-linted');
    assert.match(status.text, /^not linted: /);
  });

  test('an unsupported file is answered with an empty report, not an error', async () => {
    const uri = await lsp.open(ws.path('notes.txt'), 'port 25 everywhere\n');
    assert.deepEqual(await lsp.diagnostics(uri), []);
  });

  test('a document that is not open gets an empty report', async () => {
    const r = await lsp.pull('file:///nowhere/never-opened.env');
    assert.deepEqual(r, { kind: 'full', items: [] });
  });

  test('the status request answers for an open document', async () => {
    const uri = await lsp.open(ws.path('status', 'wp-config.php'), WP_CONFIG);
    const status = (await lsp.connection.sendRequest('smtpLint/getStatus', { uri })) as { state: string; text: string };
    assert.equal(status.state, 'linted');
    assert.match(status.text, /WP Mail SMTP/);
  });
});
