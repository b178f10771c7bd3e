// dotenv files (stub; being written).
import type { Format, ParsedFile } from '../../model';

export const dotenvFormat: Format = {
  id: 'dotenv',
  matchesPath: (path) => /(^|[\\/])(\.env(\.[^\\/]*)?|[^\\/]+\.env)$/i.test(path),
  parse(): ParsedFile {
    return { format: 'dotenv', profiles: [], duplicates: [], symbols: [], comments: [], lineComment: '#', secrets: [] };
  },
};
