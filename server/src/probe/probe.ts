// Connects to an SMTP server the way a mail library would and reports each step: DNS, TCP, greeting, EHLO,
// STARTTLS or implicit TLS with full certificate and host-name verification, EHLO again, QUIT.
// It only ever sends EHLO/HELO, STARTTLS and QUIT: never credentials, never mail.
import { promises as dns } from 'node:dns';
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import * as tls from 'node:tls';
import { describeExtensions, parseExtensions, ReplyError, ReplyReader, replyText, sanitise, type SmtpReply } from './replies';
import { hookedAddresses, PROBE_HOSTS_ENV } from './test-hooks';
import { classifyTlsError, describeCertificate } from './tls-errors';
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_OVERALL_TIMEOUT_MS,
  DEFAULT_REPLY_TIMEOUT_MS,
  type LookupAddress,
  type ProbeOptions,
  type ProbeResult,
  type ProbeStep,
  type ProbeStepName,
  type ProbeTarget,
  type ProbeVerdict,
  type SmtpExtensions,
  type TlsDetails,
} from './types';

/** Ports where a plaintext greeting is not expected: the server waits for a TLS ClientHello. */
const IMPLICIT_TLS_PORTS = new Set([465, 2465, 8465, 443]);
/** Waiting for the reply to QUIT is a courtesy; it never decides the verdict, so it gets little time. */
const QUIT_WAIT_MS = 2000;

/** Ends the session with a verdict; the failed step is already recorded. */
class ProbeFailure extends Error {
  constructor(
    readonly verdict: Exclude<ProbeVerdict, 'ok'>,
    readonly summary: string,
  ) {
    super(summary);
  }
}

class TimeoutError extends Error {}

/** `[::1]` → `::1`: tls and net want the bare address. */
export function bareHost(host: string): string {
  const h = host.trim();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function assertTarget(target: ProbeTarget): void {
  if (!target || typeof target.host !== 'string' || bareHost(target.host) === '') {
    throw new TypeError('probe: target.host must be a non-empty host name or address');
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new RangeError(`probe: target.port must be an integer from 1 to 65535, got ${String(target.port)}`);
  }
  if (target.mode !== 'starttls' && target.mode !== 'tls' && target.mode !== 'plain') {
    throw new TypeError(`probe: target.mode must be starttls, tls or plain, got ${String(target.mode)}`);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), Math.max(0, ms));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

const noop = (): void => undefined;

async function systemLookup(host: string): Promise<LookupAddress[]> {
  return dns.lookup(host, { all: true });
}

function formatAddress(a: LookupAddress): string {
  return a.family === 6 ? `[${a.address}]` : a.address;
}

/** `[192.0.2.1]` or `[IPv6:2001:db8::1]`: an EHLO argument that is always syntactically valid (RFC 5321 §4.1.3). */
function addressLiteral(address: string | undefined): string {
  if (!address) return '[127.0.0.1]';
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4mapped) return `[${v4mapped[1]}]`;
  return net.isIPv6(address) ? `[IPv6:${address}]` : `[${address}]`;
}

type ConnectFailureKind = 'refused' | 'timeout' | 'unreachable';

function classifyConnectError(err: unknown): { kind: ConnectFailureKind; text: string } {
  if (err instanceof TimeoutError) return { kind: 'timeout', text: err.message };
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ECONNREFUSED':
      return { kind: 'refused', text: 'refused (ECONNREFUSED): nothing listens on this port' };
    case 'ETIMEDOUT':
      return { kind: 'timeout', text: 'timed out (ETIMEDOUT)' };
    case 'EHOSTUNREACH':
    case 'EHOSTDOWN':
      return { kind: 'unreachable', text: `host unreachable (${e.code})` };
    case 'ENETUNREACH':
    case 'ENETDOWN':
    case 'EADDRNOTAVAIL':
    case 'EAFNOSUPPORT':
      return { kind: 'unreachable', text: `network unreachable (${e.code})` };
    default:
      return { kind: 'unreachable', text: `connection failed (${e.code ?? sanitise(String(e.message ?? e), 80)})` };
  }
}

export async function probe(target: ProbeTarget, options: ProbeOptions = {}): Promise<ProbeResult> {
  assertTarget(target);
  return new ProbeRun(target, options).run();
}

