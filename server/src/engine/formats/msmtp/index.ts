// msmtp configuration: .msmtprc, msmtprc, msmtp/config. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const msmtpFormat: Format = {
  id: 'msmtp',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'msmtp', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
