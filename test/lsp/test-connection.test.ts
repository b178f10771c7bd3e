// "Test connection" over the protocol, against the real server (node dist/server.js --stdio) and real SMTP servers on
// loopback: which profiles get a code lens, that lenses never connect, that the server refuses an untrusted
// workspace, what a probe reports, and that no secret ever leaves the server.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ResponseError } from 'vscode-languageserver-protocol';
import { TEST_CONNECTION_COMMAND, TEST_CONNECTION_REQUEST, type TestConnectionResult } from '../../server/src/lsp/protocol';
import { parseProbeHosts, probe, PROBE_HOSTS_ENV } from '../../server/src/probe';
import { makeTempDir, removeTempDir, startRawServer, startSmtpServer, type TestRawServer, type TestSmtpServer } from '../probe/servers';
import { CancellationTokenSource, LspHarness } from './harness';
import { makeCaSignedCertificate, RELAY_HOST, RELAY_HOSTS_HOOK } from './relay';
import { PLAIN_ENV, Workspace, engineLint } from './samples';

const DSN_USER = 'mailer-user';
const DSN_PASSWORD = 'Dsn-S3cret-pa55';
const FORBIDDEN = ['AUTH', 'MAIL', 'RCPT', 'DATA', 'BDAT', 'VRFY', 'EXPN'];
const LIMIT = { timeout: 20_000 };

/** A Laravel .env whose MAIL_* profile is inactive (MAIL_MAILER=log) and whose Symfony DSN is active. */
function mixedEnv(port: number): string {
  return [
    'APP_NAME=Shop',
    'MAIL_MAILER=log',
    'MAIL_HOST=smtp.example.com',
    'MAIL_PORT=587',
    `MAILER_DSN=smtp://${DSN_USER}:${DSN_PASSWORD}@${RELAY_HOST}:${port}`,
    '',
  ].join('\n');
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `"${needle}" not in the sample`);
  return text.slice(0, i).split('\n').length - 1;
}

async function refusal(p: Promise<unknown>): Promise<ResponseError> {
  try {
    await p;
  } catch (e) {
    return e as ResponseError;
  }
  assert.fail('the request was not refused');
}

