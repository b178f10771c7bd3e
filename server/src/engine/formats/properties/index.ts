// Spring Boot application*.properties (spring.mail.*, mail.smtp.*). (Stub: not implemented yet; matches no file.)
import type { Format, ParsedFile } from '../../model';

export const propertiesFormat: Format = {
  id: 'properties',
  matchesPath: () => false,
  parse(): ParsedFile {
    return { format: 'properties', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not implemented' };
  },
};
