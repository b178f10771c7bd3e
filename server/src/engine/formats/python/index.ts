// Python settings: Django settings.py, settings/*.py, local_settings.py and any module that assigns Django EMAIL_* or
// Flask-Mail MAIL_* settings (config.py, app factories, config classes), fastapi-mail ConnectionConfig calls,
// django-environ email URLs and custom email backends. Parsed with @lezer/python (error-tolerant), so comments and
// strings never count as configuration and half-typed files still give what they can.
import { parser } from '@lezer/python';
import type { Format, ParsedFile, Span } from '../../model';
import { detectEol, LineIndex } from '../../text';
import { collect } from './collect';
import { pythonProfiles } from './profiles';
import { envContext } from './values';

/** Cheap content test: a settings key, a Flask config key, fastapi-mail, an email URL helper or an email backend. */
const SNIFF = /\b(EMAIL_(HOST|PORT|BACKEND|USE_TLS|USE_SSL)|MAIL_(SERVER|PORT|USE_TLS|USE_SSL|STARTTLS|SSL_TLS)|email_url|dj_email_url|EmailBackend)\b/;

/** Installed packages and caches are not the project's configuration. */
const NOT_PROJECT = /[\\/](site-packages|dist-packages|__pycache__|\.tox|node_modules)[\\/]/;

export const pythonFormat: Format = {
  id: 'python',
  matchesPath: (path) => /\.py$/i.test(path) && !NOT_PROJECT.test(path),
  sniff: (text) => SNIFF.test(text),
  parse(original): ParsedFile {
    // A lone \r (old Mac files) becomes \n for the grammar, which keeps every offset.
    const text = original.replace(/\r(?!\n)/g, '\n');
    const tree = parser.parse(text);
    const root = tree.topNode;
    const comments: Span[] = [];
    tree.iterate({
      enter(node) {
        if (node.name === 'Comment') comments.push({ start: node.from, end: node.to });
      },
    });
    const result = pythonProfiles(text, new LineIndex(text), detectEol(original), envContext(text, root), collect(text, root));
    const base: ParsedFile = {
      format: 'python',
      ...result,
      secrets: [...new Set(result.secrets.filter((s) => s.length >= 3))],
      comments,
      lineComment: '#',
    };
    if (result.profiles.length === 0 && result.symbols.length === 0) return { ...base, skipped: 'no Django, Flask-Mail or fastapi-mail settings found' };
    return base;
  },
};