describe('Test connection (protocol)', () => {
  const ws = new Workspace();
  let certDir: string;
  let relay: TestSmtpServer;
  let chatty: TestRawServer;
  let lsp: LspHarness;

  before(async () => {
    certDir = makeTempDir();
    const { caPath, leaf } = makeCaSignedCertificate(certDir, RELAY_HOST);
    relay = await startSmtpServer({ certificate: leaf });
    // A server that repeats the DSN and its password back: the report must still never show them.
    chatty = await startRawServer((socket, received) => {
      socket.write(`220 smtp://${DSN_USER}:${DSN_PASSWORD}@${RELAY_HOST} ready\r\n`);
      socket.on('data', () => {
        const text = received();
        if (/QUIT\r\n$/.test(text)) socket.end('221 bye\r\n');
        else if (/EHLO [^\r]*\r\n$/.test(text)) socket.write(`250-hello ${DSN_PASSWORD}\r\n250 SIZE 1000\r\n`);
      });
    });
    lsp = await LspHarness.start({
      workspaceFolders: [ws.dir],
      env: { NODE_EXTRA_CA_CERTS: caPath, SMTP_LINT_PROBE_HOSTS: RELAY_HOSTS_HOOK },
    });
  });
  after(async () => {
    await lsp.stop();
    await Promise.all([relay.close(), chatty.close()]);
    removeTempDir(certDir);
    ws.dispose();
  });

  test('a lens on the host of each active profile a probe can reach; none for inactive or host-less profiles', async () => {
    const envPath = ws.write('.env', mixedEnv(relay.port));
    const text = mixedEnv(relay.port);
    const profiles = engineLint(envPath, text).parsed?.profiles ?? [];
    const dsn = profiles.findIndex((p) => p.label === 'MAILER_DSN');
    assert.ok(dsn >= 0 && profiles.some((p) => !p.active), 'the sample needs an active DSN and an inactive profile');
    const uri = await lsp.open(envPath, text);
    const lenses = await lsp.codeLenses(uri);
    assert.equal(lenses.length, 1, JSON.stringify(lenses));
    assert.equal(lenses[0].range.start.line, lineOf(text, 'MAILER_DSN='));
    assert.deepEqual(lenses[0].command, { title: 'Test connection', command: TEST_CONNECTION_COMMAND, arguments: [uri, dsn] });

    const inactive = ["<?php", "define( 'WPMS_ON', false );", "define( 'WPMS_MAILER', 'smtp' );", `define( 'WPMS_SMTP_HOST', '${RELAY_HOST}' );`, "define( 'WPMS_SMTP_PORT', 25 );", ''].join('\n');
    assert.deepEqual(await lsp.codeLenses(await lsp.open(ws.write('wp-config.php', inactive), inactive)), []);

    const hostFromEnv = ["<?php", "define( 'WPMS_ON', true );", "define( 'WPMS_MAILER', 'smtp' );", "define( 'WPMS_SMTP_HOST', getenv( 'SMTP_HOST' ) );", "define( 'WPMS_SMTP_PORT', 587 );", ''].join('\n');
    assert.deepEqual(await lsp.codeLenses(await lsp.open(ws.path('wp-config-env.php'), hostFromEnv)), []);

    // A local relay (a Postfix on this machine) is a valid target: it gets a lens although no rule fires for it.
    const local = 'SMTP_HOST=localhost\nSMTP_PORT=25\n';
    const localUri = await lsp.open(ws.write('local.env', local), local);
    assert.deepEqual(await lsp.diagnostics(localUri), []);
    const localLenses = await lsp.codeLenses(localUri);
    assert.equal(localLenses.length, 1);
    assert.equal(localLenses[0].range.start.line, lineOf(local, 'SMTP_HOST'));

    assert.deepEqual(await lsp.codeLenses(await lsp.open(ws.write('plain.env', PLAIN_ENV), PLAIN_ENV)), []);
  });

  test('smtpLint.codeLens.testConnection: false removes the lenses, and a settings change asks for new ones', async () => {
    const text = mixedEnv(relay.port);
    const uri = await lsp.open(ws.write('lens-setting.env', text), text);
    assert.equal((await lsp.codeLenses(uri)).length, 1);
    const before = lsp.codeLensRefreshRequests;
    await lsp.changeSettings(() => ({ codeLens: { testConnection: false } }));
    await lsp.nextRefresh();
    assert.ok(lsp.codeLensRefreshRequests > before, 'no workspace/codeLens/refresh after the settings change');
    assert.deepEqual(await lsp.codeLenses(uri), []);
    await lsp.changeSettings(() => ({}));
    await lsp.nextRefresh();
    assert.equal((await lsp.codeLenses(uri)).length, 1);
  });

  test('nothing connects until asked; an untrusted workspace is refused without connecting', LIMIT, async () => {
    const text = mixedEnv(relay.port);
    const uri = await lsp.open(ws.write('untrusted.env', text), text);
    const commandsBefore = relay.commands.length;
    await lsp.diagnostics(uri);
    const [lens] = await lsp.codeLenses(uri);
    await lsp.hover(uri, text.indexOf(RELAY_HOST) + 2);
    for (const params of [
      { uri, profile: lens.command!.arguments![1], workspaceTrusted: false },
      { uri, profile: lens.command!.arguments![1] },
      { uri, workspaceTrusted: 'yes' },
    ]) {
      const e = await refusal(lsp.request(TEST_CONNECTION_REQUEST, params));
      assert.equal(e.code, -32803, String(e));
      assert.match(e.message, /untrusted workspace/);
    }
    // Give a stray connection time to show up: there must be none.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(relay.commands.length, commandsBefore, `the relay was contacted: ${relay.commands.slice(commandsBefore).join(', ')}`);
  });

  test('the lens\'s request probes that profile: steps, verdict and summary in the linter\'s words', LIMIT, async () => {
    const text = mixedEnv(relay.port);
    const uri = await lsp.open(ws.write('probe.env', text), text);
    const [lens] = await lsp.codeLenses(uri);
    const [lensUri, profile] = lens.command!.arguments as [string, number];
    const commandsBefore = relay.commands.length;
    const r = await lsp.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, { uri: lensUri, profile, workspaceTrusted: true });
    assert.equal(r.reports.length, 1);
    assert.deepEqual(r.skipped, [], 'a lens names one profile: nothing else is reported as skipped');
    const report = r.reports[0];
    assert.equal(report.profile, profile);
    assert.deepEqual(report.target, { host: RELAY_HOST, port: relay.port, mode: 'starttls' });
    assert.equal(report.verdict, 'ok', report.lines.join('\n'));
    assert.match(report.summary, new RegExp(`^${RELAY_HOST}:${relay.port} works: STARTTLS upgraded to TLSv1\\.[23], and the certificate is valid for ${RELAY_HOST}`));
    assert.equal(report.message, report.summary);
    // One line per step, the hook named in the DNS step, the certificate in the TLS step.
    const steps = ['dns', 'connect', 'greeting', 'ehlo', 'starttls', 'tls', 'ehlo-tls', 'quit'];
    for (const s of steps) assert.ok(report.lines.some((l) => new RegExp(`^  ok    ${s} `).test(l)), `no "${s}" line in:\n${report.lines.join('\n')}`);
    assert.ok(report.lines.some((l) => l.includes('127.0.0.1 (from SMTP_LINT_PROBE_HOSTS, not DNS)')));
    assert.ok(report.lines.some((l) => /tls .*issued by CN=smtp-lint test CA/.test(l)));
    assert.deepEqual(report.alternatives, []);
    const received = relay.commands.slice(commandsBefore).map((c) => c.split(' ')[0].toUpperCase());
    assert.deepEqual(received, ['EHLO', 'STARTTLS', 'EHLO', 'QUIT']);
    assert.ok(!received.some((c) => FORBIDDEN.includes(c)));
    assert.deepEqual(relay.handlerCalls, []);
  });

  test('from the palette (no profile): every testable profile is probed, the others are listed with the reason', LIMIT, async () => {
    const text = mixedEnv(relay.port);
    const uri = await lsp.open(ws.write('palette.env', text), text);
    const r = await lsp.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, { uri, workspaceTrusted: true });
    assert.deepEqual(r.reports.map((x) => [x.label, x.verdict]), [['MAILER_DSN', 'ok']]);
    assert.equal(r.skipped.length, 1);
    assert.match(r.skipped[0].reason, /^not active: MAIL_MAILER is "log"/);
  });

  test('no password or DSN user info in the report, even when the server repeats them', LIMIT, async () => {
    const text = mixedEnv(chatty.port);
    const uri = await lsp.open(ws.write('redact.env', text), text);
    const r = await lsp.request<TestConnectionResult>(TEST_CONNECTION_REQUEST, { uri, workspaceTrusted: true });
    const report = r.reports[0];
    assert.equal(report.verdict, 'no-starttls');
    assert.ok(report.lines.some((l) => /greeting .*\*\*\*\*/.test(l)), `the greeting line is not masked:\n${report.lines.join('\n')}`);
    const everything = JSON.stringify(r) + lsp.logs.join('\n') + lsp.serverStderr;
    assert.ok(!everything.includes(DSN_PASSWORD), 'the DSN password leaked');
    assert.ok(!everything.includes(`${DSN_USER}:`), 'the DSN user info leaked');
    assert.ok(report.lines.some((l) => l.includes('smtp://****@')), 'the echoed DSN is not masked');
  });

  test('a cancelled request is answered at once, while the probe still waits for a silent server', LIMIT, async () => {
    const silent = await startRawServer();
    try {
      const text = mixedEnv(silent.port);
      const uri = await lsp.open(ws.write('cancel.env', text), text);
      const source = new CancellationTokenSource();
      const started = Date.now();
      const pending = lsp.request(TEST_CONNECTION_REQUEST, { uri, workspaceTrusted: true }, source);
      await silent.allClosed(0).then(() => new Promise((r) => setTimeout(r, 300)));
      assert.equal(silent.openSockets(), 1, 'the probe should be connected and waiting for the greeting');
      source.cancel();
      const e = await refusal(pending);
      assert.equal(e.code, -32800, String(e));
      assert.ok(Date.now() - started < 3000, 'the answer waited for the probe');
    } finally {
      await silent.close();
    }
  });

  test('a file without mail settings, or one that is not open, is answered with a reason, not a probe', async () => {
    const plainUri = await lsp.open(ws.write('nothing.env', PLAIN_ENV), PLAIN_ENV);
    const e = await refusal(lsp.request(TEST_CONNECTION_REQUEST, { uri: plainUri, workspaceTrusted: true }));
    assert.match(e.message, /^Nothing to test in nothing\.env: not linted: no mail settings found/);
    const closed = await refusal(lsp.request(TEST_CONNECTION_REQUEST, { uri: `${plainUri}.missing`, workspaceTrusted: true }));
    assert.match(closed.message, /Open the file first/);
  });
});

