// msmtp configuration: `~/.msmtprc`, `/etc/msmtprc`, `$XDG_CONFIG_HOME/msmtp/config`.
// Syntax (msmtp src/conf.c): one `command argument` per line; a line whose first non-blank character is `#` is a
// comment, and a `#` anywhere else is part of the argument; an argument wrapped in double quotes loses them.
// `defaults` starts settings that every account defined after it starts from; `account NAME [: A, B]` starts an
// account that also takes the settings its parents set. Commands before any `account`/`defaults` form the account
// "default" (msmtp 1.2 compatibility). An account that sets nothing about the connection itself
// (`account default : gmail`) is an alias of its parents and gets no profile of its own.
// Vocabulary: tls on|off (bare = on; default off: msmtp never upgrades on its own), tls_starttls (default on; off =
// implicit TLS), port (default 25, or 465 with tls on + tls_starttls off), tls_certcheck off and an empty
// tls_trust_file turn certificate checks off, auth on|off|method (default off), password (plaintext) or passwordeval.
import type { DuplicateSetting, Format, MailProfile, ParsedFile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { insertLinesAfter, lineLike, literal, physicalLines, portValue, removeLines, skipBlanks, trimEnd, type PhysicalLine } from '../lines';
import { basename } from '../path';

const ECOSYSTEM = 'msmtp';
const ROLES: Record<string, SymbolRole> = {
  host: 'host', port: 'port', tls: 'tls', tls_starttls: 'tls', tls_nostarttls: 'tls',
  tls_certcheck: 'verify', tls_nocertcheck: 'verify', tls_trust_file: 'verify', tls_fingerprint: 'verify',
  auth: 'auth', user: 'user', password: 'password', passwordeval: 'password', protocol: 'other', from: 'other',
};
/** Commands about the connection: an account that sets none of them is an alias of its parents. */
const CONNECTION = new Set(['host', 'port', 'tls', 'tls_starttls', 'tls_nostarttls', 'tls_certcheck', 'tls_nocertcheck', 'tls_trust_file', 'tls_fingerprint', 'auth', 'user', 'password', 'passwordeval', 'protocol']);

interface Command {
  cmd: string;
  cmdSpan: Span;
  arg: string;
  /** The argument without its quotes; zero-width after the command when there is none. */
  argSpan: Span;
  line: PhysicalLine;
}

interface Block {
  /** Account name, or undefined for `defaults`. */
  name?: string;
  header?: Command;
  own: Map<string, Command>;
  /** Every command written in the block, in order (duplicates included). */
  all: Command[];
  /** Settings in force: the defaults as they stood, then the parents' own settings, then the block's own. */
  effective: Map<string, Command>;
  /** Own settings plus those taken from parents: what a child account inherits from this one. */
  masked: Map<string, Command>;
}

function readCommands(text: string, lines: PhysicalLine[], comments: Span[]): Command[] {
  const out: Command[] = [];
  for (const line of lines) {
    const s = skipBlanks(text, line.start, line.end);
    if (s >= line.end) continue;
    if (text[s] === '#') {
      comments.push({ start: s, end: line.end });
      continue;
    }
    let e = s;
    while (e < line.end && text[e] !== ' ' && text[e] !== '\t') e++;
    let as = skipBlanks(text, e, line.end);
    let ae = trimEnd(text, as, line.end);
    if (ae - as >= 2 && text[as] === '"' && text[ae - 1] === '"') {
      as++;
      ae--;
    }
    out.push({ cmd: text.slice(s, e), cmdSpan: { start: s, end: e }, arg: text.slice(as, ae), argSpan: { start: as, end: ae }, line });
  }
  return out;
}

/** msmtp's on/off arguments: empty means on. */
function onOff(arg: string): boolean | undefined {
  if (arg === '' || arg === 'on') return true;
  if (arg === 'off') return false;
  return undefined;
}

export const msmtpFormat: Format = {
  id: 'msmtp',
  matchesPath: (path) => {
    const name = basename(path);
    return name === '.msmtprc' || name === 'msmtprc' || /(^|[\\/])msmtp[\\/]config$/.test(path);
  },
  parse(text): ParsedFile {
    const lines = physicalLines(text);
    const comments: Span[] = [];
    const commands = readCommands(text, lines, comments);
    const blocks = buildBlocks(commands);
    const secrets = commands.filter((c) => c.cmd === 'password' && c.arg).map((c) => c.arg);
    const symbols: SettingSymbol[] = commands
      .filter((c) => ROLES[c.cmd])
      .map((c) => ({ key: c.cmd, role: ROLES[c.cmd], ecosystem: ECOSYSTEM, keySpan: c.cmdSpan, valueSpan: c.argSpan }));
    const duplicates: DuplicateSetting[] = [];
    for (const b of blocks) {
      for (const cmd of Object.keys(ROLES)) {
        const all = b.all.filter((c) => c.cmd === cmd);
        for (const loser of all.slice(0, -1)) {
          duplicates.push({
            key: cmd,
            winner: span(all[all.length - 1]),
            loser: span(loser),
            rule: `the last one in ${b.name ? `account ${b.name}` : 'defaults'} wins (msmtp)`,
            removal: [removeLines(lines, loser.line.index, loser.line.index)],
          });
        }
      }
    }
    const profiles = blocks.filter((b) => b.name !== undefined && (b.header === undefined || [...b.own.keys()].some((k) => CONNECTION.has(k)))).map((b) => accountProfile(text, b));
    return { format: 'msmtp', profiles, duplicates, symbols, comments, lineComment: '#', secrets };
  },
};

function span(c: Command): Span {
  return { start: c.cmdSpan.start, end: Math.max(c.argSpan.end, c.cmdSpan.end) };
}

function buildBlocks(commands: Command[]): Block[] {
  const defaults: Block = { own: new Map(), all: [], effective: new Map(), masked: new Map() };
  const blocks: Block[] = [defaults];
  const byName = new Map<string, Block>();
  let current: Block | undefined;
  const newAccount = (name: string, header?: Command, parents: Block[] = []): Block => {
    const effective = new Map(defaults.own);
    const masked = new Map<string, Command>();
    for (const p of parents) for (const [k, c] of p.masked) (effective.set(k, c), masked.set(k, c));
    const b: Block = { name, header, own: new Map(), all: [], effective, masked };
    blocks.push(b);
    byName.set(name, b);
    return b;
  };
  for (const c of commands) {
    if (c.cmd === 'defaults') {
      current = defaults;
      continue;
    }
    if (c.cmd === 'account') {
      const colon = c.arg.indexOf(':');
      const name = (colon >= 0 ? c.arg.slice(0, colon) : c.arg).trim();
      const parents = colon >= 0 ? c.arg.slice(colon + 1).split(',').map((p) => byName.get(p.trim())).filter((p): p is Block => !!p) : [];
      current = newAccount(name || '(unnamed)', c, parents);
      continue;
    }
    current ??= newAccount('default'); // commands before any account form the account "default"
    current.own.set(c.cmd, c);
    current.all.push(c);
    if (current !== defaults) {
      current.effective.set(c.cmd, c);
      current.masked.set(c.cmd, c);
    }
  }
  return blocks;
}

function accountProfile(text: string, b: Block): MailProfile {
  const get = (cmd: string) => b.effective.get(cmd);
  const lit = <T>(value: T, c: Command): Setting<T> => literal(value, c.cmd, c.argSpan, c.cmdSpan);
  const hostCmd = get('host');
  const tlsCmd = get('tls');
  const tlsOn = tlsCmd ? onOff(tlsCmd.arg) === true : false;
  // tls_nostarttls is msmtp 1.2's spelling of `tls_starttls off`: whichever comes last in force wins.
  const starttlsCmd = [get('tls_starttls'), get('tls_nostarttls')].filter((c): c is Command => !!c).sort((x, y) => y.cmdSpan.start - x.cmdSpan.start)[0];
  const starttls = starttlsCmd ? (starttlsCmd.cmd === 'tls_nostarttls' ? false : onOff(starttlsCmd.arg) !== false) : true;
  const mode: TlsMode = !tlsOn ? 'none' : starttls ? 'starttls' : 'implicit';
  const tlsSource = tlsOn && starttlsCmd ? starttlsCmd : tlsCmd;
  const tls: Setting<TlsMode> = tlsSource ? lit(mode, tlsSource) : { value: mode, origin: 'default', key: 'tls' };

  const portCmd = get('port');
  const port: Setting<number | string> = portCmd ? lit(portValue(portCmd.arg), portCmd) : { value: mode === 'implicit' ? 465 : 25, origin: 'default', key: 'port' };

  const verifyDisabled: Setting<string>[] = [];
  if (tlsOn) {
    const certcheck = [get('tls_certcheck'), get('tls_nocertcheck')].filter((c): c is Command => !!c).sort((x, y) => y.cmdSpan.start - x.cmdSpan.start)[0];
    if (certcheck && (certcheck.cmd === 'tls_nocertcheck' || onOff(certcheck.arg) === false)) {
      verifyDisabled.push(lit(certcheck.cmd === 'tls_nocertcheck' ? 'tls_nocertcheck' : 'tls_certcheck off', certcheck));
    }
    const trust = get('tls_trust_file');
    const fingerprint = get('tls_fingerprint');
    if (trust && trust.arg === '' && !fingerprint?.arg) verifyDisabled.push(lit('tls_trust_file is empty', trust));
  }

  const authCmd = get('auth');
  const auth: Setting<boolean> = authCmd ? lit(authCmd.arg !== 'off', authCmd) : { value: false, origin: 'default', key: 'auth' };
  const userCmd = get('user');
  const user = userCmd?.arg ? lit(userCmd.arg, userCmd) : undefined;
  const pwCmd = get('password');
  const evalCmd = get('passwordeval');
  let password: Setting<SecretValue> | undefined;
  if (pwCmd?.arg) password = lit({ kind: 'literal', text: pwCmd.arg }, pwCmd);
  else if (evalCmd?.arg) password = lit({ kind: 'reference', text: '' }, evalCmd);

  const protocol = get('protocol')?.arg;
  let inactiveReason: string | undefined;
  if (!hostCmd?.arg) inactiveReason = 'the account has no host';
  else if (protocol === 'lmtp') inactiveReason = 'protocol is lmtp, not SMTP';

  const anchor = b.header ? span(b.header) : hostCmd ? span(hostCmd) : { start: 0, end: 0 };

  /** Lines go into the account's own block, after its host line (or its account line), lined up like that line. */
  const insertionLine = (b.own.get('host') ?? b.header ?? b.all[0])?.line;
  const newLine = (cmd: string, arg: string): string => {
    const template = b.own.get('host') ?? b.all.find((c) => c.arg);
    if (!template) return `${cmd} ${arg}`;
    return lineLike(template.line.text, template.cmdSpan.end - template.line.start, template.argSpan.start - template.line.start, cmd, ' ', arg);
  };
  /** Make `cmd` read `arg` for this account: edit its own line, else add an override to its block. */
  const setCommand = (cmd: string, arg: string, pending: string[]): TextEdit | undefined => {
    const own = b.own.get(cmd);
    if (own) return own.arg === arg ? undefined : { ...own.argSpan, newText: arg };
    const inherited = get(cmd);
    if (inherited && inherited.arg === arg) return undefined;
    pending.push(newLine(cmd, arg));
    return undefined;
  };

  const setTransport = (newPort: number, newMode: 'starttls' | 'implicit'): TextEdit[] | undefined => {
    if (!insertionLine) return undefined;
    const pending: string[] = [];
    const edits: (TextEdit | undefined)[] = [];
    edits.push(setCommand('port', String(newPort), pending));
    if (!tlsOn) edits.push(setCommand('tls', 'on', pending));
    const wantStarttls = newMode === 'starttls';
    if (starttls !== wantStarttls) {
      // The old spelling takes no argument: replace it with the current one.
      const old = b.own.get('tls_nostarttls');
      if (old && wantStarttls) edits.push({ start: old.cmdSpan.start, end: old.argSpan.end, newText: 'tls_starttls on' });
      else edits.push(setCommand('tls_starttls', wantStarttls ? 'on' : 'off', pending));
    }
    const list = edits.filter((e): e is TextEdit => e !== undefined);
    if (pending.length) list.push(insertLinesAfter(text, insertionLine.end, pending));
    return list.length ? list : undefined;
  };

  const enableVerification = (sw: Setting<string>): TextEdit[] | undefined => {
    const cmd = get(sw.key);
    if (!cmd) return undefined;
    if (sw.key === 'tls_certcheck') return [{ ...cmd.argSpan, newText: 'on' }];
    // tls_nocertcheck, or an empty tls_trust_file: drop the line, msmtp's defaults verify.
    return [removeLines(physicalLines(text), cmd.line.index, cmd.line.index)];
  };

  return {
    label: `msmtp account "${b.name}"`,
    ecosystem: ECOSYSTEM,
    active: inactiveReason === undefined,
    inactiveReason,
    host: hostCmd?.arg ? lit(hostCmd.arg, hostCmd) : undefined,
    port,
    tls,
    verifyDisabled,
    auth,
    user,
    password,
    anchor,
    edit: { setTransport, enableVerification },
  };
}
