// nullmailer `remotes` (nullmailer-send(8), nullmailer-smtp(8)): one remote per line,
// `host [protocol [options…]]`, split with shell quoting rules; blank lines and lines starting with `#` are ignored.
// The protocol defaults to smtp; qmqp lines are not SMTP. Options may be written with or without a leading `--`:
// port=N (default 25, or 465 with ssl/tls), user=U, pass=P (plaintext), ssl / tls (implicit TLS), starttls
// (STARTTLS, required), insecure (certificate failures do not abort), auth-login, x509cafile=… .
// Without ssl/tls/starttls the connection is plaintext. Only a file named `remotes` whose lines have this shape is
// read; any other `remotes` file is skipped.
import type { Format, MailProfile, ParsedFile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { literal, physicalLines, portValue, skipBlanks, type PhysicalLine } from '../lines';
import { basename } from '../path';
import { keyTable } from '../../key-table';

const ECOSYSTEM = 'nullmailer';
const ROLES: Record<string, SymbolRole> = keyTable({
  port: 'port', user: 'user', pass: 'password', ssl: 'tls', tls: 'tls', starttls: 'tls', insecure: 'verify', 'auth-login': 'auth', x509cafile: 'verify',
});
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.:-]+)$/;
const OPTION = /^(--)?([a-z0-9][a-z0-9-]*)(=([\s\S]*))?$/;

interface Word {
  /** The word after shell unquoting. */
  text: string;
  start: number;
  end: number;
}

