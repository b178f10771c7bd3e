// The one list of formats. Order matters: the first format whose path test (and content sniff) accepts a file wins.
import type { Format } from '../model';
import { dotenvFormat } from './dotenv';
import { phpFormat } from './php';
import { wpPluginJsonFormat } from './wp-plugin-json';
import { appJsonFormat } from './app-json';
import { composeFormat } from './compose';
import { appYamlFormat } from './app-yaml';
import { propertiesFormat } from './properties';
import { iniFormat } from './ini';
import { postfixFormat } from './postfix';
import { msmtpFormat } from './msmtp';
import { ssmtpFormat } from './ssmtp';
import { nullmailerFormat } from './nullmailer';
import { pythonFormat } from './python';
import { rubyFormat } from './ruby';
import { javascriptFormat } from './javascript';

export const FORMATS: readonly Format[] = [
  phpFormat,
  dotenvFormat,
  wpPluginJsonFormat,
  appJsonFormat,
  composeFormat,
  appYamlFormat,
  propertiesFormat,
  iniFormat,
  postfixFormat,
  msmtpFormat,
  ssmtpFormat,
  nullmailerFormat,
  pythonFormat,
  rubyFormat,
  javascriptFormat,
];

export type Detection = { formats: Format[]; reason?: undefined } | { formats: []; reason: string };

/**
 * The formats that may read a file, in registry order, or why there is none. Several may apply (a JSON file could
 * be a plugin dump or an app config): the caller tries them in order until one recognises the content.
 */
export function detectFormats(path: string, text: string): Detection {
  let nameMatched: Format | undefined;
  const formats: Format[] = [];
  for (const format of FORMATS) {
    if (!format.matchesPath(path)) continue;
    nameMatched ??= format;
    if (!format.sniff || format.sniff(text)) formats.push(format);
  }
  if (formats.length) return { formats };
  return nameMatched
    ? { formats: [], reason: `no mail settings found (${nameMatched.id} file)` }
    : { formats: [], reason: 'not a supported configuration file' };
}

/** Could this path hold mail settings of any format? Used to pick files before reading them. */
export function isCandidatePath(path: string): boolean {
  return FORMATS.some((f) => f.matchesPath(path));
}
