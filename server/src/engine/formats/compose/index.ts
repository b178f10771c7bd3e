// Compose files: environment of every service, env_file references, ${VAR:-default} interpolation. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const composeFormat: Format = {
  id: 'compose',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'compose', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