class ProbeRun {
  private readonly steps: ProbeStep[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly reader = new ReplyReader();
  private readonly started = performance.now();
  private readonly deadline: number;
  private readonly connectTimeoutMs: number;
  private readonly replyTimeoutMs: number;
  private readonly overallTimeoutMs: number;
  private readonly host: string;
  /** The socket commands go to: the TCP socket, then the TLS socket. */
  private current?: net.Socket;
  private addresses?: string[];
  private connectedAddress?: string;
  private extensions?: SmtpExtensions;
  private tlsDetails?: TlsDetails;

  constructor(
    private readonly target: ProbeTarget,
    private readonly options: ProbeOptions,
  ) {
    this.connectTimeoutMs = positive(options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS);
    this.replyTimeoutMs = positive(options.replyTimeoutMs, DEFAULT_REPLY_TIMEOUT_MS);
    this.overallTimeoutMs = positive(options.overallTimeoutMs, DEFAULT_OVERALL_TIMEOUT_MS);
    this.deadline = this.started + this.overallTimeoutMs;
    this.host = bareHost(target.host);
  }

  async run(): Promise<ProbeResult> {
    let verdict: ProbeVerdict;
    let summary: string;
    try {
      summary = await this.session();
      verdict = 'ok';
    } catch (e) {
      if (e instanceof ProbeFailure) {
        verdict = e.verdict;
        summary = e.summary;
      } else {
        // A bug here must still produce a result, never an unhandled rejection.
        verdict = 'protocol-error';
        summary = `the probe failed unexpectedly: ${sanitise(String((e as Error)?.message ?? e))}`;
      }
    } finally {
      this.cleanup();
    }
    const result: ProbeResult = {
      target: { ...this.target },
      steps: this.steps,
      verdict,
      summary,
      ms: Math.round(performance.now() - this.started),
    };
    if (this.addresses) result.addresses = this.addresses;
    if (this.connectedAddress) result.connectedAddress = this.connectedAddress;
    if (this.extensions) result.extensions = this.extensions;
    if (this.tlsDetails) result.tls = this.tlsDetails;
    return result;
  }

  /** Runs the steps; returns the success summary or throws ProbeFailure. */
  private async session(): Promise<string> {
    const { port, mode } = this.target;
    const addresses = await this.resolve();
    const socket = await this.connect(addresses);
    if (mode === 'tls') {
      const secure = await this.handshake(socket);
      this.reader.attach(secure);
      this.current = secure;
      await this.greeting();
      await this.ehlo('ehlo');
      await this.quit();
      return `${this.target.host}:${port} works: implicit TLS (${this.tlsDetails?.version ?? 'TLS'}), ${this.certSentence()}`;
    }
    this.reader.attach(socket);
    this.current = socket;
    await this.greeting();
    const ext = await this.ehlo('ehlo');
    if (mode === 'plain') {
      await this.quit();
      return `${this.target.host}:${port} answered in plaintext (mode plain)${
        ext.starttls ? '; it also offers STARTTLS, which this mode does not use' : ' and does not offer STARTTLS'
      }`;
    }
    await this.startTls(ext, socket);
    await this.ehlo('ehlo-tls');
    await this.quit();
    return `${this.target.host}:${port} works: STARTTLS upgraded to ${this.tlsDetails?.version ?? 'TLS'}, ${this.certSentence()}`;
  }

  private certSentence(): string {
    const t = this.tlsDetails;
    const until = t?.validTo ? ` until ${t.validTo}` : '';
    const issuer = t?.issuer ? ` (issued by ${t.issuer})` : '';
    return `and the certificate is valid for ${this.host}${until}${issuer}`;
  }

  // ---- steps ----

  private async resolve(): Promise<LookupAddress[]> {
    const t0 = performance.now();
    const { ms } = this.limit(this.connectTimeoutMs);
    // An explicit lookup (tests in-process) wins; otherwise the environment's test hook, then DNS.
    const hooked = this.options.lookup ? undefined : hookedAddresses(this.host);
    const lookup = this.options.lookup ?? (hooked ? async () => hooked : systemLookup);
    let found: LookupAddress[];
    try {
      found = await withTimeout(lookup(this.host), ms);
    } catch (e) {
      const code = e instanceof TimeoutError ? 'timeout' : ((e as NodeJS.ErrnoException).code ?? 'error');
      const why =
        code === 'timeout'
          ? `no DNS answer within ${ms} ms`
          : code === 'ENOTFOUND'
            ? 'the name does not exist (ENOTFOUND)'
            : code === 'EAI_AGAIN'
              ? 'the DNS lookup failed temporarily (EAI_AGAIN): is a DNS server reachable?'
              : `the DNS lookup failed (${code})`;
      this.record('dns', false, why, t0, code === 'ENOTFOUND' ? 'not-found' : code);
      throw new ProbeFailure('dns-failed', `${this.host} could not be resolved: ${why}; check the host name`);
    }
    if (found.length === 0) {
      this.record('dns', false, 'the name has no addresses', t0, 'no-addresses');
      throw new ProbeFailure('dns-failed', `${this.host} has no addresses; check the host name`);
    }
    this.addresses = found.map((a) => a.address);
    const literal = net.isIP(this.host) !== 0;
    const detail = hooked
      ? `${found.map(formatAddress).join(', ')} (from ${PROBE_HOSTS_ENV}, not DNS)`
      : literal
        ? `${this.host} (an address, no lookup needed)`
        : found.map(formatAddress).join(', ');
    this.record('dns', true, detail, t0);
    return found;
  }

  private async connect(addresses: LookupAddress[]): Promise<net.Socket> {
    const t0 = performance.now();
    const failures: { address: LookupAddress; kind: ConnectFailureKind; text: string }[] = [];
    // Try each address in turn, as mail libraries do; a host with a dead IPv6 route still works over IPv4.
    for (const address of addresses) {
      const { ms } = this.limit(this.connectTimeoutMs);
      if (ms <= 0) break;
      try {
        const socket = await this.connectOne(address, ms);
        this.connectedAddress = address.address;
        const earlier = failures.map((f) => `${formatAddress(f.address)} ${f.text}`).join('; ');
        this.record('connect', true, `connected to ${formatAddress(address)}:${this.target.port}${earlier ? ` (after ${earlier})` : ''}`, t0);
        return socket;
      } catch (e) {
        failures.push({ address, ...classifyConnectError(e) });
      }
    }
    const port = this.target.port;
    const kind: ConnectFailureKind = failures.length === 0 || failures.some((f) => f.kind === 'timeout')
      ? 'timeout'
      : failures.some((f) => f.kind === 'refused')
        ? 'refused'
        : 'unreachable';
    const detail = failures.length
      ? failures.map((f) => `${formatAddress(f.address)}: ${f.text}`).join('; ')
      : `the overall limit of ${this.overallTimeoutMs} ms ran out`;
    this.record('connect', false, detail, t0, kind);
    switch (kind) {
      case 'timeout':
        throw new ProbeFailure(
          'timeout',
          port === 25
            ? 'port 25 timed out: outbound 25 is probably blocked here'
            : `port ${port} timed out: nothing answered within ${this.connectTimeoutMs} ms, so a firewall probably drops the connection`,
        );
      case 'refused':
        throw new ProbeFailure('refused', `port ${port} refused the connection: nothing listens there on ${this.host}`);
      default:
        throw new ProbeFailure('unreachable', `${this.host} is unreachable from here: ${failures[failures.length - 1].text}`);
    }
  }

  private connectOne(address: LookupAddress, ms: number): Promise<net.Socket> {
    return new Promise<net.Socket>((resolve, reject) => {
      const socket = net.connect({ host: address.address, port: this.target.port, family: address.family });
      this.sockets.add(socket);
      socket.on('error', noop); // later errors are reported through the reader, never thrown
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TimeoutError(`timed out: no answer within ${ms} ms`));
      }, ms);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.off('error', onError);
        socket.setNoDelay(true);
        resolve(socket);
      });
      const onError = (err: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', onError);
    });
  }

  private async greeting(): Promise<void> {
    const t0 = performance.now();
    const { port, mode } = this.target;
    const { ms, overall } = this.limit(this.replyTimeoutMs);
    let reply: SmtpReply;
    try {
      reply = await this.reader.read(ms, 'greeting');
    } catch (e) {
      const err = asReplyError(e);
      if (err.kind === 'timeout') {
        this.record('greeting', false, `${err.message}${overall ? ' (the overall limit ran out)' : ''}`, t0, 'timeout');
        const hint =
          mode === 'tls'
            ? 'TLS worked but the server stayed silent'
            : IMPLICIT_TLS_PORTS.has(port)
              ? 'it expects implicit TLS (mode tls), not a plaintext start'
              : 'the server is stuck, or the port expects implicit TLS (mode tls)';
        throw new ProbeFailure('timeout', `port ${port} accepted the connection but sent no greeting within ${ms} ms: ${hint}`);
      }
      this.record('greeting', false, err.message, t0, err.kind);
      throw new ProbeFailure(
        'protocol-error',
        err.kind === 'closed'
          ? `port ${port} accepted the connection but closed it without a greeting: a proxy with nothing behind it, or a server that rejects this client`
          : `port ${port} answered, but ${err.message}`,
      );
    }
    if (reply.code !== 220) {
      this.record('greeting', false, replyText(reply), t0, 'rejected');
      throw new ProbeFailure('protocol-error', `port ${port} greeted with ${reply.code} instead of 220: the server refuses this client (${replyText(reply)})`);
    }
    this.record('greeting', true, replyText(reply), t0);
  }

  /** EHLO (HELO when EHLO is refused); records `step` and returns the extensions. */
  private async ehlo(step: 'ehlo' | 'ehlo-tls'): Promise<SmtpExtensions> {
    const t0 = performance.now();
    const name = this.options.ehloName ?? addressLiteral(this.current?.localAddress);
    let reply = await this.command(`EHLO ${name}`, step, t0);
    if (reply.code >= 500 && reply.code < 600) {
      // Very old servers know only HELO: no extensions, so no STARTTLS and no AUTH.
      const refused = replyText(reply);
      reply = await this.command(`HELO ${name}`, step, t0);
      if (reply.code === 250) {
        this.extensions = parseExtensions({ code: 250, lines: [reply.lines[0] ?? ''] });
        this.record(step, true, `EHLO refused (${refused}); HELO accepted: the server offers no extensions`, t0);
        return this.extensions;
      }
    }
    if (reply.code !== 250) {
      this.record(step, false, replyText(reply), t0, 'rejected');
      throw new ProbeFailure('protocol-error', `port ${this.target.port} rejected EHLO: ${replyText(reply)}`);
    }
    const ext = parseExtensions(reply);
    this.extensions = ext;
    const domain = sanitise(reply.lines[0] ?? '', 60);
    this.record(step, true, `${domain ? `${domain}: ` : ''}${describeExtensions(ext)}`, t0);
    return ext;
  }

  private async startTls(ext: SmtpExtensions, socket: net.Socket): Promise<void> {
    const t0 = performance.now();
    const port = this.target.port;
    if (!ext.starttls) {
      this.record('starttls', false, 'the server does not offer STARTTLS', t0, 'not-offered');
      await this.quit();
      throw new ProbeFailure('no-starttls', `port ${port} answered but does not offer STARTTLS: mail and passwords would cross the network unencrypted`);
    }
    const reply = await this.command('STARTTLS', 'starttls', t0);
    if (reply.code !== 220) {
      this.record('starttls', false, replyText(reply), t0, 'rejected');
      await this.quit();
      throw new ProbeFailure('tls-failed', `port ${port} offers STARTTLS but refused it: ${replyText(reply)}`);
    }
    if (this.reader.hasUnreadData()) {
      // Bytes after "220 ready" would be read as if they came through TLS (CVE-2011-0411 class): never continue.
      this.record('starttls', false, 'the server sent data after its STARTTLS reply, before the TLS handshake', t0, 'injection');
      throw new ProbeFailure('protocol-error', `port ${port} sent data after its STARTTLS reply: refusing to continue`);
    }
    this.record('starttls', true, replyText(reply), t0);
    this.reader.detach();
    const secure = await this.handshake(socket);
    this.reader.attach(secure);
    this.current = secure;
  }

  private handshake(socket: net.Socket): Promise<tls.TLSSocket> {
    const t0 = performance.now();
    const { ms, overall } = this.limit(this.replyTimeoutMs);
    const port = this.target.port;
    const host = this.host;
    let seen: TlsDetails | undefined;
    return new Promise<tls.TLSSocket>((resolve, reject) => {
      let settled = false;
      const secure = tls.connect({
        socket,
        host,
        // SNI takes names only; for an address literal, verification matches the certificate's IP entries.
        servername: net.isIP(host) ? undefined : host,
        ca: this.options.ca,
        rejectUnauthorized: true,
        checkServerIdentity: (name, cert) => {
          seen = describeCertificate(cert);
          return tls.checkServerIdentity(name, cert);
        },
      });
      this.sockets.add(secure);
      secure.on('error', noop);
      // Node's internal 'secure' event fires before verification; it lets a failure name the certificate it saw.
      // Without it (another Node version), failures are reported without the certificate details.
      secure.prependListener('secure', () => {
        try {
          seen ??= describeCertificate(secure.getPeerCertificate());
        } catch {
          /* details are optional */
        }
      });
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        secure.off('error', onError);
        secure.off('close', onClose);
        return true;
      };
      const fail = (code: string, reason: string, verdict: 'tls-failed' | 'timeout' = 'tls-failed', errorCode?: string): void => {
        if (!finish()) return;
        if (seen) this.tlsDetails = seen;
        // The step keeps Node's/OpenSSL's own code too (ERR_TLS_CERT_ALTNAME_INVALID): it is what people search for.
        this.record('tls', false, errorCode ? `${reason} [${errorCode}]` : reason, t0, code);
        secure.destroy();
        reject(new ProbeFailure(verdict, verdict === 'timeout' ? `port ${port}: ${reason}` : `TLS on port ${port} failed: ${reason}`));
      };
      const onError = (err: NodeJS.ErrnoException & { reason?: string }): void => {
        const failure = classifyTlsError(err, host, seen);
        fail(failure.kind, failure.reason, 'tls-failed', typeof err.code === 'string' ? err.code : undefined);
      };
      const onClose = (): void => fail('closed', 'the server closed the connection during the TLS handshake');
      const timer = setTimeout(
        () => fail('timeout', `no TLS handshake within ${ms} ms${overall ? ' (the overall limit ran out)' : ''}`, 'timeout'),
        ms,
      );
      secure.once('error', onError);
      secure.once('close', onClose);
      secure.once('secureConnect', () => {
        if (!finish()) return;
        const details = describeCertificate(secure.getPeerCertificate()) ?? seen ?? {};
        this.tlsDetails = { version: secure.getProtocol() ?? undefined, ...details };
        const t = this.tlsDetails;
        this.record(
          'tls',
          true,
          `${t.version ?? 'TLS'}; certificate ${t.subject ?? '(no subject)'}, issued by ${t.issuer ?? '?'}, valid until ${t.validTo ?? '?'}; host name ${host} verified`,
          t0,
        );
        resolve(secure);
      });
    });
  }

  private async quit(): Promise<void> {
    const t0 = performance.now();
    const ms = Math.min(QUIT_WAIT_MS, this.limit(this.replyTimeoutMs).ms);
    if (ms <= 0 || !this.current || this.current.destroyed) {
      this.record('quit', false, 'skipped: no time left (does not affect the verdict)', t0, 'skipped');
      return;
    }
    try {
      this.current.write('QUIT\r\n');
      const reply = await this.reader.read(ms, 'reply to QUIT');
      this.record('quit', reply.code === 221, replyText(reply), t0, reply.code === 221 ? undefined : 'unexpected');
    } catch (e) {
      this.record('quit', false, `${asReplyError(e).message} (does not affect the verdict)`, t0, asReplyError(e).kind);
    }
  }

  /** Sends one command and reads its reply; a missing reply ends the probe. */
  private async command(line: string, step: ProbeStepName, t0: number): Promise<SmtpReply> {
    const { ms, overall } = this.limit(this.replyTimeoutMs);
    const verb = line.split(' ')[0];
    try {
      if (!this.current || this.current.destroyed) throw new ReplyError('closed', 'the connection is closed');
      this.current.write(`${line}\r\n`);
      return await this.reader.read(ms, `reply to ${verb}`);
    } catch (e) {
      const err = asReplyError(e);
      this.record(step, false, `${err.message}${overall && err.kind === 'timeout' ? ' (the overall limit ran out)' : ''}`, t0, err.kind);
      throw new ProbeFailure(
        err.kind === 'timeout' ? 'timeout' : 'protocol-error',
        `port ${this.target.port} stopped answering after ${verb}: ${err.message}`,
      );
    }
  }

  // ---- helpers ----

  /** The time a step may take: its own limit, or what is left of the overall limit. */
  private limit(stepMs: number): { ms: number; overall: boolean } {
    const remaining = Math.floor(this.deadline - performance.now());
    return remaining < stepMs ? { ms: Math.max(0, remaining), overall: true } : { ms: stepMs, overall: false };
  }

  private record(name: ProbeStepName, ok: boolean, detail: string, since: number, code?: string): void {
    const step: ProbeStep = { name, ok, detail, ms: Math.round(performance.now() - since) };
    if (code && !ok) step.code = code;
    this.steps.push(step);
  }

  private cleanup(): void {
    this.reader.dispose();
    for (const s of this.sockets) {
      s.on('error', noop);
      s.destroy();
    }
    this.sockets.clear();
  }
}

function asReplyError(e: unknown): ReplyError {
  if (e instanceof ReplyError) return e;
  return new ReplyError('socket-error', sanitise(String((e as Error)?.message ?? e)));
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
