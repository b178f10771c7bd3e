// Postfix main.cf: relayhost, smtp_tls_security_level, smtp_sasl_auth_enable, smtp_tls_wrappermode. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const postfixFormat: Format = {
  id: 'postfix',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'postfix', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
