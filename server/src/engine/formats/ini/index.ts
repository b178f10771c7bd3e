// INI configs: php.ini [mail function], Gitea/Forgejo app.ini [mailer], Grafana [smtp]. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const iniFormat: Format = {
  id: 'ini',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'ini', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
