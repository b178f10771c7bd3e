// Turns TLS handshake and verification errors into a cause people recognise, and describes certificates.
import type { PeerCertificate } from 'node:tls';
import type { TlsDetails } from './types';
import { sanitise } from './replies';

export type TlsFailureKind =
  | 'self-signed'
  | 'untrusted-root'
  | 'untrusted-issuer'
  | 'hostname-mismatch'
  | 'expired'
  | 'not-yet-valid'
  | 'revoked'
  | 'plaintext-port'
  | 'old-protocol'
  | 'closed'
  | 'handshake-failed';

export interface TlsFailure {
  kind: TlsFailureKind;
  /** What went wrong, as a phrase that completes "TLS failed: ...". */
  reason: string;
}

/** Error codes OpenSSL and Node use for each cause. */
const CODE_KINDS: Record<string, TlsFailureKind> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'untrusted-root',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted-issuer',
  UNABLE_TO_GET_ISSUER_CERT: 'untrusted-issuer',
  CERT_UNTRUSTED: 'untrusted-issuer',
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  CERT_REVOKED: 'revoked',
  ERR_SSL_WRONG_VERSION_NUMBER: 'plaintext-port',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'plaintext-port',
  ERR_SSL_HTTP_REQUEST: 'plaintext-port',
  ERR_SSL_UNSUPPORTED_PROTOCOL: 'old-protocol',
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: 'old-protocol',
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: 'old-protocol',
  ECONNRESET: 'closed',
};

/**
 * Classify a handshake error. `host` is the name (or address) the certificate had to match; `cert` is the
 * certificate the server presented, when it could be seen.
 */
export function classifyTlsError(
  err: { code?: string; message?: string; reason?: string },
  host: string,
  cert?: TlsDetails,
): TlsFailure {
  const message = err.message ?? String(err);
  let kind: TlsFailureKind | undefined = err.code ? CODE_KINDS[err.code] : undefined;
  if (!kind) {
    if (/wrong version number|packet length too long|http request/i.test(message)) kind = 'plaintext-port';
    else if (/unsupported protocol|protocol version/i.test(message)) kind = 'old-protocol';
    else if (/socket disconnected|socket hang up|ECONNRESET/i.test(message)) kind = 'closed';
    else kind = 'handshake-failed';
  }
  const certNames = cert?.altNames || cert?.subject;
  switch (kind) {
    case 'self-signed':
      return { kind, reason: `the certificate is self-signed${cert?.subject ? ` (${cert.subject})` : ''} and not trusted` };
    case 'untrusted-root':
      return { kind, reason: 'the certificate chain ends in a self-signed root that is not trusted' };
    case 'untrusted-issuer':
      return {
        kind,
        reason: `the certificate's issuer${cert?.issuer ? ` (${cert.issuer})` : ''} is not trusted, or the server does not send its intermediate certificates`,
      };
    case 'hostname-mismatch':
      return {
        kind,
        reason: `the certificate does not match the host name ${host}${certNames ? `: it is for ${certNames}` : ''}`,
      };
    case 'expired':
      return { kind, reason: `the certificate has expired${cert?.validTo ? ` (valid until ${cert.validTo})` : ''}` };
    case 'not-yet-valid':
      return { kind, reason: 'the certificate is not valid yet (or this machine\'s clock is wrong)' };
    case 'revoked':
      return { kind, reason: 'the certificate has been revoked' };
    case 'plaintext-port':
      return {
        kind,
        reason: 'wrong version number: the server answered in plaintext, so this port does not speak implicit TLS (use STARTTLS here)',
      };
    case 'old-protocol':
      return { kind, reason: `the server only offers TLS versions older than TLS 1.2 (${sanitise(message, 80)})` };
    case 'closed':
      return { kind, reason: 'the server closed the connection during the TLS handshake' };
    default:
      return { kind, reason: `handshake failed: ${sanitise(err.reason ?? message, 120)}` };
  }
}

/** `CN=smtp.example.com, O=Example` from a certificate's subject or issuer. */
export function formatName(name: Record<string, string | string[] | undefined> | undefined): string | undefined {
  if (!name) return undefined;
  const order = ['CN', 'O', 'OU', 'L', 'ST', 'C'];
  const keys = Object.keys(name).sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99));
  const parts = keys.flatMap((k) => [name[k]].flat().filter((v): v is string => typeof v === 'string').map((v) => `${k}=${v}`));
  return parts.length ? sanitise(parts.join(', '), 200) : undefined;
}

export function describeCertificate(cert: PeerCertificate | undefined | null): TlsDetails | undefined {
  if (!cert || typeof cert !== 'object' || Object.keys(cert).length === 0) return undefined;
  return {
    subject: formatName(cert.subject as unknown as Record<string, string>),
    issuer: formatName(cert.issuer as unknown as Record<string, string>),
    validTo: cert.valid_to,
    altNames: cert.subjectaltname ? sanitise(cert.subjectaltname, 200) : undefined,
  };
}
