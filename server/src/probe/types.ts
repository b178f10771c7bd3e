// What a probe is asked and what it reports. Plain data: the CLI prints it, the editor will show it.

/** How to speak to the server: STARTTLS upgrade, TLS from the first byte (SMTPS), or plaintext only. */
export type ProbeMode = 'starttls' | 'tls' | 'plain';

export interface ProbeTarget {
  host: string;
  port: number;
  mode: ProbeMode;
}

export type ProbeStepName =
  | 'dns' // host name to addresses
  | 'connect' // TCP connection
  | 'tls' // TLS handshake with certificate and host-name verification
  | 'greeting' // the server's 220 banner
  | 'ehlo' // EHLO and the advertised extensions
  | 'starttls' // the STARTTLS command and its 220 reply
  | 'ehlo-tls' // EHLO again inside TLS (after STARTTLS)
  | 'quit';

export interface ProbeStep {
  name: ProbeStepName;
  ok: boolean;
  /** One line for people. Server text in it is sanitised and shortened. */
  detail: string;
  /** How long the step took, in milliseconds. */
  ms: number;
  /** Machine-readable cause of a failed step: `refused`, `timeout`, `hostname-mismatch`, `plaintext-port`, ... */
  code?: string;
}

export type ProbeVerdict =
  | 'ok'
  | 'tls-failed' // the TLS handshake or certificate/host-name verification failed, or STARTTLS was refused
  | 'no-starttls' // mode starttls, but the server does not offer STARTTLS
  | 'timeout' // no TCP connection, no greeting, or no reply in time
  | 'refused' // the host answered that nothing listens on the port
  | 'unreachable' // no route to the host (the network says so right away)
  | 'dns-failed' // the host name does not resolve
  | 'protocol-error'; // something answered, but not like an SMTP server

/** The certificate the server presented, and the negotiated TLS version. */
export interface TlsDetails {
  /** `TLSv1.3`, `TLSv1.2`; absent when the handshake failed. */
  version?: string;
  /** `CN=smtp.example.com`. */
  subject?: string;
  /** `CN=R11, O=Let's Encrypt, C=US`. */
  issuer?: string;
  /** The certificate's `valid_to`, e.g. `Mar  1 12:00:00 2027 GMT`. */
  validTo?: string;
  /** `DNS:smtp.example.com, DNS:mail.example.com`. */
  altNames?: string;
}

export interface SmtpExtensions {
  /** Every EHLO keyword line as the server wrote it (sanitised), without the first (greeting) line. */
  lines: string[];
  starttls: boolean;
  /** AUTH mechanisms, upper-case; empty when AUTH is not advertised. */
  auth: string[];
  /** The SIZE limit in bytes; 0 means "no fixed limit"; undefined when SIZE is not advertised. */
  size?: number;
}

export interface ProbeResult {
  target: ProbeTarget;
  steps: ProbeStep[];
  verdict: ProbeVerdict;
  /** One sentence that says what happened and what it probably means. */
  summary: string;
  /** Addresses the host name resolved to. */
  addresses?: string[];
  /** The address the TCP connection was made to. */
  connectedAddress?: string;
  /** Extensions from the last successful EHLO (inside TLS when TLS was reached). */
  extensions?: SmtpExtensions;
  tls?: TlsDetails;
  /** probeWithAlternatives: the other ports tried because this one did not answer. */
  alternatives?: ProbeResult[];
  /** Total time, in milliseconds. */
  ms: number;
}

export interface LookupAddress {
  address: string;
  family: number;
}

export interface ProbeOptions {
  /** Limit for each TCP connection attempt (and the DNS lookup). Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Limit for each server reply (greeting, EHLO, STARTTLS) and the TLS handshake. Default 10000 ms. */
  replyTimeoutMs?: number;
  /** Limit for the whole probe. Default 15000 ms. */
  overallTimeoutMs?: number;
  /** Extra trusted CA certificates (PEM), e.g. a company CA or a test CA. Verification stays on. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** The name sent with EHLO. Default: the local address as an address literal, e.g. `[192.0.2.10]`. */
  ehloName?: string;
  /** Replaces dns.lookup (tests). Must resolve to every address of the host. */
  lookup?: (host: string) => Promise<LookupAddress[]>;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_REPLY_TIMEOUT_MS = 10000;
export const DEFAULT_OVERALL_TIMEOUT_MS = 15000;

/** The usual port for each mode: submission with STARTTLS, submissions (implicit TLS), relay. */
export function defaultPortFor(mode: ProbeMode): number {
  return mode === 'tls' ? 465 : mode === 'starttls' ? 587 : 25;
}
