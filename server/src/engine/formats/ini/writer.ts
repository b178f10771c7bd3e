// Edits on INI entries in the file's own style: values replaced inside their quotes, new keys on their own line
// after a related key with the same indentation and spacing around `=`.
import type { DuplicateSetting, Span, TextEdit } from '../../model';
import { insertLinesAfter, removeLines } from '../lines';
import type { IniDocument, IniEntry } from './parse';

export class IniWriter {
  constructor(
    private readonly text: string,
    private readonly doc: IniDocument,
  ) {}

  replaceValue(entry: IniEntry, value: string): TextEdit | undefined {
    if (entry.value === value) return undefined;
    return { ...entry.valueSpan, newText: value };
  }

  /** `key = value` written like `like` (its indentation and its spacing around the delimiter). */
  lineFor(like: IniEntry, key: string, value: string): string {
    const line = this.doc.lines[like.firstLine].text;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const d = like.delimiter.trim() || '=';
    const before = /^\s/.test(like.delimiter) ? ' ' : '';
    const after = /\s$/.test(like.delimiter) ? ' ' : '';
    return `${indent}${key}${before}${d}${after}${value}`;
  }

  /** New lines right after an entry (after its last line when its value spans several). */
  insertAfter(entry: IniEntry, lines: { key: string; value: string }[]): TextEdit {
    return insertLinesAfter(this.text, this.doc.lines[entry.lastLine].end, lines.map((l) => this.lineFor(entry, l.key, l.value)));
  }

  /** New lines right after a section header, for a section that has no entry to copy the style from. */
  insertAfterHeader(header: Span, lines: { key: string; value: string }[]): TextEdit {
    const lineEnd = this.doc.lines.find((l) => l.start <= header.start && header.start <= l.end)?.end ?? header.end;
    return insertLinesAfter(this.text, lineEnd, lines.map((l) => `${l.key} = ${l.value}`));
  }

  remove(entry: IniEntry): TextEdit {
    return removeLines(this.doc.lines, entry.firstLine, entry.lastLine);
  }

  /** Duplicates of the keys a dialect reads: the last definition wins (PHP and go-ini alike). */
  duplicates(entries: readonly IniEntry[], keys: ReadonlySet<string>, rule: string): DuplicateSetting[] {
    const out: DuplicateSetting[] = [];
    for (const key of keys) {
      const all = entries.filter((e) => e.key === key);
      const winner = all[all.length - 1];
      for (const loser of all.slice(0, -1)) {
        out.push({ key, winner: winner.span, loser: loser.span, rule, removal: [this.remove(loser)] });
      }
    }
    return out;
  }
}

/** Merge edits that insert at the same offset into one, so several new lines land in a fixed order. */
export function mergeInsertions(edits: (TextEdit | undefined)[]): TextEdit[] {
  const out: TextEdit[] = [];
  for (const e of edits) {
    if (!e) continue;
    const same = out.find((o) => o.start === e.start && o.end === e.end && o.start === o.end && e.start === e.end);
    if (same) same.newText += e.newText;
    else out.push({ ...e });
  }
  return out;
}
