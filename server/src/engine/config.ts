// The .smtp-lint.json config: rule severities, extra local hosts, ignore globs. Validated, never executed.
import type { RuleId, SeveritySetting } from './model';

export const CONFIG_FILE_NAME = '.smtp-lint.json';

export interface SmtpLintConfig {
  rules?: Partial<Record<RuleId, SeveritySetting>>;
  localHosts?: string[];
  ignore?: string[];
  /** Files larger than this many bytes are skipped with a note. */
  maxFileSize?: number;
}

export const DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024;

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint', 'off']);

/** Parse and validate config text; errors name the offending key. */
export function parseConfig(text: string, knownRules: readonly string[]): { config: SmtpLintConfig; errors: string[] } {
  const errors: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { config: {}, errors: [`invalid JSON: ${(e as Error).message}`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config: {}, errors: ['the config must be a JSON object'] };
  }
  const obj = raw as Record<string, unknown>;
  const config: SmtpLintConfig = {};
  for (const key of Object.keys(obj)) {
    if (!['rules', 'localHosts', 'ignore', 'maxFileSize', '$schema'].includes(key)) errors.push(`unknown key "${key}"`);
  }
  if (obj.rules !== undefined) {
    if (typeof obj.rules !== 'object' || obj.rules === null || Array.isArray(obj.rules)) {
      errors.push('"rules" must be an object of rule id to severity');
    } else {
      config.rules = {};
      for (const [id, sev] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (!knownRules.includes(id)) errors.push(`unknown rule "${id}" in "rules"`);
        else if (typeof sev !== 'string' || !SEVERITIES.has(sev)) errors.push(`rule "${id}": severity must be error, warning, info, hint or off`);
        else config.rules[id as RuleId] = sev as SeveritySetting;
      }
    }
  }
  for (const key of ['localHosts', 'ignore'] as const) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) errors.push(`"${key}" must be an array of strings`);
    else config[key] = v as string[];
  }
  if (obj.maxFileSize !== undefined) {
    if (typeof obj.maxFileSize !== 'number' || !Number.isInteger(obj.maxFileSize) || obj.maxFileSize <= 0) {
      errors.push('"maxFileSize" must be a positive integer (bytes)');
    } else config.maxFileSize = obj.maxFileSize;
  }
  return { config, errors };
}

/** Later layers win: a config file, then settings or command-line options. */
export function mergeConfigs(...layers: (SmtpLintConfig | undefined)[]): SmtpLintConfig {
  const out: SmtpLintConfig = { rules: {}, localHosts: [], ignore: [] };
  for (const layer of layers) {
    if (!layer) continue;
    Object.assign(out.rules!, layer.rules);
    out.localHosts!.push(...(layer.localHosts ?? []));
    out.ignore!.push(...(layer.ignore ?? []));
    if (layer.maxFileSize !== undefined) out.maxFileSize = layer.maxFileSize;
  }
  return out;
}
