// Application configs written as YAML, recognised by file name and then by content:
// - Spring Boot `application*.yml|yaml`, `bootstrap*.yml|yaml` (spring.mail.*; see ../properties/spring.ts);
// - Symfony `config/packages/[<env>/]mailer.yaml` and `framework.yaml` (framework.mailer.dsn / transports);
// - Sentry self-hosted `config.yml` (mail.*);
// - Prometheus Alertmanager `alertmanager*.yml|yaml` (global smtp_*, email_configs).
// Any other YAML is not ours: the path test and a content sniff turn it away before anything is parsed.
import type { Format, ParsedFile, ParseContext } from '../../model';
import { isPlaceholderSecret } from '../../rules/plaintext-password';
import { basename } from '../path';
import { withoutEdits } from '../without-edits';
import { ALERTMANAGER_SNIFF, alertmanagerProfiles } from './alertmanager';
import { SENTRY_SNIFF, sentryProfiles } from './sentry';
import { parseSpringYaml } from './spring';
import { symfonyProfiles } from './symfony';
import { parseYamlFile, writtenSpellings, type YamlFile } from './yaml-doc';

type Dialect = 'spring' | 'symfony' | 'sentry' | 'alertmanager';

const NAMES: [RegExp, Dialect][] = [
  [/^(application|bootstrap)([-.][\w.-]+)?\.ya?ml$/i, 'spring'],
  [/^(mailer|framework)\.ya?ml$/i, 'symfony'],
  [/^config\.ya?ml$/i, 'sentry'],
  [/^alertmanager([-.][\w.-]+)?\.ya?ml$/i, 'alertmanager'],
];

const SNIFF: Record<Dialect, RegExp> = {
  spring: /(^|\n)[ \t]*(spring\.mail|mail|spring)[ \t]*:|spring\.mail\./,
  symfony: /(^|\n)[ \t]*mailer[ \t]*:|framework\.mailer/,
  sentry: SENTRY_SNIFF,
  alertmanager: ALERTMANAGER_SNIFF,
};

/**
 * Secrets to redact from output: template placeholders (`pass`, `changeme`, `**********`) are not secrets, and
 * masking them would garble ordinary words in messages ("password").
 */
function realSecrets(list: readonly string[]): string[] {
  return [...new Set(list)].filter((s) => s.length >= 3 && !isPlaceholderSecret(s));
}

function dialectOf(path: string): Dialect | undefined {
  const name = basename(path);
  return NAMES.find(([re]) => re.test(name))?.[1];
}

const empty = (skipped?: string): ParsedFile => ({
  format: 'app-yaml',
  profiles: [],
  duplicates: [],
  symbols: [],
  comments: [],
  lineComment: '#',
  secrets: [],
  skipped,
});

export function parseAppYaml(text: string, ctx: ParseContext): ParsedFile {
  const { parsed, file } = parseDialect(text, ctx);
  const secrets = realSecrets(parsed.secrets);
  // Each secret also as the file spells it (`"p\x40ss"`, `'it''s'`), for output that quotes file text.
  return { ...parsed, secrets: file ? realSecrets([...secrets, ...writtenSpellings(file, secrets)]) : secrets };
}

function parseDialect(text: string, ctx: ParseContext): { parsed: ParsedFile; file?: YamlFile } {
  const dialect = dialectOf(ctx.path);
  if (!dialect) return { parsed: empty('not an application config this tool reads') };
  if (!SNIFF[dialect].test(text)) return { parsed: empty(`no mail settings found (${dialect} YAML)`) };
  const file = parseYamlFile(text);
  const result = readDialect(dialect, file, ctx);
  return { parsed: file.docs.some((d) => d.errors.length > 0) ? withoutEdits(result) : result, file };
}

function readDialect(dialect: Dialect, file: YamlFile, ctx: ParseContext): ParsedFile {
  const base = { ...empty(), comments: file.comments };
  switch (dialect) {
    case 'spring': {
      const r = parseSpringYaml(file);
      return r.profiles.length ? { ...base, ...r } : { ...base, skipped: 'no spring.mail settings' };
    }
    case 'symfony': {
      const r = symfonyProfiles(file, ctx);
      if (!r.recognised) return { ...base, skipped: 'no framework.mailer settings' };
      return { ...base, profiles: r.profiles, symbols: r.symbols, secrets: r.secrets };
    }
    case 'sentry': {
      const r = sentryProfiles(file);
      return r.profiles.length ? { ...base, ...r } : { ...base, skipped: 'not a Sentry config.yml (no mail.* settings)' };
    }
    case 'alertmanager': {
      const r = alertmanagerProfiles(file);
      if (!r.recognised) return { ...base, skipped: 'no Alertmanager email settings' };
      return { ...base, profiles: r.profiles, symbols: r.symbols, secrets: r.secrets };
    }
  }
}

export const appYamlFormat: Format = {
  id: 'app-yaml',
  matchesPath: (path) => dialectOf(path) !== undefined,
  // One cheap test for every dialect (the sniff cannot see the path); parse() applies the dialect's own.
  sniff: (text) => /mail|smtp_smarthost|email_configs/.test(text),
  parse: parseAppYaml,
};
