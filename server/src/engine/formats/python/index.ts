// Python settings: Django settings.py and settings/*.py, Flask-Mail config. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const pythonFormat: Format = {
  id: 'python',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'python', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
