import type { Rule } from '../model';
import { hostText, originNote, portOf, providerPort, remoteProfiles, spanOf, transportFix } from './util';

export const tlsNotEnforced: Rule = {
  meta: {
    id: 'tls-not-enforced',
    title: 'TLS only opportunistic',
    defaultSeverity: 'info',
    fixable: true,
    description: 'The client upgrades with STARTTLS only when the server offers it; an attacker on the path can strip the offer.',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      if (profile.tlsGuessed || profile.tls.value !== 'opportunistic') continue;
      const port = portOf(profile);
      if (port === 465 && !profile.tlsFromPort) continue; // a mismatch, reported by tls-port-mismatch
      const target = port !== undefined && port !== 25 && port !== 465 ? port : providerPort(facts.provider, 'starttls') ?? 587;
      const fix = transportFix(profile, target, 'starttls', true);
      report({
        message:
          `TLS is only opportunistic${originNote(profile.tls)}: the connection to ${hostText(facts)} uses STARTTLS when the server offers it ` +
          'and silently stays in plaintext when the offer is stripped. Require STARTTLS (or use implicit TLS on 465).',
        span: spanOf(profile.tls, profile),
        related: [],
        fixes: fix ? [fix] : [],
      });
    }
  },
};
