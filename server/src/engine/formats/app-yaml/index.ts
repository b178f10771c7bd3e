// App configs as YAML: Symfony mailer.yaml, Spring Boot application*.yml, Sentry config.yml, Alertmanager. (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const appYamlFormat: Format = {
  id: 'app-yaml',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'app-yaml', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
