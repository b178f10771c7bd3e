// PHP: wp-config.php, plugin and theme code. (Stub: filled in by the PHP format work.)
import type { Format, ParsedFile } from '../../model';

export const phpFormat: Format = {
  id: 'php',
  matchesPath: (path) => /\.php$/i.test(path),
  sniff: (text) => /smtp|wpms_|phpmailer/i.test(text),
  parse(): ParsedFile {
    return { format: 'php', profiles: [], duplicates: [], symbols: [], comments: [], lineComment: '//', secrets: [] };
  },
};
