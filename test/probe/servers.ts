// Loopback-only SMTP servers for the probe tests: a real smtp-server with certificates made at test time,
// a socket that accepts and stays silent, a scripted fake, and a port with nothing listening.
// Everything binds 127.0.0.1; nothing here ever contacts another address.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export const LOOPBACK = '127.0.0.1';

export interface TestCertificate {
  key: string;
  cert: string;
  /** The PEM file (self-signed, so it is also the CA to trust). */
  certPath: string;
}

/** Temporary directory for keys and certificates; removed by `removeTempDir`. Keys never leave it. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'smtp-lint-probe-'));
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A self-signed certificate for `cn` with the given subjectAltName, made with openssl. */
export function makeCertificate(dir: string, name: string, cn: string, altNames: string): TestCertificate {
  const keyPath = join(dir, `${name}.key.pem`);
  const certPath = join(dir, `${name}.cert.pem`);
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${cn}`, '-addext', `subjectAltName=${altNames}`, '-keyout', keyPath, '-out', certPath],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), certPath };
}

export interface TestSmtpServer {
  port: number;
  /** Command verbs the server received, in order (EHLO, STARTTLS, QUIT, ...). */
  commands: string[];
  /** Calls of the AUTH/MAIL/RCPT/DATA handlers: must stay empty, the probe never authenticates or sends. */
  handlerCalls: string[];
  close(): Promise<void>;
}

export interface SmtpServerSetup {
  certificate: TestCertificate;
  /** Implicit TLS (SMTPS). */
  secure?: boolean;
  hideSTARTTLS?: boolean;
}

export function startSmtpServer(setup: SmtpServerSetup): Promise<TestSmtpServer> {
  const commands: string[] = [];
  const handlerCalls: string[] = [];
  const record = (what: string) => (_a: unknown, _b: unknown, callback: (err?: Error | null) => void): void => {
    handlerCalls.push(what);
    callback(new Error(`${what} is not allowed in this test`));
  };
  const server = new SMTPServer({
    secure: setup.secure ?? false,
    hideSTARTTLS: setup.hideSTARTTLS ?? false,
    key: setup.certificate.key,
    cert: setup.certificate.cert,
    name: 'probe-test.localhost',
    disableReverseLookup: true, // a reverse lookup of 127.0.0.1 could reach a DNS server
    authMethods: ['PLAIN', 'LOGIN'],
    size: 10 * 1024 * 1024,
    closeTimeout: 200,
    logger: {
      level: () => undefined,
      trace: () => undefined,
      debug: (entry: { tnx?: string; command?: string }) => {
        if (entry?.tnx === 'command' && entry.command) commands.push(entry.command);
      },
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
      fatal: () => undefined,
    },
    onAuth: record('AUTH'),
    onMailFrom: record('MAIL'),
    onRcptTo: record('RCPT'),
    onData: (_stream, _session, callback) => {
      handlerCalls.push('DATA');
      callback(new Error('DATA is not allowed in this test'));
    },
  });
  server.on('error', () => undefined); // a probe that hangs up mid-handshake is expected here
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.server.address() as net.AddressInfo).port;
      resolve({
        port,
        commands,
        handlerCalls,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

export interface TestRawServer {
  port: number;
  /** Sockets currently open on the server side. */
  openSockets(): number;
  /** Resolves once every accepted socket has closed (or after `ms`, returning false). */
  allClosed(ms: number): Promise<boolean>;
  /** Bytes each connection received, as latin1 text. */
  received: string[];
  close(): Promise<void>;
}

/**
 * A raw TCP server. `onConnection` scripts it; without one it accepts and stays silent (a server that never
 * greets, or an implicit-TLS port as seen by a plaintext client).
 */
export function startRawServer(onConnection?: (socket: net.Socket, received: () => string) => void): Promise<TestRawServer> {
  const sockets = new Set<net.Socket>();
  const received: string[] = [];
  const server = net.createServer((socket) => {
    sockets.add(socket);
    const index = received.push('') - 1;
    socket.on('data', (d) => {
      received[index] += d.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection?.(socket, () => received[index]);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        received,
        openSockets: () => sockets.size,
        allClosed: async (ms) => {
          const until = Date.now() + ms;
          while (sockets.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
          return sockets.size === 0;
        },
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A loopback port with nothing listening: bind an ephemeral port, then close it. */
export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}
