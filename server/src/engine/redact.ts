// Secrets never leave the file: every message passes through here before any output.

const MASK = '****';

/** Replace each known secret (and URL user info) in `text` with a mask. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 3) continue;
    out = out.split(s).join(MASK);
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join(MASK);
  }
  // Any URL with user info that slipped through: keep scheme and host, mask the credentials.
  return out.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@'"]+@/gi, `$1${MASK}@`);
}

export function maskSecret(): string {
  return MASK;
}
