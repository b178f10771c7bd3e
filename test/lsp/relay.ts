// A stand-in for a remote relay, on loopback only, for the "Test connection" flow of issue 7:
//   - the name relay.example.test resolves to 127.0.0.1 through the probe's SMTP_LINT_PROBE_HOSTS test hook
//     (a realistic remote name: the linter's rules treat localhost and 127.0.0.1 as local relays, so port-25 would
//     not fire for them);
//   - its certificate is signed by a test CA that the probing process trusts through NODE_EXTRA_CA_CERTS (Node's
//     own variable; the probe keeps full chain and host-name verification);
//   - 127.0.0.1:25 drops connection attempts the way a firewall does (a listener that never accepts, with its
//     backlog full, so the kernel ignores new SYNs and connect() times out);
//   - 127.0.0.1:587 answers with smtp-server (STARTTLS, the CA-signed certificate);
//   - 127.0.0.1:465 is left alone (nothing listens: refused).
// Shared by the protocol tests, the CLI flow test and the editor suite. Nothing here contacts another address.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { join } from 'node:path';
import { LOOPBACK, makeTempDir, removeTempDir, startSmtpServer, type TestCertificate, type TestSmtpServer } from '../probe/servers';

export const RELAY_HOST = 'relay.example.test';
/** The value of SMTP_LINT_PROBE_HOSTS for the relay. */
export const RELAY_HOSTS_HOOK = `${RELAY_HOST}=${LOOPBACK}`;

export interface TestCa {
  /** PEM of the CA certificate: what NODE_EXTRA_CA_CERTS points at. */
  caPath: string;
  /** A server certificate for `host`, signed by the CA (`certPath` is the leaf). */
  leaf: TestCertificate;
}

/** A test CA and a server certificate for `host` (with `extraAltNames`, e.g. `IP:127.0.0.1`), made with openssl. */
export function makeCaSignedCertificate(dir: string, host: string, extraAltNames = ''): TestCa {
  const p = (name: string): string => join(dir, name);
  const run = (args: string[]): void => {
    execFileSync('openssl', args, { stdio: 'ignore' });
  };
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=smtp-lint test CA', '-keyout', p('ca.key.pem'), '-out', p('ca.cert.pem')]);
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${host}`, '-keyout', p('relay.key.pem'), '-out', p('relay.csr.pem')]);
  const altNames = [`DNS:${host}`, ...(extraAltNames ? [extraAltNames] : [])].join(',');
  writeFileSync(p('relay.ext'), `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\n`);
  run(['x509', '-req', '-in', p('relay.csr.pem'), '-CA', p('ca.cert.pem'), '-CAkey', p('ca.key.pem'), '-CAcreateserial', '-days', '2', '-extfile', p('relay.ext'), '-out', p('relay.cert.pem')]);
  return {
    caPath: p('ca.cert.pem'),
    leaf: { key: readFileSync(p('relay.key.pem'), 'utf8'), cert: readFileSync(p('relay.cert.pem'), 'utf8'), certPath: p('relay.cert.pem') },
  };
}

/** Retry `bind` while the port is taken (another test run holding 25/587 for a moment), up to `ms`. */
async function bindWithRetry<T>(what: string, bind: () => Promise<T>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await bind();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > until) {
        throw new Error(`cannot bind ${what}: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export interface Closable {
  close(): Promise<void>;
}

/** How long an orphaned black-hole process may live if the test process dies without killing it. */
const BLACKHOLE_LIFETIME_MS = 180_000;

/**
 * A port where connection attempts time out, as behind a firewall that drops packets. A child process listens
 * with a backlog of 1 and then blocks its event loop, so it never accepts; two connections fill the accept queue,
 * after which Linux drops every new SYN and connect() hangs until the client gives up.
 */
export async function startBlackhole(port: number): Promise<Closable> {
  const script = `
    const server = require('net').createServer();
    server.on('error', (e) => { process.stdout.write('error ' + e.code + '\\n'); process.exit(1); });
    server.listen({ port: ${port}, host: '${LOOPBACK}', backlog: 1 }, () => {
      process.stdout.write('ready\\n');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${BLACKHOLE_LIFETIME_MS});
      process.exit(0);
    });`;
  const child = await bindWithRetry(`${LOOPBACK}:${port}`, () => spawnListener(script));
  const fillers: net.Socket[] = [];
  const stop = async (): Promise<void> => {
    for (const s of fillers) s.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  };
  try {
    // Fill the accept queue until an attempt hangs: from then on, every SYN to the port is dropped.
    for (let i = 0; i < 8; i++) {
      const socket = net.connect({ port, host: LOOPBACK });
      socket.on('error', () => undefined);
      fillers.push(socket);
      const connected = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 300);
        socket.once('connect', () => {
          clearTimeout(timer);
          resolve(true);
        });
      });
      if (!connected) return { close: stop };
    }
    throw new Error(`${LOOPBACK}:${port} kept accepting connections: the black hole does not work on this system`);
  } catch (e) {
    await stop();
    throw e;
  }
}

