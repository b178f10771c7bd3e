// The engine's public surface, shared by the CLI and the language server.
export * from './model';
export { lintText, severityFor, type LintOptions, type LintResult } from './lint';
export { fixAll, collectPreferredEdits } from './fix';
export { RULES, RULE_IDS, ruleDocUrl, ruleDocPath } from './rules';
export { FORMATS, detectFormats, isCandidatePath } from './formats';
export { parseConfig, mergeConfigs, CONFIG_FILE_NAME, DEFAULT_MAX_FILE_SIZE, type SmtpLintConfig } from './config';
export { LineIndex, applyEdits, detectEol, type Position } from './text';
export { redact } from './redact';
export { findProvider, isLocalHost, isDevMailCatcher, PROVIDERS, type Provider } from './hosts';
export { directiveText } from './suppress';