/** Shell-style words: blanks separate, '…' and "…" quote, a backslash escapes the next character. */
function shellWords(text: string, start: number, end: number): Word[] | undefined {
  const out: Word[] = [];
  let i = start;
  while (i < end) {
    i = skipBlanks(text, i, end);
    if (i >= end) break;
    const s = i;
    let word = '';
    while (i < end && text[i] !== ' ' && text[i] !== '\t') {
      const c = text[i];
      if (c === "'" || c === '"') {
        const close = text.indexOf(c, i + 1);
        if (close < 0 || close >= end) return undefined; // unbalanced quote
        word += text.slice(i + 1, close);
        i = close + 1;
      } else if (c === '\\' && i + 1 < end) {
        word += text[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    out.push({ text: word, start: s, end: i });
  }
  return out;
}

interface Remote {
  line: PhysicalLine;
  host: Word;
  protocol?: Word;
  options: { name: string; dashes: boolean; value?: string; valueSpan?: Span; word: Word }[];
}

function readRemotes(text: string): { remotes: Remote[]; comments: Span[]; bad: number } {
  const remotes: Remote[] = [];
  const comments: Span[] = [];
  let bad = 0;
  for (const line of physicalLines(text)) {
    const s = skipBlanks(text, line.start, line.end);
    if (s >= line.end) continue;
    if (text[s] === '#') {
      comments.push({ start: s, end: line.end });
      continue;
    }
    const words = shellWords(text, s, line.end);
    if (!words || !HOST.test(words[0].text) || (words[1] && !/^(smtp|qmqp)$/.test(words[1].text))) {
      bad++;
      continue;
    }
    const options: Remote['options'] = [];
    for (const w of words.slice(2)) {
      const m = OPTION.exec(w.text);
      if (!m) {
        bad++;
        break;
      }
      const eq = text.indexOf('=', w.start);
      const raw = eq >= 0 && eq < w.end ? text.slice(eq + 1, w.end) : undefined;
      // The value's span is only exact when it is written without quotes.
      const valueSpan = raw !== undefined && raw === m[4] ? { start: eq + 1, end: w.end } : undefined;
      options.push({ name: m[2], dashes: !!m[1], value: m[4], valueSpan, word: w });
    }
    remotes.push({ line, host: words[0], protocol: words[1], options });
  }
  return { remotes, comments, bad };
}

export const nullmailerFormat: Format = {
  id: 'nullmailer',
  matchesPath: (path) => basename(path) === 'remotes',
  parse(text): ParsedFile {
    const { remotes, comments, bad } = readRemotes(text);
    const base = { format: 'nullmailer', comments, lineComment: '#', duplicates: [] };
    if (bad > 0 || remotes.length === 0) {
      return { ...base, profiles: [], symbols: [], secrets: [], skipped: 'a file named remotes that is not a nullmailer remotes list' };
    }
    const symbols: SettingSymbol[] = [];
    const secrets: string[] = [];
    const profiles: MailProfile[] = [];
    for (const r of remotes) {
      symbols.push({ key: 'host', role: 'host', ecosystem: ECOSYSTEM, valueSpan: { start: r.host.start, end: r.host.end } });
      for (const o of r.options) {
        if (ROLES[o.name]) symbols.push({ key: o.name, role: ROLES[o.name], ecosystem: ECOSYSTEM, keySpan: { start: o.word.start, end: o.word.end }, valueSpan: o.valueSpan });
        if (o.name === 'pass' && o.value) secrets.push(o.value);
      }
      if (r.protocol?.text === 'qmqp') continue; // not SMTP
      profiles.push(remoteProfile(text, r));
    }
    return { ...base, profiles, symbols, secrets };
  },
};

function remoteProfile(text: string, r: Remote): MailProfile {
  const last = (...names: string[]) => [...r.options].reverse().find((o) => names.includes(o.name));
  const wordSpan = (w: Word): Span => ({ start: w.start, end: w.end });
  const optSetting = <T>(value: T, o: Remote['options'][number]): Setting<T> => literal(value, `--${o.name}`, o.valueSpan ?? wordSpan(o.word), wordSpan(o.word));

  const starttls = last('starttls');
  const implicit = last('ssl', 'tls');
  const mode: TlsMode = starttls ? 'starttls' : implicit ? 'implicit' : 'none';
  const tlsOption = starttls ?? implicit;
  const tls: Setting<TlsMode> = tlsOption ? literal(mode, `--${tlsOption.name}`, wordSpan(tlsOption.word), wordSpan(tlsOption.word)) : { value: mode, origin: 'default', key: '--starttls or --ssl' };
  const portOpt = last('port');
  const port: Setting<number | string> = portOpt?.value ? optSetting(portValue(portOpt.value), portOpt) : { value: implicit ? 465 : 25, origin: 'default', key: '--port' };
  const insecure = last('insecure');
  // Without TLS the switch has nothing to act on; it counts once the line encrypts.
  const verifyDisabled = insecure && mode !== 'none' ? [literal('--insecure', `--${insecure.name}`, wordSpan(insecure.word), wordSpan(insecure.word))] : [];
  const userOpt = last('user');
  const user = userOpt?.value ? optSetting(userOpt.value, userOpt) : undefined;
  const auth: Setting<boolean> = user ? { ...user, value: true } : { value: false, origin: 'default', key: '--user' };
  const passOpt = last('pass');
  const password: Setting<SecretValue> | undefined = passOpt ? optSetting({ kind: passOpt.value ? 'literal' : 'empty', text: passOpt.value ?? '' }, passOpt) : undefined;

  // New options follow the file's own spelling: with `--` unless this line writes its options without.
  const dashes = r.options.length === 0 || r.options.some((o) => o.dashes) ? '--' : '';
  /** Remove an option word with the blanks before it. */
  const removeWord = (w: Word): TextEdit => {
    let s = w.start;
    while (s > r.line.start && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
    return { start: s, end: w.end, newText: '' };
  };

  const setTransport = (newPort: number, newMode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
    const edits: TextEdit[] = [];
    const added: string[] = [];
    for (const o of r.options.filter((x) => x.name === 'port')) {
      if (o.valueSpan) edits.push({ ...o.valueSpan, newText: String(newPort) });
      else edits.push({ ...wordSpan(o.word), newText: `${o.dashes ? '--' : ''}port=${newPort}` });
    }
    if (!r.options.some((o) => o.name === 'port')) added.push(`${dashes}port=${newPort}`);
    const keep = newMode === 'starttls' ? ['starttls'] : ['ssl', 'tls'];
    const drop = newMode === 'starttls' ? ['ssl', 'tls'] : ['starttls'];
    for (const o of r.options) if (drop.includes(o.name)) edits.push(removeWord(o.word));
    if (!r.options.some((o) => keep.includes(o.name))) added.push(`${dashes}${keep[0]}`);
    if (added.length) {
      // A line without a protocol word gets `smtp` first: options follow the protocol.
      const last = r.options.length ? r.options[r.options.length - 1].word : r.protocol ?? r.host;
      edits.push({ start: last.end, end: last.end, newText: `${r.protocol ? '' : ' smtp'} ${added.join(' ')}` });
    }
    return edits.length ? edits : undefined;
  };

  return {
    label: `nullmailer remote ${r.host.text}`,
    ecosystem: ECOSYSTEM,
    active: true,
    host: literal(r.host.text.replace(/^\[|\]$/g, ''), 'host', wordSpan(r.host), wordSpan(r.host)),
    port,
    tls,
    verifyDisabled,
    auth,
    user,
    password,
    anchor: { start: r.host.start, end: (r.options[r.options.length - 1]?.word ?? r.protocol ?? r.host).end },
    edit: {
      setTransport,
      enableVerification: () => (insecure ? r.options.filter((o) => o.name === 'insecure').map((o) => removeWord(o.word)) : undefined),
    },
  };
}
