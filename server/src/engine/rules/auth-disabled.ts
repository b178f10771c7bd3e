import type { Rule } from '../model';
import { hostText, originNote, related, remoteProfiles, spanOf } from './util';

export const authDisabled: Rule = {
  meta: {
    id: 'auth-disabled',
    title: 'Authentication off for a remote relay',
    defaultSeverity: 'warning',
    fixable: false,
    description: 'SMTP authentication is off towards a remote relay that does not accept mail by sender IP; the relay will reject the mail.',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      if (profile.auth?.value !== false || !facts.host || facts.provider?.ipAllowListed) continue;
      report({
        message:
          `SMTP authentication is off${originNote(profile.auth)} for ${hostText(facts)}: remote relays reject unauthenticated mail ` +
          'unless they allow your server by IP. Turn authentication on and set the username and password.',
        span: spanOf(profile.auth, profile),
        related: related(profile.host, 'the relay host'),
        fixes: [],
      });
    }
  },
};
