// Compose files (`docker-compose*.yml`, `compose*.yaml`): every service's `environment:` (map or list) runs through
// the env vocabularies (frameworks and self-hosted apps), one profile set per service, with `${VAR:-default}`
// interpolation judged by its default. `env_file:` references are noted for hovers; their files are not read here
// (formats are pure), so a service is judged on what the compose file itself says.
import { isMap, isScalar, isSeq, parseDocument, Parser, type Document, type YAMLMap } from 'yaml';
import { envProfiles, type EnvApp } from '../../env/profiles';
import type { DuplicateSetting, Format, MailProfile, ParsedFile, SettingSymbol, Span } from '../../model';
import { detectEol } from '../../text';
import { withoutEdits } from '../without-edits';
import { asYamlLines } from '../app-yaml/yaml-doc';
import { basename } from '../path';
import { composeWriter, environmentEntries, resolveNode, type ComposeEntry } from './yaml-env';

const EMPTY = { profiles: [], duplicates: [], symbols: [], comments: [], secrets: [] };

/** `docker-compose*.yml|yaml`, `compose*.yml|yaml` (Compose's own names plus override/env variants). */
export function isComposePath(path: string): boolean {
  return /^(docker-)?compose[^/\\]*\.ya?ml$/i.test(basename(path));
}

/** Images whose env vocabulary decides how shared names (SMTP_HOST, SMTP_PORT...) are read. */
const IMAGE_APPS: [RegExp, EnvApp][] = [
  [/(^|\/)mastodon$/, 'mastodon'],
  [/(^|\/)(vaultwarden\/server|bitwarden_rs|vaultwarden)$/, 'vaultwarden'],
  [/(^|\/)outline$/, 'outline'],
  [/(^|\/)nextcloud$/, 'nextcloud'],
  [/(^|\/)(gotrue|supabase\/auth)$/, 'supabase'],
  [/(^|\/)ghost$/, 'ghost'],
  [/(^|\/)n8n$/, 'n8n'],
  [/(^|\/)discourse$/, 'discourse'],
  [/(^|\/)(gitea|forgejo)$/, 'gitea'],
  [/(^|\/)grafana$/, 'grafana'],
  [/(^|\/)goauthentik\/server$/, 'authentik'],
  [/(^|\/)plausible\/(analytics|community-edition)$/, 'plausible'],
  [/(^|\/)sentry$/, 'sentry'],
];

export function appOfImage(image: string): EnvApp | undefined {
  // registry/owner/name:tag@digest → owner/name
  const repo = image.trim().split('@')[0].replace(/:[^/:]*$/, '').toLowerCase();
  return IMAGE_APPS.find(([re]) => re.test(repo))?.[1];
}

/**
 * Every `# comment` token of the YAML text (the CST keeps them; block scalars hold none). Walked with a stack: the
 * CST of deeply nested flow collections is deep.
 */
function commentSpans(text: string): Span[] {
  const out: Span[] = [];
  const seen = new Set<unknown>();
  const stack: unknown[] = [];
  for (const token of new Parser().parse(text)) stack.push(token);
  while (stack.length > 0) {
    const v = stack.pop();
    if (!v || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    const t = v as { type?: unknown; offset?: unknown; source?: unknown };
    if (t.type === 'comment' && typeof t.offset === 'number' && typeof t.source === 'string') {
      out.push({ start: t.offset, end: t.offset + t.source.length });
      continue;
    }
    for (const child of Object.values(v)) stack.push(child);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** A map's value for `key`, looking through `<<: *anchor` merges (the map's own key wins). */
function mapGet(doc: Document, map: YAMLMap, key: string, depth = 0): unknown {
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair.value;
  }
  if (depth > 4) return undefined;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value !== '<<') continue;
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const src of sources) {
      const m = resolveNode(doc, src);
      if (isMap(m)) {
        const found = mapGet(doc, m, key, depth + 1);
        if (found !== undefined) return found;
      }
    }
  }
  return undefined;
}

function scalarString(doc: Document, node: unknown): string | undefined {
  const n = resolveNode(doc, node);
  return isScalar(n) && n.value !== null && n.value !== undefined ? String(n.value) : undefined;
}

