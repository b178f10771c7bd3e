// Ruby configs: Rails config/environments/*.rb, config/application.rb and initializers (ActionMailer smtp_settings),
// the mail gem's `Mail.defaults do delivery_method :smtp, { … } end`, and GitLab Omnibus gitlab.rb
// (`gitlab_rails['smtp_*']`). There is no bundle-friendly Ruby parser, so lexer.ts and parser.ts read the subset of
// Ruby that configuration code uses; comments (the all-commented gitlab.rb template) never count.
import type { Format, ParsedFile } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { withoutEdits } from '../without-edits';
import { lex } from './lexer';
import { parseRuby, RubyTooDeep } from './parser';
import { rubyProfiles } from './profiles';

/** Cheap content test: ActionMailer / mail gem settings or GitLab's SMTP keys. */
const SNIFF = /smtp_settings|delivery_method|gitlab_rails\s*\[\s*['"]smtp_/;

/** Installed gems are not the project's configuration. */
const NOT_PROJECT = /[\\/](vendor[\\/]bundle|gems|\.bundle|node_modules)[\\/]/;

export const rubyFormat: Format = {
  id: 'ruby',
  matchesPath: (path) => /\.rb$/i.test(path) && !NOT_PROJECT.test(path),
  sniff: (text) => SNIFF.test(text),
  parse(text): ParsedFile {
    const { tokens, comments, halfTyped } = lex(text);
    let result: ReturnType<typeof rubyProfiles>;
    let broken: boolean;
    try {
      const tree = parseRuby(tokens);
      broken = tree.broken !== undefined;
      result = rubyProfiles({ text, index: new LineIndex(text), eol: detectEol(text) }, tree.stmts);
    } catch (e) {
      // The parser refuses thousands of nested brackets or blocks (the profiles' walks recurse too).
      if (e instanceof RubyTooDeep || (e instanceof RangeError && /call stack/i.test(e.message))) {
        return { format: 'ruby', profiles: [], duplicates: [], symbols: [], secrets: [], comments, lineComment: '#', skipped: 'Ruby not linted: code nested too deeply to read' };
      }
      throw e;
    }
    const parsed: ParsedFile = {
      format: 'ruby',
      ...result,
      secrets: [...new Set(result.secrets.filter((s) => s.length >= 3))],
      comments,
      lineComment: '#',
    };
    if (result.profiles.length === 0) return { ...parsed, skipped: 'no ActionMailer, mail gem or GitLab SMTP settings found' };
    // Half-typed code (an unclosed string, a missing `}`) and code whose blocks do not add up (an `end` too many or
    // too few, a hash the reading could not close) is judged from what could be read, but not edited: which
    // statement belongs to which block is a guess there (a duplicate may be no duplicate), the reading is the same
    // after an edit, so every fix pass would insert again, and edits could land inside the broken text.
    return halfTyped || broken ? withoutEdits(parsed) : parsed;
  },
};
