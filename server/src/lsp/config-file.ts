// Diagnostics for a `.smtp-lint.json` that is open in the editor: each validation error the engine reports, placed
// on the key it names (or where the JSON breaks).
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { CONFIG_FILE_NAME, parseConfig } from '../engine/config';
import { RULE_IDS } from '../engine/rules';
import { LineIndex } from '../engine/text';
import { DIAGNOSTIC_SOURCE, spanToRange } from './convert';

export function isConfigFilePath(path: string): boolean {
  return path === CONFIG_FILE_NAME || path.endsWith(`/${CONFIG_FILE_NAME}`) || path.endsWith(`\\${CONFIG_FILE_NAME}`);
}

/** Where in the text an error message points: the quoted name it mentions, or the JSON error position. */
function spanForError(text: string, message: string): { start: number; end: number } {
  const position = /position (\d+)/.exec(message);
  if (message.startsWith('invalid JSON') && position) {
    const at = Math.min(Number(position[1]), text.length);
    return { start: at, end: Math.min(at + 1, text.length) };
  }
  const names = [...message.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  // Messages name the most specific thing first: `unknown rule "port-26" in "rules"`.
  for (const name of names) {
    const re = new RegExp(`"${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"\\s*:`);
    const m = re.exec(text);
    if (m) return { start: m.index, end: m.index + name.length + 2 };
  }
  const firstLineEnd = text.search(/\r|\n/);
  return { start: 0, end: firstLineEnd >= 0 ? firstLineEnd : text.length };
}

export function configFileDiagnostics(text: string): { diagnostics: Diagnostic[]; errors: string[] } {
  const { errors } = parseConfig(text, RULE_IDS);
  const index = new LineIndex(text);
  const diagnostics = errors.map(
    (message): Diagnostic => ({
      range: spanToRange(index, spanForError(text, message)),
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      code: 'invalid-config',
      message: `${CONFIG_FILE_NAME}: ${message}`,
    }),
  );
  return { diagnostics, errors };
}
