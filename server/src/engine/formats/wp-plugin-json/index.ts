// WordPress mail-plugin settings dumped as JSON (`wp option get <option> --format=json`, plugin exports), recognised
// by shape under any file name: WP Mail SMTP `wp_mail_smtp`, Easy WP SMTP 2.x `easy_wp_smtp` and 1.x
// `swpsmtp_options`, the Easy WP SMTP export file, FluentSMTP `fluentmail-settings`, Post SMTP `postman_options`.
// Each may stand alone or be wrapped as { "<option name>": { ... } }. Any other JSON is skipped without findings.
import type { Node } from 'jsonc-parser';
import type { Format, MailProfile, ParsedFile } from '../../model';
import { withoutEdits } from '../without-edits';
import { Collector } from './collector';
import { isEasyWpSmtp1Options, isEasyWpSmtpExport, readEasyWpSmtp1Options, readEasyWpSmtpExport } from './easy-wp-smtp';
import { isFluentSmtpSettings, readFluentSmtpSettings } from './fluentsmtp';
import { fileDoc, keyOf, objectAt, properties, valueAt, type JsonDoc } from './json-doc';
import { isPostSmtpOptions, readPostSmtpOptions } from './post-smtp';
import { isWpMailSmtpOptions, readWpMailSmtpOptions, wpVariant } from './wp-mail-smtp';

export const NOT_A_DUMP = 'not a mail-plugin settings dump';

/** Key names only these dumps use at their top levels (also matches them escaped inside an export's "data"). */
const SNIFF =
  /"(?:mail|smtp|wp_mail_smtp|easy_wp_smtp|connections|fluentmail-settings|postman_options|transport_type|hostname|enc_type|swpsmtp_options|smtp_settings|data)\\?"\s*:/;

type Where = 'file' | 'export';

/** The option names a dump may be wrapped in, and how to read each. */
const WRAPPERS: Record<string, (doc: JsonDoc, options: Node, parent: Node, c: Collector) => MailProfile[]> = {
  wp_mail_smtp: (doc, options, _parent, c) => [readWpMailSmtpOptions(doc, options, c, wpVariant('wp-mail-smtp', 'wp_mail_smtp'))],
  easy_wp_smtp: (doc, options, _parent, c) => [readWpMailSmtpOptions(doc, options, c, wpVariant('easy-wp-smtp', 'easy_wp_smtp'))],
  'fluentmail-settings': (doc, options, _parent, c) => readFluentSmtpSettings(doc, options, c),
  postman_options: (doc, options, _parent, c) => readPostSmtpOptions(doc, options, c),
  // In a 1.x export, swpsmtp_pass_encrypted and swpsmtp_enc_key sit next to swpsmtp_options.
  swpsmtp_options: (doc, options, parent, c) => (isEasyWpSmtp1Options(options) ? [readEasyWpSmtp1Options(doc, options, parent, c)] : []),
};

/** Options that only Easy WP SMTP 2.x has, to tell its dump from WP Mail SMTP's (same shape otherwise). */
function looksLikeEasyWpSmtp2(options: Node): boolean {
  const general = objectAt(options, 'general');
  return valueAt(general, 'allow_smtp_insecure_ssl') !== undefined || valueAt(general, 'domain_check_allowed_domains') !== undefined;
}

/** The profiles of a settings object, or undefined when it is none of the known shapes. */
function readSettings(doc: JsonDoc, obj: Node, c: Collector, where: Where): MailProfile[] | undefined {
  const wrapped = [...new Set(properties(obj).map(keyOf))].filter((k) => k in WRAPPERS && objectAt(obj, k));
  if (wrapped.length > 0) {
    c.scanObject(doc, obj, '');
    return wrapped.flatMap((k) => WRAPPERS[k](doc, objectAt(obj, k)!, obj, c));
  }
  if (isWpMailSmtpOptions(obj)) {
    const easy = where === 'export' || looksLikeEasyWpSmtp2(obj);
    const variant = easy ? wpVariant('easy-wp-smtp', where === 'export' ? 'export' : 'easy_wp_smtp') : wpVariant('wp-mail-smtp', 'wp_mail_smtp');
    return [readWpMailSmtpOptions(doc, obj, c, variant)];
  }
  if (isFluentSmtpSettings(obj)) return readFluentSmtpSettings(doc, obj, c);
  if (isPostSmtpOptions(obj)) return readPostSmtpOptions(doc, obj, c);
  if (isEasyWpSmtp1Options(obj)) return [readEasyWpSmtp1Options(doc, obj, undefined, c)];
  return undefined;
}

export function parseWpPluginJson(text: string): ParsedFile {
  const base: ParsedFile = { format: 'wp-plugin-json', profiles: [], duplicates: [], symbols: [], comments: [], lineComment: undefined, secrets: [] };
  const doc = fileDoc(text);
  const root = doc.root;
  if (root?.type !== 'object') return { ...base, skipped: NOT_A_DUMP };
  const c = new Collector();
  let brokenSyntax = doc.hasErrors;
  const result = isEasyWpSmtpExport(root)
    ? readEasyWpSmtpExport(doc, root, c, (inner, innerRoot) => {
        brokenSyntax ||= inner.hasErrors;
        return readSettings(inner, innerRoot, c, 'export');
      })
    : readSettings(doc, root, c, 'file') ?? { skipped: NOT_A_DUMP };
  if (!Array.isArray(result)) return { ...base, secrets: c.secrets, skipped: result.skipped };
  const parsed = { ...base, profiles: result, duplicates: c.duplicates, symbols: c.symbols, secrets: c.secrets };
  // Judged from what could be read, but JSON with syntax errors (the file, or the export's inner "data") is not
  // edited: jsonc-parser's recovery reads the text differently than the plugin would, so an edit could land after
  // the closing brace, and the recovered tree looks the same after it (each --fix pass would insert the key again).
  return brokenSyntax ? withoutEdits(parsed) : parsed;
}

export const wpPluginJsonFormat: Format = {
  id: 'wp-plugin-json',
  matchesPath: (path) => /\.json$/i.test(path),
  sniff: (text) => SNIFF.test(text),
  parse: (text) => parseWpPluginJson(text),
};
