// A unified diff of two versions of a file whose differences are a few local edits (fixes), without an LCS:
// common leading and trailing lines are context, the middle is one hunk per changed region.
import { LineIndex } from '../engine/text';

const CONTEXT = 3;

interface Line {
  text: string;
  /** The line's own terminator: '\r\n', '\n', '\r', or '' for a last line without one. */
  eol: string;
}

function splitLines(text: string): Line[] {
  const index = new LineIndex(text);
  const lines: Line[] = [];
  for (let i = 0; i < index.lineCount; i++) {
    const end = index.lineEnd(i);
    lines.push({ text: text.slice(index.lineStart(i), end), eol: text.slice(end, index.lineEndWithBreak(i)) });
  }
  if (lines.length > 1 && lines[lines.length - 1].text === '' && lines[lines.length - 1].eol === '') lines.pop();
  return lines;
}

/** A diff line: the line with its own CRLF (so `patch` matches CRLF files), and git's marker for a missing newline. */
function show(prefix: string, line: Line): string {
  const body = `${prefix}${line.text}${line.eol === '\r\n' ? '\r\n' : '\n'}`;
  return line.eol === '' ? `${body}\\ No newline at end of file\n` : body;
}

const same = (a: Line, b: Line) => a.text === b.text && a.eol === b.eol;

/** Changed regions as [oldStart, oldEnd, newStart, newEnd) line ranges, found by matching lines greedily. */
function regions(a: Line[], b: Line[]): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && same(a[i], b[j])) {
      i++;
      j++;
      continue;
    }
    // Find the nearest resynchronisation point: equal lines at the smallest combined distance.
    let found: [number, number] | undefined;
    for (let d = 1; d < 200 && !found; d++) {
      for (let k = 0; k <= d; k++) {
        const ii = i + k;
        const jj = j + (d - k);
        if (ii < a.length && jj < b.length && same(a[ii], b[jj])) {
          found = [ii, jj];
          break;
        }
      }
    }
    const [ni, nj] = found ?? [a.length, b.length];
    out.push([i, ni, j, nj]);
    i = ni;
    j = nj;
  }
  return out;
}

export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = splitLines(before);
  const b = splitLines(after);
  const changes = regions(a, b);
  const [from, to] = path.startsWith('/') ? [path, path] : [`a/${path}`, `b/${path}`];
  let out = `--- ${from}\n+++ ${to}\n`;
  let k = 0;
  while (k < changes.length) {
    // Merge regions whose context would overlap into one hunk.
    let last = k;
    while (last + 1 < changes.length && changes[last + 1][0] - changes[last][1] <= 2 * CONTEXT) last++;
    const aStart = Math.max(0, changes[k][0] - CONTEXT);
    const aEnd = Math.min(a.length, changes[last][1] + CONTEXT);
    const bStart = Math.max(0, changes[k][2] - CONTEXT);
    const bEnd = Math.min(b.length, changes[last][3] + CONTEXT);
    out += `@@ -${aStart + 1},${aEnd - aStart} +${bStart + 1},${bEnd - bStart} @@\n`;
    let ai = aStart;
    for (let r = k; r <= last; r++) {
      const [s1, e1, s2, e2] = changes[r];
      for (; ai < s1; ai++) out += show(' ', a[ai]);
      for (let x = s1; x < e1; x++) out += show('-', a[x]);
      for (let x = s2; x < e2; x++) out += show('+', b[x]);
      ai = e1;
    }
    for (; ai < aEnd; ai++) out += show(' ', a[ai]);
    k = last + 1;
  }
  return out;
}
