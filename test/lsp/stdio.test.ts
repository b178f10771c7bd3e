// The stdio transport: every message is framed by its length in bytes (so text beyond ASCII arrives whole and the
// next message still parses), and the server stops when the client closes its input, with or without a shutdown.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { LspHarness, SERVER_JS } from './harness';
import { Workspace } from './samples';

/**
 * Spawns the server on stdio, sends `messages` (framed), waits for the answer to the last request among them, closes
 * stdin and resolves with the exit code.
 */
async function exitCodeAfter(messages: { id?: number; method: string; params?: object }[]): Promise<number | null> {
  const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
  for (const m of messages) {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...m }), 'utf8');
    proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }
  const lastId = messages.filter((m) => m.id !== undefined).at(-1)?.id;
  const deadline = Date.now() + 10_000;
  while (lastId !== undefined && !output.includes(`"id":${lastId}`)) {
    if (Date.now() > deadline) throw new Error(`no answer to request ${lastId}:\n${output}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  proc.stdin.end();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error('the server did not exit after its input closed'));
    }, 10_000);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

describe('stdio transport', () => {
  const ws = new Workspace();
  let lsp: LspHarness;
  before(async () => {
    lsp = await LspHarness.start({ workspaceFolders: [ws.dir] });
  });
  after(async () => {
    await lsp.stop();
    ws.dispose();
  });

  test('messages with text beyond ASCII arrive whole, and the ones after them too', { timeout: 20_000 }, async () => {
    const host = 'smtp.пример.рф';
    const uri = await lsp.open(ws.path('idn', '.env'), `MAIL_MAILER=smtp\nMAIL_HOST=${host}\nMAIL_PORT=25\n`);
    const items = await lsp.diagnostics(uri);
    const port = items.find((d) => d.code === 'port-25');
    assert.ok(port, `expected a port-25 finding, got ${items.map((d) => d.code).join(', ')}`);
    assert.ok(port.message.includes(host), 'the message quotes the host, so its bytes outnumber its characters');
    // A frame whose length counted characters would cut this message short and garble the next one.
    const again = await lsp.diagnostics(uri);
    assert.deepEqual(again.map((d) => d.message), items.map((d) => d.message));
  });

  test('the server exits with 1 when its input closes without a shutdown', async () => {
    assert.equal(await exitCodeAfter([{ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } }]), 1);
  });

  test('the server exits with 0 when its input closes after a shutdown', async () => {
    const code = await exitCodeAfter([
      { id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } },
      { method: 'initialized', params: {} },
      { id: 2, method: 'shutdown' },
    ]);
    assert.equal(code, 0);
  });
});
