// App configs as JSON: Ghost config.*.json (mail.options), Keycloak realm exports (smtpServer). (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const appJsonFormat: Format = {
  id: 'app-json',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'app-json', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
