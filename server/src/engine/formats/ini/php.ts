// php.ini `[mail function]`: `SMTP` and `smtp_port` configure the SMTP client built into PHP's mail() on Windows.
// That client speaks plain SMTP only: no TLS and no authentication, so a remote host means plaintext on the wire and
// nothing here can switch TLS on (no fix is offered). `sendmail_path`, when set, replaces the SMTP client entirely
// (on Windows too), and is where Unix systems always send mail: then SMTP/smtp_port are not used.
import { readEnvValue } from '../../env/values';
import type { MailProfile, Setting, SettingSymbol, SymbolRole } from '../../model';
import { literal, portValue } from '../lines';
import { lastEntry, type IniDocument } from './parse';
import { IniWriter } from './writer';
import type { DialectResult } from './types';
import { keyTable } from '../../key-table';

const ECOSYSTEM = 'php-ini';
const KEYS: Record<string, SymbolRole> = keyTable({ SMTP: 'host', smtp_port: 'port', sendmail_path: 'mailer', sendmail_from: 'other' });

/** PHP directives that tell a php.ini (or a conf.d fragment) apart from another program's INI file. */
const PHP_DIRECTIVE = /^(SMTP|smtp_port|sendmail_path|sendmail_from|mail\.[a-z_]+|memory_limit|upload_max_filesize|post_max_size|max_execution_time|display_errors|error_reporting|log_errors|short_open_tag|date\.timezone|extension|zend_extension|opcache\.[a-z_]+|session\.[a-z_]+|expose_php|allow_url_fopen|disable_functions|open_basedir|output_buffering|auto_prepend_file)$/;

export function looksLikePhpIni(doc: IniDocument, name: string, path: string): boolean {
  if (/^(php(-[\w.-]+)?\.ini|\.user\.ini)$/i.test(name) || /(^|[\\/])php[\w.-]*[\\/](.*[\\/])?conf\.d[\\/]/i.test(path)) return true;
  if (doc.sections.some((s) => /^(mail function|PHP)$/i.test(s.name))) return true;
  const hits = doc.entries.filter((e) => PHP_DIRECTIVE.test(e.key)).length;
  return hits >= 2 && hits * 2 >= doc.entries.length;
}

/** The runtime value of a php.ini value: `${VAR}` (and PHP 8.3's `${VAR:-default}`) come from the environment. */
function phpValue(value: string): { text: string; origin: 'literal' | 'fallback'; reference?: string; unknown: boolean } {
  if (!value.includes('${')) return { text: value, origin: 'literal', unknown: false };
  const v = readEnvValue(value);
  if (v.reference) return v;
  return { text: '', origin: 'literal', reference: value, unknown: true };
}

export function phpIniProfiles(text: string, doc: IniDocument): DialectResult {
  const writer = new IniWriter(text, doc);
  const entries = doc.entries; // PHP reads these directives whatever section they are written in
  const smtp = lastEntry(entries, 'SMTP').winner;
  const portEntry = lastEntry(entries, 'smtp_port').winner;
  const sendmail = lastEntry(entries, 'sendmail_path').winner;
  const symbols: SettingSymbol[] = entries
    .filter((e) => KEYS[e.key])
    .map((e) => ({ key: e.key, role: KEYS[e.key], ecosystem: ECOSYSTEM, keySpan: e.keySpan, valueSpan: e.valueSpan }));
  const duplicates = writer.duplicates(entries, new Set(Object.keys(KEYS)), 'the last value wins (php.ini)');
  if (!smtp && !portEntry && !sendmail) {
    return { profiles: [], symbols, duplicates, secrets: [], skipped: 'a PHP INI file without mail settings' };
  }

  let host: Setting<string> | undefined = { value: 'localhost', origin: 'default', key: 'SMTP' };
  let inactiveReason: string | undefined;
  if (smtp) {
    const v = phpValue(smtp.value);
    host = v.unknown ? undefined : { ...literal(v.text.trim(), 'SMTP', smtp.valueSpan, smtp.keySpan), origin: v.origin, reference: v.reference };
    if (!v.unknown && !v.text.trim()) inactiveReason = 'SMTP is empty, so mail() has no server to talk to';
  }
  let port: Setting<number | string> | undefined = { value: 25, origin: 'default', key: 'smtp_port' };
  if (portEntry) {
    const v = phpValue(portEntry.value);
    if (v.unknown) port = undefined;
    else if (v.text.trim()) port = { ...literal(portValue(v.text), 'smtp_port', portEntry.valueSpan, portEntry.keySpan), origin: v.origin, reference: v.reference };
  }
  const sendmailPath = sendmail ? phpValue(sendmail.value) : undefined;
  if (sendmailPath && (sendmailPath.unknown || sendmailPath.text.trim())) {
    inactiveReason = 'sendmail_path is set: mail() hands messages to that program, not to the SMTP server (check its own configuration)';
  }
  const anchorEntry = smtp ?? portEntry ?? sendmail!;
  const profile: MailProfile = {
    label: 'php.ini mail() SMTP client (Windows)',
    ecosystem: ECOSYSTEM,
    active: inactiveReason === undefined,
    inactiveReason,
    host,
    port,
    // Not a setting anyone can change: the client has no TLS at all. Reported on the SMTP line.
    tls: { value: 'none', origin: 'implied', key: "PHP's built-in Windows mail() client, which has no TLS (send through a local mail server instead)" },
    verifyDisabled: [],
    anchor: anchorEntry.span,
    // Neither TLS nor a port change can make this client encrypt: no transport fix.
    edit: {},
  };
  return { profiles: [profile], symbols, duplicates, secrets: [] };
}
