// Application configs as JSON: Ghost `config.<env>.json` (mail.transport, mail.options: Nodemailer semantics) and
// Keycloak realm exports (`smtpServer`, under any file name). Tried after wp-plugin-json for *.json; any other
// JSON (package.json, tsconfig.json, ...) is turned away by the sniff or skipped.
import type { Format, ParsedFile } from '../../model';
import { isPlaceholderSecret } from '../../rules/plaintext-password';
import { withoutEdits } from '../without-edits';
import { basename } from '../path';
import { fileDoc, type JsonDoc } from '../wp-plugin-json/json-doc';
import { ghostProfiles } from './ghost';
import { keycloakProfiles, keycloakRealms } from './keycloak';

const GHOST_NAME = /^config\.[\w-]+\.json$/i;
const SNIFF_KEYCLOAK = /"smtpServer"\s*:/;
const SNIFF_GHOST_MAIL = /"mail"\s*:/;
const SNIFF_GHOST_OPTIONS = /"(transport|options)"\s*:/;

/**
 * Secrets to redact from output: template placeholders (`pass`, `changeme`, `**********`) are not secrets, and
 * masking them would garble ordinary words in messages ("password").
 */
function realSecrets(list: readonly string[]): string[] {
  return [...new Set(list)].filter((s) => s.length >= 3 && !isPlaceholderSecret(s));
}

export function parseAppJson(text: string, path: string): ParsedFile {
  const doc = fileDoc(text);
  const read = readAppJson(doc, path);
  // Each secret also as the file spells it (`p\u0040ss`, `w\/rd`), for output that quotes file text.
  const parsed = { ...read, secrets: realSecrets([...read.secrets, ...doc.writtenSpellings(read.secrets)]) };
  // Judged from what could be read, but a JSON text with syntax errors is not edited.
  return doc.hasErrors ? withoutEdits(parsed) : parsed;
}

function readAppJson(doc: JsonDoc, path: string): ParsedFile {
  const base: ParsedFile = { format: 'app-json', profiles: [], duplicates: [], symbols: [], comments: [], lineComment: undefined, secrets: [] };
  const realms = keycloakRealms(doc.root);
  if (realms.length > 0) {
    const r = keycloakProfiles(doc, realms);
    return { ...base, ...r, secrets: realSecrets(r.secrets) };
  }
  if (GHOST_NAME.test(basename(path)) && doc.root?.type === 'object') {
    const ghost = ghostProfiles(doc, doc.root);
    if (ghost) return { ...base, ...ghost, secrets: realSecrets(ghost.secrets) };
  }
  return { ...base, skipped: 'not a Ghost config or a Keycloak realm export' };
}

export const appJsonFormat: Format = {
  id: 'app-json',
  matchesPath: (path) => /\.json$/i.test(path),
  sniff: (text) => SNIFF_KEYCLOAK.test(text) || (SNIFF_GHOST_MAIL.test(text) && SNIFF_GHOST_OPTIONS.test(text)),
  parse: (text, ctx) => parseAppJson(text, ctx.path),
};
