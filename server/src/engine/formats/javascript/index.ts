// Nodemailer createTransport() in JavaScript/TypeScript. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const javascriptFormat: Format = {
  id: 'javascript',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'javascript', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
