// The language server under attack (issue 5): malformed JSON-RPC, unknown methods, invalid parameters, edits for
// documents that were never opened, a 10 MB document, a burst of 1,000 edits, a storm of interleaved and cancelled
// requests, and an invalid .smtp-lint.json. After each, the server is still up and answers for the latest version;
// its memory (VmRSS from /proc) stays bounded. Numbers are printed as test diagnostics.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintText } from '../../server/src/engine';
import { CancellationTokenSource, LspHarness, SERVER_JS } from '../lsp/harness';

const REQUEST_CANCELLED = -32800;
const METHOD_NOT_FOUND = -32601;
const serverBuilt = existsSync(SERVER_JS);

const ENV = 'MAIL_MAILER=smtp\nMAIL_HOST=smtp.mailgun.org\nMAIL_PORT=25\nMAIL_ENCRYPTION=tls\nMAIL_USERNAME=postmaster@mg.example.com\n';

function rssKb(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** The rule ids the engine reports for a text, in order: what the server must answer. */
function expectedCodes(path: string, text: string): string[] {
  return lintText(text, { path, config: {}, hints: {} }).findings.map((f) => f.ruleId);
}

/** One complete JSON-RPC frame with whatever body, written straight to the server's stdin. */
function rawFrame(body: string): string {
  return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
}

describe('language server resilience', { skip: serverBuilt ? false : 'dist/server.js not built' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-lint-attack-lsp-'));
  let lsp: LspHarness;
  let baselineRss = 0;

  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [dir] });
    baselineRss = rssKb(lsp.proc.pid!);
  });
  after(async () => {
    await lsp?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function assertAlive(name: string, text = ENV): Promise<void> {
    assert.equal(lsp.proc.exitCode, null, `server died:\n${lsp.serverStderr}`);
    const path = join(dir, 'alive', name, '.env');
    const uri = await lsp.open(path, text);
    assert.deepEqual((await lsp.diagnostics(uri)).map((d) => d.code), expectedCodes(path, text));
    await lsp.close(uri);
  }

  test('malformed frames and non-JSON-RPC bodies are survived', async (t) => {
    for (const body of ['{garbage', '', '[]', '{"hello":1}', '{"jsonrpc":"2.0"}', '{"jsonrpc":"2.0","method":42}', '{"jsonrpc":"2.0","id":{},"method":"x"}', 'null', '"\\ud800"']) {
      lsp.proc.stdin.write(rawFrame(body));
    }
    await new Promise((r) => setTimeout(r, 200));
    await assertAlive('frames');
    t.diagnostic(`server stderr after malformed frames: ${JSON.stringify(lsp.serverStderr.slice(-300)) || '(empty)'}`);
  });

  test('unknown requests get MethodNotFound; unknown notifications are ignored', async () => {
    await assert.rejects(lsp.connection.sendRequest('smtpLint/noSuchRequest', { a: 1 }), (e: { code?: number }) => e.code === METHOD_NOT_FOUND);
    await assert.rejects(lsp.connection.sendRequest('textDocument/definition', { textDocument: { uri: 'file:///x' }, position: { line: 0, character: 0 } }), (e: { code?: number }) => e.code === METHOD_NOT_FOUND);
    await lsp.connection.sendNotification('smtpLint/noSuchNotification', { a: 1 });
    await lsp.connection.sendNotification('$/noSuchProtocolNotification', null);
    await assertAlive('unknown');
  });

  test('requests with invalid parameters are answered (result or error), never fatal', async () => {
    const attempts: [string, unknown][] = [
      ['textDocument/hover', {}],
      ['textDocument/hover', { textDocument: { uri: 'file:///never/opened/.env' }, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 'not a uri' }, position: { line: -5, character: 1e9 } }],
      ['textDocument/diagnostic', { textDocument: { uri: 'file:///never/opened/.env' } }],
      ['textDocument/diagnostic', { textDocument: {} }],
      ['textDocument/codeAction', { textDocument: { uri: 'file:///x/.env' }, range: null, context: {} }],
      ['textDocument/codeAction', { textDocument: { uri: 'untitled:Untitled-1' }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } }],
      ['smtpLint/status', {}],
      ['smtpLint/status', null],
    ];
    for (const [method, params] of attempts) {
      await lsp.connection.sendRequest(method, params).then(
        () => undefined,
        (e: { code?: number }) => assert.equal(typeof e.code, 'number', `${method}: rejected without a JSON-RPC error`),
      );
    }
    await assertAlive('params');
  });

  test('edits for unopened documents, out-of-range edits and versions going backwards', async () => {
    const c = lsp.connection;
    await c.sendNotification('textDocument/didChange', { textDocument: { uri: 'file:///never/opened/.env', version: 2 }, contentChanges: [{ text: 'MAIL_PORT=25' }] });
    await c.sendNotification('textDocument/didClose', { textDocument: { uri: 'file:///never/opened/.env' } });
    await c.sendNotification('textDocument/didSave', { textDocument: { uri: 'file:///never/opened/.env' } });
    const path = join(dir, 'ranges', '.env');
    const uri = await lsp.open(path, ENV);
    await c.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 900, character: 5 }, end: { line: 2, character: 0 } }, text: 'X' }],
    });
    await c.sendNotification('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: ENV }] });
    await c.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dotenv', version: 1, text: ENV } });
    await lsp.pull(uri); // any answer: the document is in an odd state the client caused
    await assertAlive('ranges');
  });

  test('a 10 MB document is reported as too large, quickly, and linting resumes when it shrinks', async (t) => {
    const path = join(dir, 'huge', '.env');
    const big = `${ENV}${`# ${'x'.repeat(98)}\n`.repeat(100_000)}`;
    const started = Date.now();
    const uri = await lsp.open(path, big);
    assert.deepEqual(await lsp.diagnostics(uri), []);
    const status = await lsp.statusFor(uri, 1);
    assert.match(status.text, /over maxFileSize/);
    t.diagnostic(`10 MB document: opened and answered in ${Date.now() - started} ms; RSS ${(rssKb(lsp.proc.pid!) / 1024).toFixed(0)} MB`);
    await lsp.change(uri, [{ text: ENV }]);
    assert.deepEqual((await lsp.diagnostics(uri)).map((d) => d.code), expectedCodes(path, ENV));
    await lsp.close(uri);
  });

  test('a burst of 1,000 edits, then one pull: the answer is for the last version', async (t) => {
    const path = join(dir, 'burst', '.env');
    const uri = await lsp.open(path, ENV);
    const started = Date.now();
    const sends: Promise<number>[] = [];
    for (let i = 0; i < 1000; i++) {
      // Alternate the port so every version has different findings; end on 587 with a comment.
      const line = `MAIL_PORT=${i % 2 ? 25 : 587}`;
      sends.push(lsp.change(uri, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: lsp.text(uri).split('\n')[2].length } }, text: line }]));
    }
    await Promise.all(sends);
    const final = lsp.text(uri);
    const items = await lsp.diagnostics(uri);
    assert.deepEqual(items.map((d) => d.code), expectedCodes(path, final));
    const status = await lsp.statusFor(uri, 1001);
    assert.equal(status.version, 1001);
    t.diagnostic(`1,000 edits + pull: ${Date.now() - started} ms`);
    await lsp.close(uri);
  });

  test('interleaved pulls, hovers and code actions, half of them cancelled, while editing', async () => {
    const path = join(dir, 'storm', '.env');
    const uri = await lsp.open(path, ENV);
    const settled: Promise<string>[] = [];
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: number }) => (e.code === REQUEST_CANCELLED ? 'cancelled' : `error ${e.code}: ${String(e)}`),
      );
    for (let i = 0; i < 200; i++) {
      await lsp.change(uri, [{ range: { start: { line: 2, character: 10 }, end: { line: 2, character: lsp.text(uri).split('\n')[2].length } }, text: String([25, 587, 465, 2525][i % 4]) }]);
      const source = new CancellationTokenSource();
      settled.push(outcome(lsp.pull(uri, undefined, source)));
      settled.push(outcome(lsp.hover(uri, 12 + (i % 30))));
      settled.push(outcome(lsp.codeActions(uri, { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } })));
      if (i % 2) source.cancel();
    }
    const results = await Promise.all(settled);
    const errors = results.filter((r) => r !== 'ok' && r !== 'cancelled');
    assert.deepEqual(errors, []);
    assert.deepEqual((await lsp.diagnostics(uri)).map((d) => d.code), expectedCodes(path, lsp.text(uri)));
    await lsp.close(uri);
  });

  test('an invalid .smtp-lint.json (bad JSON, wrong types, unknown keys) is reported and linting goes on', async () => {
    const cases = ['{ this is not json', '[1, 2, 3]', '{"rules": {"port-25": "fatal", "no-such-rule": "off"}, "localHosts": "smtp.mailgun.org", "maxFileSize": -1, "plugins": ["./evil.js"]}'];
    for (const [i, config] of cases.entries()) {
      const sub = join(dir, `config-${i}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, '.smtp-lint.json'), config);
      await lsp.fileChanged(join(sub, '.smtp-lint.json'));
      const path = join(sub, '.env');
      const uri = await lsp.open(path, ENV);
      // Nothing valid is configured in any of these: the findings are the defaults'.
      assert.deepEqual((await lsp.diagnostics(uri)).map((d) => d.code), expectedCodes(path, ENV), `config ${i}`);
      await lsp.close(uri);
    }
    assert.ok(lsp.logs.some((l) => l.includes('.smtp-lint.json')), 'the config problems are logged');
    await assertAlive('config');
  });

  test('memory stays bounded: open/close cycles of a 10 MB and a 500 KB document plateau', async (t) => {
    const path = join(dir, 'memory', '.env');
    const huge = `${ENV}${`# ${'y'.repeat(98)}\n`.repeat(100_000)}`;
    const linted = `${ENV}${`# ${'z'.repeat(98)}\n`.repeat(5_000)}`;
    // The peak over a run of cycles: a single reading lands anywhere between two garbage collections (the same
    // server read 90 or 190 MB after the same five cycles), a leak raises every peak after it.
    const cycles = async (n: number) => {
      let peak = 0;
      for (let i = 0; i < n; i++) {
        for (const text of [huge, linted]) {
          const uri = await lsp.open(path, text);
          await lsp.diagnostics(uri);
          await lsp.hover(uri, 30);
          peak = Math.max(peak, rssKb(lsp.proc.pid!));
          await lsp.close(uri);
        }
      }
      return peak;
    };
    const before = rssKb(lsp.proc.pid!);
    const warm = await cycles(5);
    const later = await cycles(10);
    t.diagnostic(
      `VmRSS: ${(baselineRss / 1024).toFixed(0)} MB at start, ${(before / 1024).toFixed(0)} MB before the cycles, ` +
        `peak ${(warm / 1024).toFixed(0)} MB over 5 cycles, ${(later / 1024).toFixed(0)} MB over the next 10 (10 MB + 500 KB per cycle)`,
    );
    // Garbage collection lags, so the first cycles raise RSS; after that it must plateau. Ten more retained 10 MB
    // documents would add 100 MB or more.
    assert.ok(later - warm < 60 * 1024, `RSS grew by ${((later - warm) / 1024).toFixed(0)} MB over the last 10 cycles`);
    assert.ok(later < 600 * 1024, `RSS ${(later / 1024).toFixed(0)} MB`);
    await assertAlive('memory');
  });
});
