// sSMTP ssmtp.conf: mailhub, UseTLS, UseSTARTTLS. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const ssmtpFormat: Format = {
  id: 'ssmtp',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'ssmtp', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
