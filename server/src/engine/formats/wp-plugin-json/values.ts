// Reading plugin option values the way the plugins' PHP reads them: loose types, PHP truthiness, base64.
import type { Node } from 'jsonc-parser';

/** A scalar node as PHP would see it as a string ("" for null, absent or non-scalar). */
export function scalarText(node: Node | undefined): string {
  if (!node) return '';
  switch (node.type) {
    case 'string':
      return String(node.value);
    case 'number':
      return String(node.value);
    case 'boolean':
      return node.value ? '1' : ''; // PHP's (string) true / false
    default:
      return '';
  }
}

/** PHP truthiness of a decoded JSON value: false, 0, "", "0", null and [] are false; "false" is true. */
export function phpTruthy(node: Node | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case 'boolean':
      return node.value === true;
    case 'number':
      return node.value !== 0;
    case 'string':
      return node.value !== '' && node.value !== '0';
    case 'null':
      return false;
    default:
      return (node.children?.length ?? 0) > 0;
  }
}

/** A port as written: an integer when the text is one (25, "25"), else the text. */
export function portValue(node: Node): number | string {
  if (node.type === 'number') return Number(node.value);
  const text = scalarText(node).trim();
  return /^\d+$/.test(text) ? Number(text) : text;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function base64Bytes(text: string): Buffer | undefined {
  if (text.length === 0 || !BASE64.test(text)) return undefined;
  return Buffer.from(text, 'base64');
}

/** Readable text: valid UTF-8 without control characters other than tab and line breaks. */
function asReadableText(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** The text a strict base64 string encodes, when it encodes readable text; undefined otherwise. */
export function decodeBase64Text(text: string): string | undefined {
  const bytes = base64Bytes(text);
  return bytes && bytes.length > 0 ? asReadableText(bytes) : undefined;
}

/**
 * Ciphertext as these plugins store it: base64 of random bytes (a nonce or IV, then the encrypted value), at least
 * `minBytes` long, that does not decode to readable text. A long password that happens to be valid base64 of
 * binary would be taken for ciphertext; that costs a plaintext-password finding, never a leak (it is redacted either way).
 */
export function looksEncrypted(text: string, minBytes: number): boolean {
  const bytes = base64Bytes(text);
  return bytes !== undefined && bytes.length >= minBytes && asReadableText(bytes) === undefined;
}

/** A JSON value for `port` in the type the file already uses for it (text "587" or number 587). */
export function portJson(port: number, existing: Node | undefined, defaultType: 'string' | 'number'): string {
  const type = existing ? (existing.type === 'string' ? 'string' : 'number') : defaultType;
  return type === 'string' ? JSON.stringify(String(port)) : String(port);
}

/** Does the node already hold this port (25 or "25")? */
export function holdsPort(node: Node | undefined, port: number): boolean {
  return node !== undefined && portValue(node) === port;
}
