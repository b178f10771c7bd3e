// dotenv files: `.env`, `.env.*`, `*.env`. Keys map to mail profiles through the shared env vocabulary.
import { envProfiles, type EnvEntry, type EnvWriter } from '../../env/profiles';
import type { Format, ParsedFile } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { withoutEdits } from '../without-edits';
import { basename } from '../path';
import { parseDotenv, type DotenvEntry } from './parse';

/** Committed templates (`.env.example`) are not secret stores: a real password there is a leak. */
function isTemplate(name: string): boolean {
  return /\.(example|sample|dist|template|tpl|defaults?)$/i.test(name) || /^(example|sample)\.env$/i.test(name);
}

/**
 * Symfony commits `.env` and `.env.<environment>` (defaults for everyone); secrets belong in `.env.local` or
 * `.env.<environment>.local`. Flex writes `###> vendor/package ###` markers, which tell a Symfony `.env` apart.
 */
function isCommittedSymfonyEnv(name: string, text: string): boolean {
  return !/\.local$/.test(name) && /^###> symfony\//m.test(text);
}

/** `${VAR:-25}` → `${VAR:-587}`: a fix changes the default and keeps the reference. */
function withNewDefault(raw: string, newValue: string): string {
  const m = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(:?[-=])[^}]*\}$/.exec(raw.trim());
  return m ? `\${${m[1]}${m[2]}${newValue}}` : newValue;
}

/** The value starts with a quote the grammar could not close (it read the value unquoted, quote and all). */
function opensUnclosedQuote(e: DotenvEntry): boolean {
  if (e.quote !== '') return false;
  const first = e.value.charCodeAt(0);
  return first === 34 /* " */ || first === 39 /* ' */ || first === 96 /* ` */;
}

export const dotenvFormat: Format = {
  id: 'dotenv',
  matchesPath: (path) => {
    const name = basename(path);
    return name === '.env' || /^\.env\.[^/\\]+$/.test(name) || /^[^/\\]+\.env$/i.test(name);
  },
  parse(text, ctx): ParsedFile {
    const doc = parseDotenv(text, ctx.path);
    let lineIndex: LineIndex | undefined; // only needed when a fix is computed
    const index = () => (lineIndex ??= new LineIndex(text));
    let eol: string | undefined; // only needed when a fix inserts a line

    // Dotenv entries are env entries as they are: no wrapper per entry (a big file has tens of thousands).
    const entries: readonly EnvEntry[] = doc.entries;
    const lineOf = (offset: number) => index().positionAt(offset).line;
    const writer: EnvWriter = {
      replaceValue: (entry, newValue) => ({ ...entry.valueSpan, newText: withNewDefault(text.slice(entry.valueSpan.start, entry.valueSpan.end), newValue) }),
      insertAfter: (entry, key, value) => {
        const src = entry as DotenvEntry;
        const end = index().lineEnd(lineOf(src.commentSpan?.end ?? src.rawSpan.end));
        const exported = text.slice(src.span.start, src.keySpan.start).trim() === 'export' ? 'export ' : '';
        eol ??= detectEol(text);
        return { start: end, end, newText: `${eol}${exported}${key}=${src.quote}${value}${src.quote}` };
      },
      removeEntry: (entry) => {
        const src = entry as DotenvEntry;
        const firstLine = lineOf(src.span.start);
        const lastLine = lineOf(src.commentSpan?.end ?? src.rawSpan.end);
        // A BOM belongs to the file, not to its first line.
        const start = firstLine === 0 && text.startsWith('\uFEFF') ? 1 : index().lineStart(firstLine);
        const end = index().lineEndWithBreak(lastLine);
        // The last line has no break of its own: take the one before it instead, so the file keeps its ending.
        if (end === index().lineEnd(lastLine) && firstLine > 0) {
          return { start: index().lineEnd(firstLine - 1), end, newText: '' };
        }
        return { start, end, newText: '' };
      },
    };
    const name = basename(ctx.path);
    const result = envProfiles(entries, text, writer, ctx, {
      secretsFile: !isTemplate(name) && !isCommittedSymfonyEnv(name, text),
      winner: 'last',
      duplicateRule: 'the last value wins (dotenv)',
    });
    const parsed: ParsedFile = { format: 'dotenv', ...result, comments: doc.comments, lineComment: '#' };
    // A value that opens a quote it never closes (`KEY="abc` while a later line holds a `"` first) is read as plain
    // text, but removing or rewriting a later line can let that quote close further down and swallow the lines
    // between (another key vanishes into its value). Half-typed quoting is judged, not edited.
    return doc.entries.some(opensUnclosedQuote) ? withoutEdits(parsed) : parsed;
  },
};
