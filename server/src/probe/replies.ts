// Reads SMTP replies (RFC 5321 §4.2) from a socket: `250-first line`, `250 last line`. One reader follows the
// session across the STARTTLS upgrade: detach it from the plaintext socket, attach it to the TLS socket.
import type { Duplex } from 'node:stream';
import type { SmtpExtensions } from './types';

export interface SmtpReply {
  code: number;
  /** Text of each line after the code and separator, sanitised. */
  lines: string[];
}

/** Why no reply came. `kind` decides the verdict; `message` is for people. */
export class ReplyError extends Error {
  constructor(
    readonly kind: 'timeout' | 'closed' | 'not-smtp' | 'socket-error',
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** Longest reply line we accept; RFC 5321 allows 512 octets. A server that sends more is not speaking SMTP. */
const MAX_LINE = 4096;
/** Most lines in one reply; a long EHLO has ~15. */
const MAX_REPLY_LINES = 200;

/** Printable ASCII only, shortened: server text goes into messages and terminals. */
export function sanitise(text: string, max = 160): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A first line that is clearly something else than SMTP, named for the message. */
function describeForeignLine(line: string): string {
  if (/^SSH-\d/.test(line)) return 'an SSH server answered';
  if (/^HTTP\/\d/.test(line)) return 'an HTTP server answered';
  if (/^\* OK/.test(line)) return 'an IMAP server answered';
  if (/^\+OK/.test(line)) return 'a POP3 server answered';
  if (/^[\x14-\x17]\x03/.test(line)) return 'the server answered with TLS (it expects implicit TLS)';
  return `not an SMTP reply: "${sanitise(line, 60)}"`;
}

export class ReplyReader {
  private socket?: Duplex;
  private buffer = '';
  private pendingLines: string[] = [];
  private pendingCode?: number;
  private readonly replies: SmtpReply[] = [];
  private failure?: ReplyError;
  private waiter?: { resolve: (r: SmtpReply) => void; reject: (e: ReplyError) => void; timer: NodeJS.Timeout };

  private readonly onData = (chunk: Buffer | string): void => {
    // latin1 keeps one char per byte, so binary (a TLS record) cannot break the line splitting.
    this.buffer += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    this.parse();
    this.settle();
  };
  private readonly onEnd = (): void => this.fail(new ReplyError('closed', 'the server closed the connection'));
  private readonly onError = (err: NodeJS.ErrnoException): void =>
    this.fail(
      err.code === 'ECONNRESET'
        ? new ReplyError('closed', 'the server reset the connection', err.code)
        : new ReplyError('socket-error', `connection error: ${sanitise(err.message)}`, err.code),
    );

  attach(socket: Duplex): void {
    this.detach();
    this.socket = socket;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onEnd);
    socket.on('error', this.onError);
  }

  /** Stop listening (before handing the socket to TLS). The socket keeps a no-op error listener so it never throws. */
  detach(): void {
    const s = this.socket;
    if (!s) return;
    s.off('data', this.onData);
    s.off('end', this.onEnd);
    s.off('close', this.onEnd);
    s.off('error', this.onError);
    if (s.listenerCount('error') === 0) s.on('error', () => undefined);
    this.socket = undefined;
  }

  /** True when the server sent bytes we have not consumed (after STARTTLS's 220 that is an injection attempt). */
  hasUnreadData(): boolean {
    return this.buffer.length > 0 || this.pendingLines.length > 0 || this.replies.length > 0;
  }

  /** The next complete reply, or a ReplyError after `timeoutMs`, on close, or on non-SMTP data. */
  read(timeoutMs: number, what: string): Promise<SmtpReply> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    if (this.waiter) return Promise.reject(new ReplyError('socket-error', 'internal: two reads at once'));
    return new Promise<SmtpReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new ReplyError('timeout', `no ${what} within ${timeoutMs} ms`));
      }, Math.max(0, timeoutMs));
      this.waiter = { resolve, reject, timer };
    });
  }

  private parse(): void {
    let nl: number;
    while (!this.failure && (nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, '');
      this.buffer = this.buffer.slice(nl + 1);
      this.parseLine(line);
    }
    if (!this.failure && this.buffer.length > MAX_LINE) {
      this.fail(new ReplyError('not-smtp', describeForeignLine(this.buffer)));
    }
  }

  private parseLine(line: string): void {
    const m = /^(\d{3})(?:([ -])(.*))?$/.exec(line);
    const code = m ? Number(m[1]) : NaN;
    if (!m || (this.pendingCode !== undefined && code !== this.pendingCode) || line.length > MAX_LINE) {
      this.fail(new ReplyError('not-smtp', describeForeignLine(line)));
      return;
    }
    this.pendingCode = code;
    this.pendingLines.push(sanitise(m[3] ?? '', 400));
    if (this.pendingLines.length > MAX_REPLY_LINES) {
      this.fail(new ReplyError('not-smtp', `a reply with more than ${MAX_REPLY_LINES} lines`));
      return;
    }
    if (m[2] !== '-') {
      this.replies.push({ code, lines: this.pendingLines });
      this.pendingLines = [];
      this.pendingCode = undefined;
    }
  }

  private fail(error: ReplyError): void {
    this.failure ??= error;
    this.settle();
  }

  private settle(): void {
    const w = this.waiter;
    if (!w) return;
    const reply = this.replies.shift();
    if (reply) {
      clearTimeout(w.timer);
      this.waiter = undefined;
      w.resolve(reply);
    } else if (this.failure) {
      clearTimeout(w.timer);
      this.waiter = undefined;
      w.reject(this.failure);
    }
  }

  /** Clear the pending timer (the probe is over). */
  dispose(): void {
    if (this.waiter) clearTimeout(this.waiter.timer);
    this.waiter = undefined;
    this.detach();
  }
}

