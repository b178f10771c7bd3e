import type { Rule } from '../model';
import { originNote, portOf, providerPortsText, related, remoteProfiles, secureTransportFixes, spanOf } from './util';

export const providerPort: Rule = {
  meta: {
    id: 'provider-port',
    title: 'Port not offered by the provider',
    defaultSeverity: 'warning',
    fixable: true,
    description: 'A known mail provider is configured with a port it does not accept (Postmark or Microsoft 365 on 465, ...).',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      const provider = facts.provider;
      const port = portOf(profile);
      if (!provider || port === undefined || port === 25) continue; // 25 is port-25's finding
      if (provider.starttls.includes(port) || provider.implicit.includes(port)) continue;
      report({
        message: `${provider.name} (${facts.host}) does not accept port ${port}${originNote(profile.port)}; it accepts ${providerPortsText(provider)}.`,
        span: spanOf(profile.port, profile),
        related: related(profile.host, `${provider.name} host`),
        fixes: secureTransportFixes(profile, facts),
      });
    }
  },
};
