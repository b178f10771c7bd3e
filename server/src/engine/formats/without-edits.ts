// Shared by every format that reads files with syntax errors.
import type { ParsedFile } from '../model';

/**
 * A file with syntax errors is judged from what could be read, but not edited: ranges from a partial tree could put
 * an edit in the wrong place.
 */
export function withoutEdits(parsed: ParsedFile): ParsedFile {
  return {
    ...parsed,
    profiles: parsed.profiles.map((p) => ({ ...p, edit: {} })),
    duplicates: parsed.duplicates.map((d) => ({ ...d, removal: [] })),
  };
}
