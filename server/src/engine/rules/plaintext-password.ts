import { isDevMailCatcher } from '../hosts';
import type { Rule } from '../model';

/** Values people leave in templates; they are not secrets. */
const PLACEHOLDER = [
  /^(your|my|the|enter|insert|put)?[-_ .]*(smtp|mail|email|app|account|gmail|relay)?[-_ .]*(password|passwd|pass|pwd|secret|key|api[-_ ]?key|token)[-_ .]*(here)?$/i,
  /^(change[-_ ]?me|changeit|placeholder|example|dummy|fake|secret|password\d*|pass|todo|tbd|null|none|undefined|empty|xxx+|\*+|\.+|-+|x+)$/i,
  /^<[^>]*>$/, // <password>
  /^\{\{.*\}\}$/, // {{ password }}
  /^\$\{.*\}$/, // ${VAR}
  /^%[^%]+%$/, // %env(X)%
  /^\[.*\]$/,
  /^fake[-_]/i,
  /(x{4,}|\*{3,}|\.{3,})/i, // SG.xxxx, ****, ...
  // Words around "password"/"secret"/"changeme": `your-mailgun-password`, `my-secret-password`, `smtp_password_here`.
  /^([a-z]+[-_. ])*(password|passwd|secret|changeme|placeholder)([-_. ][a-z]+)*\d{0,3}$/i,
];

/** Placeholders are short; a longer value is a real secret (and the patterns never see hostile 100 KB input). */
const MAX_PLACEHOLDER_LENGTH = 64;

export function isPlaceholderSecret(text: string): boolean {
  const t = text.trim();
  if (t.length < 4) return true;
  if (t.length > MAX_PLACEHOLDER_LENGTH) return /^(.)\1*$/s.test(t); // only a run of one character (xxxx…, ****…)
  return PLACEHOLDER.some((re) => re.test(t));
}

export const plaintextPassword: Rule = {
  meta: {
    id: 'plaintext-password',
    title: 'SMTP password written in plaintext',
    defaultSeverity: 'warning',
    fixable: false,
    description: 'A real-looking SMTP password is written literally in a committed file such as wp-config.php or plugin code.',
  },
  check({ file, report }) {
    for (const profile of file.profiles) {
      const pw = profile.password;
      if (!pw || profile.secretsFile || pw.value.kind !== 'literal' || !pw.span) continue;
      if (isPlaceholderSecret(pw.value.text) || isDevMailCatcher(profile.host?.value)) continue;
      report({
        message:
          `The SMTP password (${pw.key}) is written in plaintext in this file, so everyone with access to the code or its history can read it. ` +
          'Read it from the environment or a secret store instead, and rotate it if this file was ever committed.',
        span: pw.span,
        related: [],
        fixes: [],
      });
    }
  },
};
