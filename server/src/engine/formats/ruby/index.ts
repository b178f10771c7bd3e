// Ruby configs: Rails config/environments/*.rb and initializers, GitLab gitlab.rb. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const rubyFormat: Format = {
  id: 'ruby',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'ruby', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
