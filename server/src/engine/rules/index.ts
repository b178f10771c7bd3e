// The rule registry: every rule, in the order they run. Ids are stable; retired ids stay listed as comments.
import type { Rule, RuleId } from '../model';
import { authDisabled } from './auth-disabled';
import { duplicateSetting } from './duplicate-setting';
import { invalidPort } from './invalid-port';
import { missingTls } from './missing-tls';
import { plaintextPassword } from './plaintext-password';
import { port25 } from './port-25';
import { providerPort } from './provider-port';
import { tlsNotEnforced } from './tls-not-enforced';
import { tlsPortMismatch } from './tls-port-mismatch';
import { tlsVerifyDisabled } from './tls-verify-disabled';

export const RULES: readonly Rule[] = [
  port25,
  missingTls,
  tlsNotEnforced,
  tlsPortMismatch,
  tlsVerifyDisabled,
  authDisabled,
  plaintextPassword,
  invalidPort,
  providerPort,
  duplicateSetting,
];

export const RULE_IDS: readonly RuleId[] = RULES.map((r) => r.meta.id);

/** Docs page of a rule, relative to the repository root. */
export function ruleDocPath(id: RuleId): string {
  return `docs/rules/${id}.md`;
}

export const DOCS_BASE_URL = 'https://github.com/smtp-lint/smtp-lint/blob/main/';

export function ruleDocUrl(id: RuleId): string {
  return DOCS_BASE_URL + ruleDocPath(id);
}
