// What Gitea's `[mailer]` and Grafana's `[smtp]` readers share: both are go-ini sections (case-sensitive keys, the
// last value wins), read the same way before each applies its own meaning.
import type { DuplicateSetting, SettingSymbol, Span, SymbolRole } from '../../model';
import { lastEntry, sectionEntries, type IniDocument, type IniEntry } from './parse';
import { IniWriter } from './writer';

export interface GoIniSection {
  writer: IniWriter;
  entries: IniEntry[];
  /** The value that wins for a key (go-ini: the last one). */
  get(key: string): IniEntry | undefined;
  symbols: SettingSymbol[];
  duplicates: DuplicateSetting[];
  /** The `[section]` line, where new keys go when no key of the section can anchor them. */
  headerSpan: Span | undefined;
}

/** Read `[section]` (which the caller knows is present) with the roles in `keys`. */
export function goIniSection(text: string, doc: IniDocument, section: string, keys: Record<string, SymbolRole>, ecosystem: string): GoIniSection {
  const writer = new IniWriter(text, doc);
  const entries = sectionEntries(doc, section);
  const symbols = entries
    .filter((e) => keys[e.key])
    .map((e) => ({ key: `[${section}] ${e.key}`, role: keys[e.key], ecosystem, keySpan: e.keySpan, valueSpan: e.valueSpan }));
  return {
    writer,
    entries,
    get: (key) => lastEntry(entries, key).winner,
    symbols,
    duplicates: writer.duplicates(entries, new Set(Object.keys(keys)), 'the last value wins (go-ini)'),
    headerSpan: doc.sections.find((s) => s.name === section)?.headerSpan,
  };
}