describe('SMTP_LINT_PROBE_HOSTS (the probe\'s test hook)', () => {
  test('maps names to IP literals only; names are case-insensitive; malformed entries are ignored', () => {
    const hosts = parseProbeHosts(' Relay.Example.Test.=127.0.0.1, relay.example.test=[::1] other=not-an-ip =127.0.0.2 bare ');
    assert.deepEqual([...hosts.keys()], ['relay.example.test']);
    assert.deepEqual(hosts.get('relay.example.test'), [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    assert.equal(parseProbeHosts(undefined).size, 0);
  });

  test('read from the probing process\'s environment only, and named in the DNS step', async () => {
    const closed = await startRawServer((socket) => socket.destroy());
    const previous = process.env[PROBE_HOSTS_ENV];
    try {
      process.env[PROBE_HOSTS_ENV] = `${RELAY_HOST}=127.0.0.1`;
      const hooked = await probe({ host: RELAY_HOST, port: closed.port, mode: 'plain' }, { connectTimeoutMs: 1000, replyTimeoutMs: 1000 });
      assert.equal(hooked.steps[0].detail, '127.0.0.1 (from SMTP_LINT_PROBE_HOSTS, not DNS)');
      assert.equal(hooked.connectedAddress, '127.0.0.1');
      // An explicit lookup (what in-process tests pass) wins over the environment.
      const explicit = await probe(
        { host: RELAY_HOST, port: closed.port, mode: 'plain' },
        { connectTimeoutMs: 1000, replyTimeoutMs: 1000, lookup: async () => { throw Object.assign(new Error('no'), { code: 'ENOTFOUND' }); } },
      );
      assert.equal(explicit.verdict, 'dns-failed');
    } finally {
      if (previous === undefined) delete process.env[PROBE_HOSTS_ENV];
      else process.env[PROBE_HOSTS_ENV] = previous;
      await closed.close();
    }
  });
});
