// INI configs: php.ini `[mail function]` (and conf.d fragments, .user.ini), Gitea/Forgejo app.ini `[mailer]`, Grafana
// `[smtp]`. Every `*.ini` file is a candidate; its name and content decide which program reads it, and INI files of
// any other program (database, LDAP, IMAP settings ...) are skipped with a reason.
import type { Format, ParsedFile } from '../../model';
import { basename } from '../path';
import { giteaProfiles, looksLikeGitea } from './gitea';
import { grafanaProfiles, looksLikeGrafana } from './grafana';
import { parseIni, type IniDialect } from './parse';
import { looksLikePhpIni, phpIniProfiles } from './php';
import type { DialectResult } from './types';

/** A mail section or directive anywhere in the file: cheap test before parsing. */
const MAIL_HINT = /^[ \t]*(\[[ \t]*(mail function|mailer|smtp)[ \t]*\]|(SMTP|smtp_port|sendmail_path)[ \t]*=)/im;

function empty(skipped: string): ParsedFile {
  return { format: 'ini', profiles: [], duplicates: [], symbols: [], comments: [], secrets: [], lineComment: ';', skipped };
}

export const iniFormat: Format = {
  id: 'ini',
  matchesPath: (path) => /\.ini$/i.test(basename(path)),
  sniff: (text) => MAIL_HINT.test(text),
  parse(text, ctx): ParsedFile {
    const name = basename(ctx.path);
    // The dialects differ in value syntax only; the go-ini reading decides which program's file this is.
    const probe = parseIni(text, 'go-ini');
    let dialect: IniDialect = 'go-ini';
    let result: DialectResult | undefined;
    if (looksLikePhpIni(probe, name, ctx.path)) {
      dialect = 'php';
      result = phpIniProfiles(text, parseIni(text, 'php'));
    } else if (looksLikeGitea(probe, name)) {
      result = giteaProfiles(text, probe);
    } else if (looksLikeGrafana(probe, name, ctx.path)) {
      result = grafanaProfiles(text, probe);
    }
    if (!result) return empty('an INI file without php.ini mail settings, a Gitea/Forgejo [mailer] or a Grafana [smtp] section');
    const doc = dialect === 'php' ? parseIni(text, 'php') : probe;
    return {
      format: 'ini',
      profiles: result.profiles,
      duplicates: result.duplicates,
      symbols: result.symbols,
      comments: doc.comments,
      lineComment: ';',
      secrets: result.secrets,
      skipped: result.skipped,
    };
  },
};
