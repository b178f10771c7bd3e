import type { Rule } from '../model';
import { hostText, originNote, portOf, related, remoteProfiles, secureTransportFixes, spanOf } from './util';

export const missingTls: Rule = {
  meta: {
    id: 'missing-tls',
    title: 'Connection never encrypted',
    defaultSeverity: 'warning',
    fixable: true,
    description: 'Encryption is off with no opportunistic upgrade, so mail (and any password) crosses the network in plaintext.',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      if (profile.tlsGuessed || profile.tls.value !== 'none') continue;
      // Plaintext on 465 is reported as a port/encryption mismatch instead.
      if (portOf(profile) === 465 && !profile.tlsFromPort) continue;
      const sendsCredentials = profile.auth?.value === true || (profile.password && profile.password.value.kind !== 'empty');
      report({
        message:
          `Encryption is off${originNote(profile.tls)}: mail to ${hostText(facts)} is sent in plaintext` +
          (sendsCredentials ? ', and so are the SMTP username and password.' : '.') +
          ' Use STARTTLS on 587 or implicit TLS on 465.',
        span: spanOf(profile.tls, profile),
        related: related(profile.port, 'the port'),
        fixes: secureTransportFixes(profile, facts),
      });
    }
  },
};