/** `env_file:` as a string, a list of strings, or a list of `{path: ...}` objects: the path scalars. */
function envFileSymbols(doc: Document, node: unknown): SettingSymbol[] {
  const n = resolveNode(doc, node);
  const items = isSeq(n) ? n.items.map((i) => resolveNode(doc, i)) : [n];
  const out: SettingSymbol[] = [];
  for (const item of items) {
    const scalar = isMap(item) ? resolveNode(doc, item.get('path', true)) : item;
    if (!isScalar(scalar) || !scalar.range) continue;
    out.push({ key: 'env_file', role: 'other', ecosystem: 'compose', valueSpan: { start: scalar.range[0], end: scalar.range[1] } });
  }
  return out;
}

/** GitLab's GITLAB_OMNIBUS_CONFIG holds Ruby code; it is not judged here, but its SMTP password stays secret. */
function omnibusSecrets(entries: ComposeEntry[]): string[] {
  const out: string[] = [];
  for (const e of entries) {
    if (e.key !== 'GITLAB_OMNIBUS_CONFIG') continue;
    for (const m of e.value.matchAll(/smtp_password'\]\s*=\s*(["'])((?:(?!\1).)+)\1/g)) out.push(m[2]);
  }
  return out;
}

export const composeFormat: Format = {
  id: 'compose',
  matchesPath: isComposePath,
  parse(text, ctx): ParsedFile {
    const doc = parseDocument(text, { keepSourceTokens: true, uniqueKeys: false, strict: false, prettyErrors: false });
    const root = resolveNode(doc, doc.contents);
    const servicesNode = isMap(root) ? resolveNode(doc, mapGet(doc, root, 'services')) : undefined;
    const hasServicesKey = isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === 'services');
    if (!hasServicesKey) {
      return { format: 'compose', ...EMPTY, skipped: 'named like a Compose file, but it has no top-level services: section' };
    }
    const comments = commentSpans(text);
    const writer = composeWriter(text, detectEol(asYamlLines(text)));
    const profiles: MailProfile[] = [];
    const symbols: SettingSymbol[] = [];
    const duplicates: DuplicateSetting[] = [];
    const secrets: string[] = [];
    // One profile set per environment block; services sharing one block through an anchor share its profiles.
    const blocks = new Map<unknown, { services: string[]; image?: string }>();
    if (isMap(servicesNode)) {
      for (const pair of servicesNode.items) {
        const name = scalarString(doc, pair.key);
        const service = resolveNode(doc, pair.value);
        if (name === undefined || !isMap(service)) continue;
        const envFile = mapGet(doc, service, 'env_file');
        if (envFile !== undefined) symbols.push(...envFileSymbols(doc, envFile));
        const env = resolveNode(doc, mapGet(doc, service, 'environment'));
        if (!env || !(isMap(env) || isSeq(env))) continue;
        const block = blocks.get(env) ?? { services: [] };
        block.services.push(name);
        block.image ??= scalarString(doc, mapGet(doc, service, 'image'));
        blocks.set(env, block);
      }
    }
    for (const [env, block] of blocks) {
      const entries = environmentEntries(doc, text, env);
      if (!entries.length) continue;
      secrets.push(...omnibusSecrets(entries));
      const judged = entries.filter((e) => e.key !== 'GITLAB_OMNIBUS_CONFIG');
      const result = envProfiles(judged, text, writer, ctx, {
        // Compose files are committed: a password written here is a leak.
        secretsFile: false,
        winner: 'last',
        duplicateRule: 'the last entry wins (Compose)',
        app: block.image ? appOfImage(block.image) : undefined,
      });
      const where = `service${block.services.length > 1 ? 's' : ''} ${block.services.join(', ')}`;
      for (const p of result.profiles) profiles.push({ ...p, label: `${p.label} (${where})` });
      symbols.push(...result.symbols);
      // `$$` is Compose's escape for `$`: the container receives the secret with single dollars.
      secrets.push(...result.secrets, ...result.secrets.filter((x) => x.includes('$$')).map((x) => x.replace(/\$\$/g, '$')));
      // A key repeated through a `<<:` merge is an override, not a mistake.
      const mergedSpans = new Set(entries.filter((e) => e.merged).map((e) => e.keySpan.start));
      duplicates.push(...result.duplicates.filter((d) => !mergedSpans.has(d.loser.start)));
    }
    const parsed: ParsedFile = { format: 'compose', profiles, duplicates, symbols, comments, lineComment: '#', secrets: [...new Set(secrets)] };
    // Judged from what could be read, but YAML with syntax errors is not edited: ranges from a partial tree could
    // put an edit in the wrong place (or two edits at one offset inside a line break).
    return doc.errors.length > 0 ? withoutEdits(parsed) : parsed;
  },
};
