// Spring Boot `application*.properties` and `bootstrap*.properties`: a java.util.Properties reader with ranges, mapped
// through the Spring/Jakarta vocabulary shared with application*.yml (./spring.ts).
import type { Format, ParsedFile, TextEdit } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { isPlaceholderSecret } from '../../rules/plaintext-password';
import { basename } from '../path';
import { readProperties, writtenValueText, type PropertyEntry } from './reader';
import { canonicalKey, springProfiles, type FlatEntry, type FlatWriter, type InsertItem } from './spring';

const NAME = /^(application|bootstrap)([-.][\w.-]+)?\.properties$/i;
/** A mail key outside a comment: `spring.mail.` at the start of a line. */
const SNIFF = /(^|[\r\n])[ \t\f]*spring\.mail\./;

interface Entry extends FlatEntry {
  source: PropertyEntry;
}

/**
 * Spring's bracket notation for map keys that hold dots, `spring.mail.properties[mail.smtp.auth]` (also written
 * `properties.[mail.smtp.auth]`), as the dotted key it binds like: `spring.mail.properties.mail.smtp.auth`.
 */
export function unbracketKey(key: string): string {
  if (!key.includes('[')) return key;
  // Every search for `]` either finds one (and the scan jumps past it) or is skipped: linear on `[[[[...`.
  const lastClose = key.lastIndexOf(']');
  let out = '';
  for (let i = 0; i < key.length; i++) {
    const close = key[i] === '[' && i < lastClose ? key.indexOf(']', i + 1) : -1;
    if (close < 0) {
      out += key[i];
      continue;
    }
    out += `${out === '' || out.endsWith('.') ? '' : '.'}${key.slice(i + 1, close)}`;
    i = close;
  }
  return out;
}

const PROPS_PREFIX = 'spring.mail.properties.';

/** `spring.mail.properties.mail.smtp.auth` in the bracket form, for a file that writes its Jakarta keys that way. */
function bracketed(key: string): string {
  return key.startsWith(PROPS_PREFIX) ? `${PROPS_PREFIX.slice(0, -1)}[${key.slice(PROPS_PREFIX.length)}]` : key;
}

/** Segments shared by two dotted keys. */
function commonSegments(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/**
 * Secrets to redact from output: template placeholders (`pass`, `changeme`, `**********`) are not secrets, and
 * masking them would garble ordinary words in messages ("password").
 */
function realSecrets(list: readonly string[]): string[] {
  return [...new Set(list)].filter((s) => s.length >= 3 && !isPlaceholderSecret(s));
}

/**
 * How each secret is written wherever a value holds it, when that differs from the decoded text (`p\u0040ss`, a
 * value continued over lines): output that quotes file text (a diff) must mask that spelling too. A spelling that
 * runs over a line break is also kept line by line, as a diff shows it.
 */
function writtenSpellings(text: string, entries: readonly PropertyEntry[], secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const e of entries) {
    for (const secret of secrets) {
      for (let at = e.value.indexOf(secret); at >= 0; at = e.value.indexOf(secret, at + 1)) {
        const written = writtenValueText(text, e, at, at + secret.length);
        if (written === secret) continue;
        out.add(written);
        if (/[\r\n]/.test(written)) for (const line of written.split(/\r\n|\r|\n/)) out.add(line.trim().replace(/\\$/, ''));
      }
    }
  }
  return [...out];
}

