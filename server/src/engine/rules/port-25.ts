import type { Rule } from '../model';
import { hostText, originNote, portOf, related, remoteProfiles, secureTransportFixes, spanOf } from './util';

export const port25: Rule = {
  meta: {
    id: 'port-25',
    title: 'SMTP submission on port 25',
    defaultSeverity: 'warning',
    fixable: true,
    description: 'Mail is sent to a remote relay on port 25, which almost every host and cloud blocks for outbound traffic.',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      if (portOf(profile) !== 25 || facts.provider?.port25Expected) continue;
      report({
        message:
          `Port 25${originNote(profile.port)} is blocked for outbound mail by most hosts and clouds (AWS, Google Cloud, Azure, DigitalOcean, shared hosting), ` +
          `so mail to ${hostText(facts)} is likely to be lost. Submit on 587 with STARTTLS or 465 with implicit TLS.`,
        span: spanOf(profile.port, profile),
        related: related(profile.host, 'the relay host'),
        // Keep the user's choice of implicit TLS when it is written down; otherwise STARTTLS on 587.
        fixes: secureTransportFixes(profile, facts, profile.tls.value === 'implicit' && profile.tls.origin === 'literal' ? 'implicit' : 'starttls'),
      });
    }
  },
};
