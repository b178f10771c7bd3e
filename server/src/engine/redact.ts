// Secrets never leave the file: every message passes through here before any output.

const MASK = '****';

/** Replace each known secret (and URL user info) in `text` with a mask. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (s.length < 3) continue;
    out = out.split(s).join(MASK);
    const encoded = uriEncoded(s);
    if (encoded !== undefined && encoded !== s) out = out.split(encoded).join(MASK);
  }
  // Any URL with user info that slipped through: keep scheme and host, mask the credentials. Bounded quantifiers keep
  // this linear on hostile text (a 100 KB run of `a.a.a.` has no `://` to find).
  return out.replace(/\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/@'"]{1,512}@/gi, `$1${MASK}@`);
}

/** Percent-encoded form as it may appear in a DSN; undefined for text that cannot be encoded (a lone surrogate). */
function uriEncoded(s: string): string | undefined {
  try {
    return encodeURIComponent(s);
  } catch {
    return undefined;
  }
}

export function maskSecret(): string {
  return MASK;
}
