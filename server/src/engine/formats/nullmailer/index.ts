// nullmailer remotes. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const nullmailerFormat: Format = {
  id: 'nullmailer',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'nullmailer', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
