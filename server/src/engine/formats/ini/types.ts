import type { DuplicateSetting, MailProfile, SettingSymbol } from '../../model';

/** What one INI dialect (php.ini, Gitea/Forgejo, Grafana) makes of a file. */
export interface DialectResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  duplicates: DuplicateSetting[];
  secrets: string[];
  skipped?: string;
}