/** The extensions of an EHLO reply: every line after the first is `KEYWORD [params]`. */
export function parseExtensions(reply: SmtpReply): SmtpExtensions {
  const lines = reply.lines.slice(1).filter((l) => l.length > 0);
  const ext: SmtpExtensions = { lines, starttls: false, auth: [] };
  for (const line of lines) {
    // `AUTH=PLAIN LOGIN` is an old (pre-RFC 4954) spelling still sent for Outlook Express.
    const [keyword, ...params] = line.split(/[ =]+/);
    switch (keyword.toUpperCase()) {
      case 'STARTTLS':
        ext.starttls = true;
        break;
      case 'AUTH':
        for (const p of params) {
          const mech = p.toUpperCase();
          if (mech && !ext.auth.includes(mech)) ext.auth.push(mech);
        }
        break;
      case 'SIZE': {
        const n = Number(params[0] ?? '0');
        ext.size = Number.isFinite(n) && n >= 0 ? n : 0;
        break;
      }
    }
  }
  return ext;
}

/** "STARTTLS; AUTH PLAIN LOGIN; SIZE 10 MB; also PIPELINING, 8BITMIME". */
export function describeExtensions(ext: SmtpExtensions): string {
  const parts: string[] = [];
  parts.push(ext.starttls ? 'STARTTLS' : 'no STARTTLS');
  parts.push(ext.auth.length ? `AUTH ${ext.auth.join(' ')}` : 'no AUTH');
  if (ext.size !== undefined) parts.push(ext.size === 0 ? 'SIZE (no fixed limit)' : `SIZE ${formatBytes(ext.size)}`);
  const others = ext.lines
    .map((l) => l.split(/[ =]/)[0].toUpperCase())
    .filter((k) => k !== 'STARTTLS' && k !== 'AUTH' && k !== 'SIZE');
  if (others.length) parts.push(`also ${others.join(', ')}`);
  return parts.join('; ');
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / (1024 * 1024)) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export function replyText(reply: SmtpReply): string {
  return sanitise(`${reply.code} ${reply.lines.join(' / ')}`);
}
