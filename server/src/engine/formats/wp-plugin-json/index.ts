// WordPress mail-plugin settings dumped as JSON. (Stub: filled in by the plugin-JSON format work.)
import type { Format, ParsedFile } from '../../model';

export const wpPluginJsonFormat: Format = {
  id: 'wp-plugin-json',
  matchesPath: (path) => /\.json$/i.test(path),
  sniff: (text) => /"(smtp|connections|hostname|data|mail)"/.test(text),
  parse(): ParsedFile {
    return { format: 'wp-plugin-json', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], skipped: 'not a mail-plugin settings dump' };
  },
};
