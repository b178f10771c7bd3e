// The `smtpLint.*` settings a client sends, validated into a typed object. Anything malformed falls back to the
// default for that one key, so a typo in settings.json never stops linting.
import type { SmtpLintConfig } from '../engine/config';
import type { RuleId, SeveritySetting } from '../engine/model';
import { RULE_IDS } from '../engine/rules';

export type RunMode = 'onType' | 'onSave';

export interface SmtpLintSettings {
  enable: boolean;
  run: RunMode;
  /** Per-rule severity overrides; they win over `.smtp-lint.json`. */
  rules: Partial<Record<RuleId, SeveritySetting>>;
  localHosts: string[];
  /** Globs (picomatch) of files not to lint, matched against the workspace-relative path and the absolute path. */
  exclude: string[];
  /** Show the "Test connection" code lens on each active mail profile (`smtpLint.codeLens.testConnection`). */
  testConnectionLens: boolean;
}

export const DEFAULT_SETTINGS: Readonly<SmtpLintSettings> = Object.freeze({
  enable: true,
  run: 'onType',
  rules: {},
  localHosts: [],
  exclude: [],
  testConnectionLens: true,
});

const SEVERITY_SETTINGS = new Set<string>(['error', 'warning', 'info', 'hint', 'off']);

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : undefined;
}

/** Turn whatever the client sent for the `smtpLint` section into settings; returns the problems it skipped. */
export function normaliseSettings(raw: unknown): { settings: SmtpLintSettings; problems: string[] } {
  const problems: string[] = [];
  const settings: SmtpLintSettings = { ...DEFAULT_SETTINGS, rules: {}, localHosts: [], exclude: [] };
  if (raw === null || raw === undefined) return { settings, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push('the smtpLint settings must be an object');
    return { settings, problems };
  }
  const obj = raw as Record<string, unknown>;
  if (typeof obj.enable === 'boolean') settings.enable = obj.enable;
  else if (obj.enable !== undefined) problems.push('smtpLint.enable must be true or false');
  if (obj.run === 'onType' || obj.run === 'onSave') settings.run = obj.run;
  else if (obj.run !== undefined) problems.push('smtpLint.run must be "onType" or "onSave"');
  if (obj.rules && typeof obj.rules === 'object' && !Array.isArray(obj.rules)) {
    for (const [id, sev] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (!(RULE_IDS as readonly string[]).includes(id)) problems.push(`smtpLint.rules: unknown rule "${id}"`);
      else if (typeof sev !== 'string' || !SEVERITY_SETTINGS.has(sev)) problems.push(`smtpLint.rules["${id}"] must be error, warning, info, hint or off`);
      else settings.rules[id as RuleId] = sev as SeveritySetting;
    }
  } else if (obj.rules !== undefined) problems.push('smtpLint.rules must be an object of rule id to severity');
  settings.localHosts = stringArray(obj.localHosts) ?? [];
  settings.exclude = stringArray(obj.exclude) ?? [];
  // VS Code sends dotted settings nested: `smtpLint.codeLens.testConnection` arrives as { codeLens: { testConnection } }.
  const codeLens = obj.codeLens;
  if (codeLens !== undefined && (codeLens === null || typeof codeLens !== 'object' || Array.isArray(codeLens))) {
    problems.push('smtpLint.codeLens must be an object');
  } else if (codeLens !== undefined) {
    const lens = (codeLens as Record<string, unknown>).testConnection;
    if (typeof lens === 'boolean') settings.testConnectionLens = lens;
    else if (lens !== undefined) problems.push('smtpLint.codeLens.testConnection must be true or false');
  }
  return { settings, problems };
}

/** The part of the settings that is engine config, as the last (winning) layer for mergeConfigs. */
export function settingsAsConfig(s: SmtpLintSettings): SmtpLintConfig {
  return { rules: { ...s.rules }, localHosts: [...s.localHosts] };
}
