import type { Rule } from '../model';
import { hostText, remoteProfiles } from './util';

export const tlsVerifyDisabled: Rule = {
  meta: {
    id: 'tls-verify-disabled',
    title: 'Certificate checks disabled',
    defaultSeverity: 'warning',
    fixable: true,
    description: 'Certificate or host-name verification is turned off for the mail connection, so anyone on the path can impersonate the relay.',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      for (const sw of profile.verifyDisabled) {
        const edits = profile.edit.enableVerification?.(sw);
        report({
          message:
            `Certificate verification is disabled (${sw.value}): TLS to ${hostText(facts)} no longer proves who is on the other end, ` +
            'so the password and mail can be intercepted. Fix the relay certificate or point to the right CA instead.',
          span: sw.span ?? sw.keySpan ?? profile.anchor,
          related: [],
          fixes: edits?.length ? [{ title: 'Turn certificate verification back on', edits, preferred: true }] : [],
        });
      }
    }
  },
};
