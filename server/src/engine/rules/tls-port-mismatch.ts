import type { Fix, Rule } from '../model';
import { originNote, portOf, providerPort, related, remoteProfiles, spanOf, transportFix } from './util';

/** Ports that speak plaintext first (STARTTLS ports). */
const STARTTLS_PORTS = new Set([25, 587, 2525, 2587, 8025]);

export const tlsPortMismatch: Rule = {
  meta: {
    id: 'tls-port-mismatch',
    title: 'Port and encryption do not match',
    defaultSeverity: 'error',
    fixable: true,
    description: 'STARTTLS (or plaintext) on port 465, or implicit TLS on a STARTTLS port such as 587: the connection hangs or fails the handshake.',
  },
  check({ file, options, report }) {
    for (const [profile, facts] of remoteProfiles(file.profiles, options)) {
      if (profile.tlsGuessed || profile.tlsFromPort) continue;
      const port = portOf(profile);
      if (port === undefined) continue;
      const mode = profile.tls.value;
      const provider = facts.provider;
      // Only ports the provider accepts (Postmark has no 465); `keep` keeps a STARTTLS port the user chose.
      const implicit = () => {
        const p = providerPort(provider, 'implicit');
        return p === undefined ? undefined : transportFix(profile, p, 'implicit', false);
      };
      const starttls = (keep?: number) => {
        const p = keep ?? providerPort(provider, 'starttls');
        return p === undefined ? undefined : transportFix(profile, p, 'starttls', false);
      };
      let message: string | undefined;
      let fixes: (Fix | undefined)[] = [];
      if (port === 465 && mode !== 'implicit' && !provider?.starttls.includes(465)) {
        message =
          mode === 'starttls'
            ? `Port 465 expects implicit TLS from the first byte, but this connection uses STARTTLS${originNote(profile.tls)}: the client waits for a greeting that never comes and times out.`
            : `Port 465 expects implicit TLS from the first byte, but this connection starts in plaintext${originNote(profile.tls)}: it hangs until it times out.`;
        fixes = mode === 'starttls' ? [starttls(), implicit()] : [implicit(), starttls()];
      } else if (mode === 'implicit' && (STARTTLS_PORTS.has(port) || provider?.starttls.includes(port)) && !provider?.implicit.includes(port)) {
        message =
          `Implicit TLS${originNote(profile.tls)} on port ${port}, which starts in plaintext and expects STARTTLS: ` +
          'the TLS handshake fails ("wrong version number").';
        fixes = [implicit(), starttls(port === 25 ? undefined : port)];
      }
      if (!message) continue;
      const tlsWritten = profile.tls.span !== undefined;
      report({
        message,
        span: tlsWritten ? profile.tls.span! : spanOf(profile.port, profile),
        related: tlsWritten ? related(profile.port, `port ${port}`) : related(profile.tls, 'the encryption setting'),
        fixes: fixes.filter((f): f is Fix => f !== undefined).map((f, i) => ({ ...f, preferred: i === 0 })),
      });
    }
  },
};