export function parseSpringProperties(text: string): ParsedFile {
  const file = readProperties(text);
  const index = new LineIndex(text);
  const eol = detectEol(text);
  const entries: Entry[] = file.entries.map((e) => ({
    key: canonicalKey(unbracketKey(e.key)),
    writtenKey: e.key,
    value: e.value,
    keySpan: e.keySpan,
    valueSpan: e.valueSpan,
    span: { start: e.keySpan.start, end: e.valueSpan.end },
    doc: e.doc,
    source: e,
  }));
  const docs: Entry[][] = file.docs.map(() => []);
  for (const e of entries) docs[e.doc].push(e);

  const lineOf = (offset: number) => index.positionAt(offset).line;
  const writer: FlatWriter = {
    replace: (entry, raw) => [{ ...entry.valueSpan, newText: raw }],
    insert(doc, items, removed) {
      const inDoc = (docs[doc] ?? []).filter((e) => !removed.includes(e));
      // New Jakarta keys follow the file: the bracket form when its own are written that way.
      const brackets = entries.some((e) => e.writtenKey.toLowerCase().startsWith(`${PROPS_PREFIX.slice(0, -1)}[`));
      const written = (key: string) => (brackets ? bracketed(key) : key);
      // Each item goes after the entry it belongs next to; items sharing a place keep their order.
      const byAnchor = new Map<Entry | undefined, InsertItem[]>();
      for (const item of items) {
        const key = canonicalKey(item.key);
        let anchor: Entry | undefined;
        for (const after of item.after ?? []) {
          anchor = [...inDoc].reverse().find((e) => e.key === canonicalKey(after));
          if (anchor) break;
        }
        if (!anchor) {
          let best = 0;
          for (const e of inDoc) {
            const n = commonSegments(e.key, key);
            if (n >= best && n > 0) {
              best = n;
              anchor = e;
            }
          }
        }
        anchor ??= inDoc[inDoc.length - 1];
        const list = byAnchor.get(anchor) ?? [];
        list.push(item);
        byAnchor.set(anchor, list);
      }
      const edits: TextEdit[] = [];
      for (const [anchor, list] of byAnchor) {
        const sep = anchor?.source.separator || '=';
        const lines = list.map((i) => `${written(i.key)}${sep}${i.value}`);
        if (anchor) {
          const at = index.lineEnd(lineOf(anchor.source.lineSpan.end));
          edits.push({ start: at, end: at, newText: lines.map((l) => eol + l).join('') });
        } else {
          // An empty document: append at its end.
          const range = file.docs[doc] ?? { start: text.length, end: text.length };
          const at = range.end;
          const before = at > 0 && text[at - 1] !== '\n' && text[at - 1] !== '\r' ? eol : '';
          edits.push({ start: at, end: at, newText: before + lines.join(eol) + (at < text.length ? eol : '') });
        }
      }
      return edits;
    },
    remove(list) {
      // Whole logical lines, merged into blocks so neighbouring removals never overlap.
      const ranges = list
        .map((e) => [lineOf((e as Entry).source.lineSpan.start), lineOf((e as Entry).source.lineSpan.end)] as [number, number])
        .sort((a, b) => a[0] - b[0]);
      const blocks: [number, number][] = [];
      for (const r of ranges) {
        const last = blocks[blocks.length - 1];
        if (last && r[0] <= last[1] + 1) last[1] = Math.max(last[1], r[1]);
        else blocks.push([...r]);
      }
      return blocks.map(([first, last]) => {
        const end = index.lineEndWithBreak(last);
        // The file's last line has no break of its own: take the one before it, so the file keeps its ending.
        if (end === index.lineEnd(last) && first > 0) return { start: index.lineEnd(first - 1), end, newText: '' };
        const start = index.lineStart(first);
        // A lone CR before the block and an LF after it (a file mixing breaks) would meet and read as one CRLF: one
        // line fewer than meant. Take the break before the block instead and leave the block's own, so every line
        // that stays keeps a break of a kind the file has (the line before ends as the removed line did).
        if (first > 0 && text[start - 1] === '\r' && text[end] === '\n') return { start: index.lineEnd(first - 1), end: index.lineEnd(last), newText: '' };
        return { start, end, newText: '' };
      });
    },
  };
  const result = springProfiles(docs, writer);
  const secrets = realSecrets(result.secrets);
  const base: ParsedFile = {
    format: 'properties',
    ...result,
    secrets: realSecrets([...secrets, ...writtenSpellings(text, file.entries, secrets)]),
    comments: file.comments,
    lineComment: '#',
  };
  if (result.profiles.length === 0) return { ...base, skipped: 'no spring.mail settings' };
  return base;
}

export const propertiesFormat: Format = {
  id: 'properties',
  matchesPath: (path) => NAME.test(basename(path)),
  sniff: (text) => SNIFF.test(text),
  parse: (text) => parseSpringProperties(text),
};