function spawnListener(script: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    // ELECTRON_RUN_AS_NODE: inside a desktop VS Code extension host, process.execPath is Electron.
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve(child);
      const m = /error (\w+)/.exec(out);
      if (m) reject(Object.assign(new Error(`listen failed: ${m[1]}`), { code: m[1] }));
    });
    child.once('exit', (code) => reject(Object.assign(new Error(`the listener exited (${code}): ${out}`), { code: /error (\w+)/.exec(out)?.[1] })));
  });
}

/** Listen on `port` and pass every connection through to `toPort` (both loopback): smtp-server on a fixed port. */
export function forwardPort(port: number, toPort: number): Promise<Closable> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect({ port: toPort, host: LOOPBACK });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  return bindWithRetry(`${LOOPBACK}:${port}`, () =>
    new Promise<Closable>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK, () => {
        server.off('error', reject);
        resolve({
          close: () =>
            new Promise<void>((done) => {
              for (const s of sockets) s.destroy();
              server.close(() => done());
            }),
        });
      });
    }),
  );
}

export interface TestRelay {
  /** NODE_EXTRA_CA_CERTS and SMTP_LINT_PROBE_HOSTS for the process that probes (server or CLI). */
  env: { NODE_EXTRA_CA_CERTS: string; SMTP_LINT_PROBE_HOSTS: string };
  /** The smtp-server behind port 587 (its command log proves what the probe sent). */
  smtp: TestSmtpServer;
  close(): Promise<void>;
}

/**
 * relay.example.test on loopback: port 25 drops connections (timeout), port 587 answers with STARTTLS and a
 * certificate for relay.example.test signed by a test CA.
 */
export async function startRelay(certificates?: TestCa): Promise<TestRelay> {
  // Without certificates, make them in a temporary folder that close() removes; given ones belong to the caller
  // (scripts/test-editor.mjs makes them before code-server starts, so its environment can name the CA).
  const dir = certificates ? undefined : makeTempDir();
  const closables: Closable[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(closables.map((c) => c.close()));
    if (dir) removeTempDir(dir);
  };
  try {
    const { caPath, leaf } = certificates ?? makeCaSignedCertificate(dir!, RELAY_HOST);
    const smtp = await startSmtpServer({ certificate: leaf });
    closables.push(smtp);
    closables.push(await forwardPort(587, smtp.port));
    closables.push(await startBlackhole(25));
    return { env: { NODE_EXTRA_CA_CERTS: caPath, SMTP_LINT_PROBE_HOSTS: RELAY_HOSTS_HOOK }, smtp, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** wp-config.php with WP Mail SMTP sending to relay.example.test on port 25 (opportunistic TLS) with a password. */
export const RELAY_PASSWORD = 'Rl4y-pl41ntext-W0rdPress-pass';
export const RELAY_WP_CONFIG = [
  '<?php',
  "define( 'DB_NAME', 'wordpress' );",
  "define( 'WPMS_ON', true );",
  "define( 'WPMS_MAILER', 'smtp' );",
  `define( 'WPMS_SMTP_HOST', '${RELAY_HOST}' );`,
  "define( 'WPMS_SMTP_PORT', 25 );",
  "define( 'WPMS_SSL', '' );",
  "define( 'WPMS_SMTP_AUTH', true );",
  "define( 'WPMS_SMTP_USER', 'wordpress@example.test' );",
  `define( 'WPMS_SMTP_PASS', '${RELAY_PASSWORD}' );`,
  "require_once ABSPATH . 'wp-settings.php';",
  '',
].join('\n');
