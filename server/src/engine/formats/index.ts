// The one list of formats. Order matters: the first format whose path test (and content sniff) accepts a file wins.
import type { Format } from '../model';
import { dotenvFormat } from './dotenv';
import { phpFormat } from './php';
import { wpPluginJsonFormat } from './wp-plugin-json';

export const FORMATS: readonly Format[] = [phpFormat, dotenvFormat, wpPluginJsonFormat];

export type Detection = { format: Format } | { format?: undefined; reason: string };

/** The format for a file, or why it has none. */
export function detectFormat(path: string, text: string): Detection {
  let nameMatched: Format | undefined;
  for (const format of FORMATS) {
    if (!format.matchesPath(path)) continue;
    nameMatched ??= format;
    if (!format.sniff || format.sniff(text)) return { format };
  }
  return nameMatched
    ? { reason: `no mail settings found (${nameMatched.id} file)` }
    : { reason: 'not a supported configuration file' };
}

/** Could this path hold mail settings of any format? Used to pick files before reading them. */
export function isCandidatePath(path: string): boolean {
  return FORMATS.some((f) => f.matchesPath(path));
}
