// Re-parsing only what an edit touched. The editor lints a file on every keystroke, and reading a 1 MB .env with the
// dotenv grammar takes tens of milliseconds; a keystroke changes one entry (or the comment or blank text between two).
//
// The grammar is applied by `nextMatch(text, from)`, and between two matches the matcher's whole state is `from`, the
// end of the previous match. So the last parse of a file keeps, per match, its end and how far finding it read into
// the text (readReach). After an edit, the matches whose finding read only text before the change are still found;
// the matcher restarts on the new text at the end of the last of them, exactly as a full parse would continue from
// there, and stops as soon as a new match ends after the change where an old match ended (shifted by the edit): from
// the same state over the same text, a full parse would find the old matches that follow, so they are reused with
// their offsets shifted. Comments are recomputed for the lines between, kept before and shifted after.
import type { Span } from '../../model';
import { commonPrefixLength, commonSuffixLength, shiftedSpan } from '../../text';
import { lineComments, nextMatch, readMatch, readReach, type DotenvEntry, type DotenvParse } from './parse';

export interface Reparsed {
  parse: DotenvParse;
  /** How many matches were looked for again (the others were reused). */
  reread: number;
}

const same = (i: number) => i;

/**
 * The parse of `text` (without \r) built from `base`, the parse of an earlier version of the same file: exactly what
 * parseKept(text) returns, re-reading only the entries the edit may have changed.
 */
export function reparseDotenv(base: DotenvParse, text: string): Reparsed {
  const old = base.text;
  if (old === text) return { parse: base, reread: 0 };
  // The changed region: [from, oldTo) in the old text became [from, newTo) in the new one.
  const from = commonPrefixLength(old, text);
  const tail = commonSuffixLength(old, text, from);
  const newTo = text.length - tail;
  const delta = text.length - old.length;
  const { ends, reads } = base;
  const oldEntries = base.doc.entries;

  // Old matches 0..kept stay: finding each of them (and those before) read nothing at or after the change.
  let kept = -1;
  for (let j = 0; j < ends.length && reads[j] < from; j++) kept = j;
  const restart = kept >= 0 ? ends[kept] : 0;

  // Look for matches again from there, until one ends past the change where an old match ended.
  const entries: DotenvEntry[] = [];
  const newEnds: number[] = [];
  const newReads: number[] = [];
  let resumeAt = -1; // the first old match reused after the change, when one is
  let oldMatch = kept + 1;
  let at = restart;
  let m: RegExpExecArray | null;
  while ((m = nextMatch(text, at)) !== null) {
    const read = readMatch(text, m, same);
    at = Math.max(read.end, m.index + 1);
    entries.push(read.entry);
    newEnds.push(at);
    newReads.push(readReach(text, read.entry.keySpan.end, read.end));
    // `at - 1 >= newTo`: the next search looks one character back (a line start), which must be unchanged too.
    if (at > newTo) {
      while (oldMatch < ends.length && ends[oldMatch] < at - delta) oldMatch++;
      if (oldMatch < ends.length && ends[oldMatch] === at - delta) {
        resumeAt = oldMatch + 1;
        break;
      }
    }
  }

  const reused = resumeAt < 0 ? [] : oldEntries.slice(resumeAt);
  const shiftedEntries = delta === 0 ? reused : reused.map((e) => shiftedEntry(e, delta));
  const allEntries = oldEntries.slice(0, kept + 1).concat(entries, shiftedEntries);
  const suffixCount = reused.length;
  const total = kept + 1 + entries.length + suffixCount;
  const allEnds = new Int32Array(total);
  const allReads = new Int32Array(total);
  allEnds.set(ends.subarray(0, kept + 1));
  allReads.set(reads.subarray(0, kept + 1));
  allEnds.set(newEnds, kept + 1);
  allReads.set(newReads, kept + 1);
  for (let j = 0; j < suffixCount; j++) {
    allEnds[kept + 1 + entries.length + j] = ends[resumeAt + j] + delta;
    allReads[kept + 1 + entries.length + j] = reads[resumeAt + j] + delta;
  }

  // Comments: the lines from the one holding the restart point to the one after the last match looked for again.
  const windowStart = restart === 0 ? 0 : text.lastIndexOf('\n', restart - 1) + 1;
  const lastEnd = newEnds.length ? newEnds[newEnds.length - 1] : restart;
  const nextBreak = resumeAt < 0 ? -1 : text.indexOf('\n', lastEnd);
  const windowEnd = nextBreak < 0 ? text.length + 1 : nextBreak + 1;
  // The entries reaching into the window: the kept ones ending inside it, the new ones, the reused ones starting in it.
  let first = kept;
  while (first >= 0 && allEnds[first] > windowStart) first--;
  let last = kept + 1 + entries.length;
  while (last < total && allEntries[last].span.start < windowEnd) last++;
  const windowCovered: Span[] = [];
  const inline: Span[] = [];
  const add = (e: DotenvEntry) => {
    windowCovered.push(e.span);
    if (e.commentSpan) {
      windowCovered.push(e.commentSpan);
      if (e.commentSpan.start >= windowStart && e.commentSpan.start < windowEnd) inline.push(e.commentSpan);
    }
  };
  for (let j = first + 1; j <= kept; j++) add(allEntries[j]);
  for (const e of entries) add(e);
  for (let j = kept + 1 + entries.length; j < last; j++) add(allEntries[j]);
  const inWindow = lineComments(text, windowStart, windowEnd, windowCovered, new Set(inline.map((c) => c.start)), same);
  const windowComments = inline.concat(inWindow).sort((a, b) => a.start - b.start);

  const oldComments = base.doc.comments;
  const before = firstStartingAt(oldComments, windowStart);
  const after = firstStartingAt(oldComments, windowEnd - delta);
  const comments = oldComments.slice(0, before).concat(windowComments, shiftedSpans(oldComments.slice(after), delta));

  return {
    parse: { text, doc: { entries: allEntries, comments }, ends: allEnds, reads: allReads },
    reread: entries.length,
  };
}

/** Index of the first span (sorted by start) starting at or after `offset`. */
function firstStartingAt(spans: Span[], offset: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (spans[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function shiftedSpans(spans: Span[], by: number): Span[] {
  return by === 0 ? spans : spans.map((s) => shiftedSpan(s, by));
}

/** A copy of `e` with every offset moved by `by` (old parses may still be in use: they are never changed). */
function shiftedEntry(e: DotenvEntry, by: number): DotenvEntry {
  return {
    key: e.key,
    keySpan: shiftedSpan(e.keySpan, by),
    value: e.value,
    rawSpan: shiftedSpan(e.rawSpan, by),
    valueSpan: shiftedSpan(e.valueSpan, by),
    quote: e.quote,
    span: shiftedSpan(e.span, by),
    commentSpan: e.commentSpan && shiftedSpan(e.commentSpan, by),
  };
}

