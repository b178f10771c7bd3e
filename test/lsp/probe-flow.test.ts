// Issue 7's "Done when", as far as loopback allows: a wp-config.php sends through relay.example.test on port 25,
// where connections time out as behind a firewall, while 587 answers with STARTTLS and a certificate for
// relay.example.test from a (test) CA this machine trusts. The user runs Test connection, learns that 25 times out
// and that 587 answers with a valid certificate, applies the quick fix, and tests again successfully; then the same
// with the CLI (`smtp-lint probe --from`, `smtp-lint --fix`). See relay.ts for how the relay is staged.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { applyEdits } from '../../server/src/engine';
import { TEST_CONNECTION_REQUEST, type TestConnectionResult } from '../../server/src/lsp/protocol';
import { LspHarness, REPO_ROOT } from './harness';
import { RELAY_HOST, RELAY_PASSWORD, RELAY_WP_CONFIG, startRelay, type TestRelay } from './relay';
import { Workspace, engineLint } from './samples';

const FORBIDDEN = ['AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'VRFY', 'EXPN'];
const BLOCKED_25 = 'port 25 timed out: outbound 25 is probably blocked here; port 587 answered and offers STARTTLS';
const WORKS_587 = new RegExp(`^${RELAY_HOST.replace(/\./g, '\\.')}:587 works: STARTTLS upgraded to TLSv1\\.[23], and the certificate is valid for ${RELAY_HOST.replace(/\./g, '\\.')} until .+ \\(issued by CN=smtp-lint test CA\\)$`);

describe('issue 7 flow: port 25 blocked, 587 works, quick fix, test again', () => {
  const ws = new Workspace();
  let relay: TestRelay;

  before(async () => {
    relay = await startRelay();
  });
  after(async () => {
    await relay?.close();
    ws.dispose();
  });

  test('in the editor (protocol): Test connection, quick fix, Test connection', { timeout: 40_000 }, async () => {
    const lsp = await LspHarness.start({ workspaceFolders: [ws.dir], env: relay.env });
    try {
      const path = ws.write('wp-config.php', RELAY_WP_CONFIG);
      const uri = await lsp.open(path, RELAY_WP_CONFIG, 'php');
      const diagnostics = await lsp.diagnostics(uri);
      const port25 = diagnostics.find((d) => d.code === 'port-25');
      assert.ok(port25, `relay.example.test is remote, so port-25 fires: ${JSON.stringify(diagnostics.map((d) => d.code))}`);

      // 1. The lens on the host line; clicking it sends the request for that profile.
      const lenses = await lsp.codeLenses(uri);
      assert.equal(lenses.length, 1);
      assert.equal(lsp.text(uri).split('\n')[lenses[0].range.start.line], `define( 'WPMS_SMTP_HOST', '${RELAY_HOST}' );`);
      const [lensUri, profile] = lenses[0].command!.arguments as [string, number];
      const first = await lsp.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, { uri: lensUri, profile, workspaceTrusted: true });
      const blocked = first.reports[0];
      assert.equal(blocked.verdict, 'timeout', blocked.lines.join('\n'));
      assert.deepEqual(blocked.target, { host: RELAY_HOST, port: 25, mode: 'starttls' });
      // 25 times out at the TCP connect, exactly like a firewall drop; 587 answers with a valid certificate.
      assert.ok(blocked.summary.startsWith(BLOCKED_25), blocked.summary);
      assert.ok(blocked.lines.some((l) => /^  FAIL  connect .*timed out/.test(l)), blocked.lines.join('\n'));
      const alt587 = blocked.alternatives.find((a) => a.port === 587);
      assert.equal(alt587?.verdict, 'ok');
      assert.equal(alt587?.mode, 'starttls');
      const [summary, certificate] = blocked.message.split('. ');
      assert.equal(summary, blocked.summary);
      assert.match(certificate, WORKS_587);

      // 2. The quick fix the finding offers.
      const actions = await lsp.codeActions(uri, port25.range, ['quickfix']);
      const fix = actions.find((a) => a.isPreferred && a.title === 'Use port 587 with STARTTLS');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      await lsp.applyEdit(fix.edit);
      const expected = engineLint(path, RELAY_WP_CONFIG).findings.find((f) => f.ruleId === 'port-25')!.fixes.find((f) => f.preferred)!;
      assert.equal(lsp.text(uri), applyEdits(RELAY_WP_CONFIG, expected.edits));
      assert.ok(!(await lsp.diagnostics(uri)).some((d) => d.code === 'port-25'));

      // 3. Test again: the lens now probes 587 with STARTTLS, and it works.
      const [again] = await lsp.codeLenses(uri);
      const second = await lsp.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, {
        uri,
        profile: again.command!.arguments![1],
        workspaceTrusted: true,
      });
      const works = second.reports[0];
      assert.deepEqual(works.target, { host: RELAY_HOST, port: 587, mode: 'starttls' });
      assert.equal(works.verdict, 'ok', works.lines.join('\n'));
      assert.match(works.message, WORKS_587);

      const everything = JSON.stringify([first, second]) + lsp.logs.join('\n');
      assert.ok(!everything.includes(RELAY_PASSWORD), 'the password leaked');
    } finally {
      await lsp.stop();
    }
    assert.ok(!relay.smtp.commands.some((c) => FORBIDDEN.includes(c.split(' ')[0].toUpperCase())), relay.smtp.commands.join(', '));
    assert.deepEqual(relay.smtp.handlerCalls, []);
  });

  test('with the CLI: smtp-lint probe --from, smtp-lint --fix, smtp-lint probe --from', { timeout: 40_000 }, async () => {
    mkdirSync(ws.path('cli'));
    const path = ws.write(join('cli', 'wp-config.php'), RELAY_WP_CONFIG);
    // Asynchronous: the relay's servers live in this process and must keep answering while the CLI runs.
    const cli = (...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'smtp-lint.js'), ...args], { env: { ...process.env, ...relay.env } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.once('error', reject);
        child.once('close', (status) => resolve({ status, stdout, stderr }));
      });

    const first = await cli('probe', '--from', path, '--timeout', '1500');
    assert.equal(first.status, 1, first.stdout + first.stderr);
    assert.match(first.stdout, /FAIL {2}connect +127\.0\.0\.1: timed out/);
    assert.ok(first.stdout.includes(`verdict: timeout: ${BLOCKED_25}`), first.stdout);
    assert.match(first.stdout, new RegExp(`${RELAY_HOST.replace(/\./g, '\\.')}:587 \\(starttls\\): ok: `));

    const fixed = await cli('--fix', path);
    assert.ok(fixed.status === 0 || fixed.status === 1, fixed.stderr);
    assert.match(readFileSync(path, 'utf8'), /define\( 'WPMS_SMTP_PORT', 587 \);/);

    const second = await cli('probe', '--from', path, '--timeout', '1500');
    assert.equal(second.status, 0, second.stdout + second.stderr);
    assert.match(second.stdout, /verdict: ok: relay\.example\.test:587 works: STARTTLS upgraded to TLSv1\.[23], and the certificate is valid for relay\.example\.test/);
    for (const out of [first, fixed, second]) assert.ok(!`${out.stdout}${out.stderr}`.includes(RELAY_PASSWORD), 'the password leaked');
  });
});
