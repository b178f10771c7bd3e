// Ruby configs → mail profiles, with the mail gem's (≥ 2.8) semantics shared by every source:
// - Rails: `config.action_mailer.smtp_settings = { … }`, `ActionMailer::Base.smtp_settings = …` (a hash or a local
//   variable holding one), gated by `delivery_method` (:smtp unless set otherwise) and `perform_deliveries`;
// - the mail gem on its own: `delivery_method :smtp, { … }` (inside `Mail.defaults do … end` or on a message);
// - GitLab Omnibus `gitlab.rb`: `gitlab_rails['smtp_*'] = …`, gated by `gitlab_rails['smtp_enable']`.
// `tls: true` / `ssl: true` are implicit TLS; `enable_starttls: true`/`:always` requires STARTTLS; `:auto`,
// `enable_starttls_auto: true` or nothing set is opportunistic; `enable_starttls: false` alone is plaintext.
import type { DuplicateSetting, MailProfile, SecretValue, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { indentAt, type LineIndex } from '../../text';
import type { Cond, Pair, RNode, Stmt } from './parser';
import { evaluate, rbTruthy, type RbValue } from './values';

export interface RubyResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
  duplicates: DuplicateSetting[];
}

interface Env {
  text: string;
  index: LineIndex;
  eol: string;
}

/** One mail setting, in the mail gem's vocabulary, wherever it is written. */
interface Entry {
  /** address, port, user_name, password, authentication, tls, ssl, enable_starttls, enable_starttls_auto, openssl_verify_mode */
  name: string;
  /** As written: `port` or `gitlab_rails['smtp_port']`. */
  keyText: string;
  keySpan: Span;
  value: RNode;
  pair?: Pair;
  stmt?: Stmt;
}

/** Where settings live and how to add one next to another. */
interface Source {
  entries: Entry[];
  get(name: string): Entry | undefined;
  /** One edit adding `items` after `after` (or at the source's natural place). */
  insert(after: Entry | undefined, items: { name: string; value: string }[]): TextEdit | undefined;
  /** Rename a key in place (enable_starttls_auto → enable_starttls); undefined when the source cannot. */
  rename?(entry: Entry, name: string): TextEdit | undefined;
  /** The key as it would be written for a mail-gem name (for defaults in messages). */
  keyFor(name: string): string;
  /** `{ **base, ... }`: keys not written here may come from the splat, so no defaults apply. */
  open?: boolean;
}

const ROLE: Record<string, SymbolRole> = {
  address: 'host', port: 'port', user_name: 'user', password: 'password', authentication: 'auth',
  tls: 'tls', ssl: 'tls', force_ssl: 'tls', enable_starttls: 'tls', enable_starttls_auto: 'tls',
  openssl_verify_mode: 'verify', delivery_method: 'mailer', enable: 'mailer',
};

const SECRET_NAME = /(password|passwd|secret|token|api_?key|private_key)$/i;

export function rubyProfiles(env: Env, stmts: Stmt[]): RubyResult {
  const out: RubyResult = { profiles: [], symbols: [], secrets: [], duplicates: [] };
  const smtpAssigns: { stmt: Stmt; target: RNode; value: RNode }[] = [];
  const deliveries: { stmt: Stmt; value: RNode }[] = [];
  const performs: { stmt: Stmt; value: RNode }[] = [];
  const locals: { name: string; hash: Extract<RNode, { t: 'hash' }>; stmt: Stmt }[] = [];
  const mailCalls: { stmt: Stmt; call: Extract<RNode, { t: 'call' }> }[] = [];
  const gitlab: Stmt[] = [];

  for (const stmt of stmts) {
    const n = stmt.node;
    if (n.t === 'assign' && n.op === '=') {
      const target = n.target;
      if (target.t === 'call' && target.args.length === 0 && target.name === 'smtp_settings') smtpAssigns.push({ stmt, target, value: n.value });
      else if (target.t === 'call' && target.args.length === 0 && target.name === 'delivery_method') deliveries.push({ stmt, value: n.value });
      else if (target.t === 'call' && target.args.length === 0 && target.name === 'perform_deliveries') performs.push({ stmt, value: n.value });
      else if (target.t === 'index' && target.recv.t === 'var' && target.recv.name === 'gitlab_rails' && target.args[0]?.t === 'str') gitlab.push(stmt);
      else if (target.t === 'var' && n.value.t === 'hash') locals.push({ name: target.name, hash: n.value, stmt });
    } else if (n.t === 'call' && n.name === 'delivery_method' && n.args.length >= 1) {
      mailCalls.push({ stmt, call: n });
    }
  }

  const resolveHash = (value: RNode, before: number): Extract<RNode, { t: 'hash' }> | undefined => {
    if (value.t === 'hash') return value;
    if (value.t === 'var') return locals.filter((l) => l.name === value.name && l.stmt.span.start < before).pop()?.hash;
    return undefined;
  };

  // ---- Rails smtp_settings ----
  const targetText = (t: RNode) => env.text.slice(t.span.start, t.span.end).replace(/\s+/g, '');
  for (let i = 0; i < smtpAssigns.length; i++) {
    const a = smtpAssigns[i];
    // Assigned again later on the same branch: this one has no effect (duplicate-setting reports it).
    const later = smtpAssigns.slice(i + 1).find((b) => samePath(a.stmt.path, b.stmt.path) && targetText(b.target).endsWith('.smtp_settings'));
    if (later) {
      const removal = removeLines(env, a.stmt.span);
      out.duplicates.push({
        key: 'smtp_settings',
        winner: later.stmt.span,
        // The whole assignment, hash and all: that is what has no effect, and what the removal takes.
        loser: a.stmt.span,
        rule: 'the last assignment wins (Ruby)',
        removal: removal ? [removal] : [],
      });
      continue;
    }
    const hash = resolveHash(a.value, a.stmt.span.start);
    if (!hash) continue;
    const delivery = deliveries.filter((d) => compatible(d.stmt.path, a.stmt.path)).pop();
    const perform = performs.filter((d) => compatible(d.stmt.path, a.stmt.path)).pop();
    let active = true;
    let inactiveReason: string | undefined;
    const method = delivery ? evaluate(delivery.value, env.text) : undefined;
    if (method?.known && typeof method.value === 'string' && method.value !== 'smtp') {
      active = false;
      inactiveReason = `delivery_method is :${method.value}, not :smtp`;
    }
    const performV = perform ? evaluate(perform.value, env.text) : undefined;
    if (active && performV?.known && !rbTruthy(performV)) {
      active = false;
      inactiveReason = 'perform_deliveries is false: no mail is sent';
    }
    const source = hashSource(env, hash);
    out.duplicates.push(...hashDuplicates(env, hash));
    out.profiles.push(mailGemProfile(env, source, {
      label: `${targetText(a.target)}`,
      ecosystem: 'rails',
      active,
      inactiveReason,
      anchor: a.target.span,
    }));
    collectSymbols(out, source, 'rails');
  }

  // ---- mail gem: delivery_method :smtp, { … } ----
  for (const { stmt, call } of mailCalls) {
    const method = evaluate(call.args[0], env.text);
    const hashArg = call.args[1] ? resolveHash(call.args[1], stmt.span.start) : undefined;
    if (!hashArg) continue;
    const smtp = !method?.known || method.value === 'smtp';
    const source = hashSource(env, hashArg);
    out.duplicates.push(...hashDuplicates(env, hashArg));
    const inMailDefaults = stmt.blocks.some((b) => b === 'Mail.defaults');
    out.profiles.push(mailGemProfile(env, source, {
      label: inMailDefaults ? 'Mail.defaults delivery_method' : 'mail delivery_method',
      ecosystem: 'mail-gem',
      active: smtp,
      inactiveReason: smtp ? undefined : `delivery_method is :${String(method?.value)}, not :smtp`,
      anchor: call.nameSpan,
    }));
    collectSymbols(out, source, 'mail-gem');
  }

  // ---- GitLab gitlab.rb ----
  const smtpOps = gitlab.filter((s) => keyOf(s).startsWith('smtp_'));
  if (smtpOps.length) {
    const source = gitlabSource(env, smtpOps, out.duplicates);
    const enableStmt = [...smtpOps].reverse().find((s) => keyOf(s) === 'smtp_enable');
    const enable = enableStmt ? evaluate(valueOf(enableStmt), env.text) : undefined;
    // Not set or false: GitLab sends through sendmail. Read from the environment: assume it is on.
    const active = !enableStmt ? false : enable?.known ? rbTruthy(enable) : true;
    const first = smtpOps[0].node.span;
    out.profiles.push(mailGemProfile(env, source, {
      label: "gitlab_rails['smtp_*']",
      ecosystem: 'gitlab',
      active,
      inactiveReason: active ? undefined : `gitlab_rails['smtp_enable'] is ${enableStmt ? 'not true' : 'not set'}: GitLab delivers through sendmail, not these SMTP settings`,
      anchor: enableStmt ? enableStmt.node.span : first,
      gitlab: true,
    }));
    collectSymbols(out, source, 'gitlab');
  }

  // ---- secrets: passwords in any hash or gitlab_rails key, LDAP bind passwords, tokens ----
  const secretWalk = (node: RNode | undefined): void => {
    if (!node) return;
    if (node.t === 'hash') {
      for (const p of node.pairs) {
        if (p.key && SECRET_NAME.test(p.key) && p.value.t === 'str' && !p.value.interp && p.value.value.length >= 3) out.secrets.push(p.value.value);
        secretWalk(p.value);
      }
    } else if (node.t === 'assign') {
      const t = node.target;
      const key = t.t === 'index' && t.args[0]?.t === 'str' ? t.args[0].value : t.t === 'var' || t.t === 'call' ? t.name : '';
      if (SECRET_NAME.test(key) && node.value.t === 'str' && !node.value.interp && node.value.value.length >= 3) out.secrets.push(node.value.value);
      secretWalk(node.value);
    } else if (node.t === 'call') {
      node.args.forEach(secretWalk);
    } else if (node.t === 'array') node.items.forEach(secretWalk);
  };
  for (const s of stmts) secretWalk(s.node);
  return out;
}

// ---- sources -----------------------------------------------------------------------------------------------------

function keyOf(stmt: Stmt): string {
  const n = stmt.node;
  return n.t === 'assign' && n.target.t === 'index' && n.target.args[0]?.t === 'str' ? n.target.args[0].value : '';
}

function valueOf(stmt: Stmt): RNode | undefined {
  return stmt.node.t === 'assign' ? stmt.node.value : undefined;
}

function hashSource(env: Env, hash: Extract<RNode, { t: 'hash' }>): Source {
  const entries: Entry[] = hash.pairs
    .filter((p) => p.key !== undefined)
    .map((p) => ({ name: p.key!, keyText: p.key!, keySpan: p.keySpan, value: p.value, pair: p }));
  const get = (name: string) => entries.filter((e) => e.name === name).pop();
  return {
    entries,
    get,
    open: hash.splat,
    keyFor: (name) => name,
    insert: (after, items) => {
      const anchor = after ?? entries[entries.length - 1];
      // A half-typed hash (no closing brace): text inserted there may land inside the broken part and repeat forever.
      if (!anchor?.pair || hash.closed === false) return undefined;
      // `port: ENV.fetch 'X', 587,`: a call without parentheses takes every pair after it as its arguments, so an
      // entry added there would never reach the settings (and each fix pass would add it again).
      if (endsInCommandCall(anchor.pair.value)) return undefined;
      const p = anchor.pair;
      const layout = pairLayout(env, p, hash.pairs);
      const keyText = (name: string) =>
        p.keyStyle === 'label' ? (p.keyQuote ? `${p.keyQuote}${name}${p.keyQuote}:` : `${name}:`) : p.keyStyle === 'string' ? `${p.keyQuote ?? "'"}${name}${p.keyQuote ?? "'"}` : `:${name}`;
      const texts = items.map((it) => {
        const key = keyText(it.name);
        const pad = ' '.repeat(layout.aligned ? Math.max(1, layout.column - key.length) : 1);
        return p.keyStyle === 'label' ? `${key}${pad}${it.value}` : `${key}${pad}=> ${it.value}`;
      });
      return insertAfterItem(env, p.span, texts);
    },
    rename: (entry, name) => {
      const raw = env.text.slice(entry.keySpan.start, entry.keySpan.end);
      const at = raw.indexOf(entry.name);
      if (at < 0 || !entry.pair) return undefined;
      const start = entry.keySpan.start + at;
      const end = start + entry.name.length;
      // Keep an aligned value (or `=>`) where it was: pad by what the key loses.
      const layout = pairLayout(env, entry.pair, hash.pairs);
      const shrink = entry.name.length - name.length;
      if (!layout.aligned || shrink <= 0) return { start, end, newText: name };
      const gapStart = entry.pair.keyStyle === 'label' ? entry.keySpan.end + 1 : entry.keySpan.end;
      const gapEnd = gapStart + (/^[ \t]*/.exec(env.text.slice(gapStart))?.[0].length ?? 0);
      const between = env.text.slice(end, gapStart);
      return { start, end: gapEnd, newText: `${name}${between}${' '.repeat(gapEnd - gapStart + shrink)}` };
    },
  };
}

/** GitLab: `gitlab_rails['smtp_port'] = 465`; mail-gem names map to `smtp_<name>`; smtp_force_ssl reads like ssl. */
function gitlabSource(env: Env, ops: Stmt[], duplicates: DuplicateSetting[]): Source {
  const entries: Entry[] = [];
  const seen = new Map<string, Stmt>();
  for (const stmt of ops) {
    const n = stmt.node as Extract<RNode, { t: 'assign' }>;
    const idx = n.target as Extract<RNode, { t: 'index' }>;
    const key = keyOf(stmt);
    const earlier = seen.get(key);
    if (earlier && samePath(earlier.path, stmt.path)) {
      const removal = removeLines(env, earlier.span);
      duplicates.push({
        key: `gitlab_rails['${key}']`,
        winner: stmt.span,
        loser: earlier.span,
        rule: 'the last assignment wins (gitlab.rb is Ruby)',
        removal: removal ? [removal] : [],
      });
    }
    seen.set(key, stmt);
    const name = key === 'smtp_force_ssl' ? 'force_ssl' : key.replace(/^smtp_/, '');
    entries.push({ name, keyText: env.text.slice(idx.span.start, idx.span.end), keySpan: idx.args[0].span, value: n.value, stmt });
  }
  const get = (name: string) => entries.filter((e) => e.name === name).pop();
  const last = entries[entries.length - 1];
  return {
    entries,
    get,
    keyFor: (name) => `gitlab_rails['smtp_${name}']`,
    insert: (after, items) => {
      const anchor = after ?? last;
      const stmt = anchor?.stmt;
      if (!stmt) return undefined;
      const n = stmt.node as Extract<RNode, { t: 'assign' }>;
      const idx = n.target as Extract<RNode, { t: 'index' }>;
      const keyNode = idx.args[0] as Extract<RNode, { t: 'str' }>;
      const quote = env.text[keyNode.span.start];
      const prefix = env.text.slice(idx.span.start, keyNode.span.start);
      const suffix = env.text.slice(keyNode.span.end, idx.span.end);
      const line = env.index.positionAt(stmt.span.end).line;
      const at = env.index.lineEnd(line);
      const indent = indentAt(env.text, stmt.span.start);
      // `gitlab_rails['smtp_port']      = 465`: keep the `=` column of an aligned block.
      const eqGap = /^[ \t]*/.exec(env.text.slice(idx.span.end))![0];
      const eqColumn = idx.span.end - idx.span.start + eqGap.length;
      const newText = items
        .map((it) => {
          const target = `${prefix}${quote}smtp_${it.name}${quote}${suffix}`;
          const pad = eqGap.length > 1 ? ' '.repeat(Math.max(1, eqColumn - target.length)) : ' ';
          return `${env.eol}${indent}${target}${pad}= ${it.value}`;
        })
        .join('');
      return { start: at, end: at, newText };
    },
  };
}

function collectSymbols(out: RubyResult, source: Source, ecosystem: string): void {
  for (const e of source.entries) {
    const role = ROLE[e.name];
    if (!role) continue;
    const key = ecosystem === 'gitlab' ? (e.name === 'force_ssl' ? 'smtp_force_ssl' : `smtp_${e.name}`) : e.name;
    out.symbols.push({ key, role, ecosystem, keySpan: e.keySpan, valueSpan: e.value.span });
  }
}

// ---- the mail gem's semantics ------------------------------------------------------------------------------------

interface ProfileOptions {
  label: string;
  ecosystem: string;
  active: boolean;
  inactiveReason?: string;
  anchor: Span;
  gitlab?: boolean;
}

function setting<T>(e: Entry, v: RbValue, value: T): Setting<T> {
  const s: Setting<T> = { value, origin: v.origin, key: e.keyText, span: v.source ?? v.span, keySpan: e.keySpan };
  if (v.reference) s.reference = v.reference;
  return s;
}

function mailGemProfile(env: Env, source: Source, opts: ProfileOptions): MailProfile {
  const { text } = env;
  const val = (e: Entry | undefined) => (e ? evaluate(e.value, text) : undefined);

  const hostE = source.get('address');
  const hostV = val(hostE);
  const defaults = !source.open;
  const host: Setting<string> | undefined =
    hostE && hostV?.known && typeof hostV.value === 'string' && hostV.value.trim()
      ? setting(hostE, hostV, hostV.value.trim())
      : !hostE && defaults
        ? { value: 'localhost', origin: 'default', key: source.keyFor('address') }
        : undefined;

  const portE = source.get('port');
  const portV = val(portE);
  let port: Setting<number | string> | undefined;
  if (!portE) port = defaults ? { value: 25, origin: 'default', key: source.keyFor('port') } : undefined;
  else if (portV?.known && portV.value !== null && typeof portV.value !== 'boolean') {
    const t = String(portV.value).trim();
    port = setting(portE, portV, typeof portV.value === 'number' ? portV.value : /^\d{1,9}$/.test(t) ? Number(t) : t);
  }

  const mode = mailGemMode(source, val);
  const tls = mode.tls;
  const tlsGuessed = mode.tlsGuessed || (!defaults && tls.origin === 'default');

  const verifyDisabled: Setting<string>[] = [];
  const verifyE = source.get('openssl_verify_mode');
  const verifyV = val(verifyE);
  if (verifyE && verifyV?.known && typeof verifyV.value === 'string' && (/^none$/i.test(verifyV.value) || /VERIFY_NONE$/.test(verifyV.value))) {
    verifyDisabled.push(setting(verifyE, verifyV, `${verifyE.keyText} ${text.slice(verifyV.source?.start ?? verifyV.span.start, verifyV.source?.end ?? verifyV.span.end)}`));
  }

  const userE = source.get('user_name');
  const userV = val(userE);
  const user = userE && userV?.known && typeof userV.value === 'string' && userV.value ? setting(userE, userV, userV.value) : undefined;
  // Net::SMTP logs in when a user name is given (authentication: nil means PLAIN); no user name, no AUTH.
  let auth: Setting<boolean> | undefined;
  if (!userE && defaults) auth = { value: false, origin: 'default', key: source.keyFor('user_name') };
  else if (userE && userV?.known) auth = setting(userE, userV, typeof userV.value === 'string' ? userV.value !== '' : rbTruthy(userV));

  const passE = source.get('password');
  const passV = val(passE);
  let password: Setting<SecretValue> | undefined;
  if (passE && passV) {
    const kind: SecretValue['kind'] = !passV.known ? 'reference' : passV.value === null || passV.value === '' ? 'empty' : 'literal';
    password = { ...setting(passE, passV, { kind, text: kind === 'literal' ? String(passV.value) : '' }), span: kind === 'reference' ? passV.span : (passV.source ?? passV.span) };
  }

  return {
    label: opts.label,
    ecosystem: opts.ecosystem,
    active: opts.active,
    inactiveReason: opts.inactiveReason,
    host,
    port,
    tls,
    tlsGuessed,
    verifyDisabled,
    auth,
    user,
    password,
    anchor: opts.anchor,
    edit: {
      setTransport: (p, mode) => transportEdits(source, val, p, mode, !!opts.gitlab),
      enableVerification: () => {
        const e = verifyV?.write?.('peer');
        return e ? [e] : undefined;
      },
    },
  };
}

function mailGemMode(source: Source, val: (e: Entry | undefined) => RbValue | undefined): { tls: Setting<TlsMode>; tlsGuessed: boolean } {
  const implicitKeys = ['tls', 'ssl', 'force_ssl'].map((k) => source.get(k)).filter((e): e is Entry => !!e);
  for (const e of implicitKeys) {
    const v = val(e);
    if (v?.known && rbTruthy(v)) return { tls: setting(e, v, 'implicit'), tlsGuessed: false };
  }
  let guessed = implicitKeys.some((e) => !val(e)?.known);
  const st = source.get('enable_starttls');
  const sta = source.get('enable_starttls_auto');
  const stV = val(st);
  const staV = val(sta);
  if (st && stV?.known && rbTruthy(stV)) {
    const auto = stV.value === 'auto';
    return { tls: setting(st, stV, auto ? 'opportunistic' : 'starttls'), tlsGuessed: guessed };
  }
  if ((st && !stV?.known) || (sta && !staV?.known)) guessed = true;
  if (sta && staV?.known && staV.value !== null) return { tls: setting(sta, staV, rbTruthy(staV) ? 'opportunistic' : 'none'), tlsGuessed: guessed };
  if (st && stV?.known && stV.value !== null) return { tls: setting(st, stV, 'none'), tlsGuessed: guessed };
  return { tls: { value: 'opportunistic', origin: 'default', key: source.keyFor('enable_starttls') }, tlsGuessed: guessed };
}

function transportEdits(source: Source, val: (e: Entry | undefined) => RbValue | undefined, port: number, mode: 'starttls' | 'implicit', gitlab: boolean): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const inserts: { name: string; value: string }[] = [];
  const portE = source.get('port');
  const portV = val(portE);
  if (portE) {
    const current = portV?.known ? Number(portV.value) : undefined;
    if (current !== port) {
      const e = portV?.write?.(port);
      if (e) edits.push(e);
      else if (portV?.known) return undefined;
    }
  } else inserts.push({ name: 'port', value: String(port) });

  /** Make an entry false when it may be true (mail ≥ 2.8 raises when TLS and STARTTLS are both set). */
  const turnOff = (e: Entry | undefined): boolean => {
    if (!e) return true;
    const v = val(e);
    if (v?.known && !rbTruthy(v)) return true;
    const w = v?.write?.(false);
    if (!w) return false;
    edits.push(w);
    return true;
  };
  const turnOn = (e: Entry, want: boolean = true): boolean => {
    const v = val(e);
    if (v?.known && rbTruthy(v) && v.value !== 'auto') return true;
    const w = v?.write?.(want);
    if (!w) return false;
    edits.push(w);
    return true;
  };

  if (mode === 'starttls') {
    for (const k of ['tls', 'ssl', 'force_ssl']) if (!turnOff(source.get(k))) return undefined;
    const st = source.get('enable_starttls');
    const sta = source.get('enable_starttls_auto');
    if (gitlab) {
      // Omnibus passes only enable_starttls_auto: STARTTLS there is opportunistic at best.
      if (sta) {
        if (!turnOn(sta)) return undefined;
      } else inserts.push({ name: 'enable_starttls_auto', value: 'true' });
    } else if (st) {
      if (!turnOn(st)) return undefined;
    } else if (sta && source.rename) {
      const rename = source.rename(sta, 'enable_starttls');
      const v = val(sta);
      const w = v?.known && v.value === true ? undefined : v?.write?.(true);
      if (!rename || (!w && !(v?.known && v.value === true))) return undefined;
      edits.push(rename);
      if (w) edits.push(w);
    } else inserts.push({ name: 'enable_starttls', value: 'true' });
  } else {
    for (const k of ['enable_starttls', 'enable_starttls_auto']) if (!turnOff(source.get(k))) return undefined;
    const existing = source.get('tls') ?? source.get('ssl');
    if (existing) {
      if (!turnOn(existing)) return undefined;
    } else inserts.push({ name: 'tls', value: 'true' });
  }
  if (inserts.length) {
    const after = portE ?? source.get('address');
    const ins = source.insert(after, inserts);
    if (!ins) return undefined;
    edits.push(ins);
  }
  return edits.length ? edits : undefined;
}

// ---- helpers ---------------------------------------------------------------------------------------------------

function samePath(a: Cond[], b: Cond[]): boolean {
  return a.length === b.length && a.every((c) => b.some((d) => d.id === c.id && d.branch === c.branch));
}

/** Can two statements run in the same execution (no conditional where they took different branches)? */
function compatible(a: Cond[], b: Cond[]): boolean {
  return a.every((c) => !b.some((d) => d.id === c.id && d.branch !== c.branch));
}

function startsLine(text: string, offset: number): boolean {
  let i = offset;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return i === 0 || text[i - 1] === '\n' || text[i - 1] === '\r';
}

function restBlank(text: string, from: number, to: number): boolean {
  const rest = text.slice(from, to).trim();
  return rest === '' || rest.startsWith('#');
}

/**
 * How a pair lays out its value: `aligned` when the key is padded to a column (two or more blanks before the value,
 * or before `=>`), and `column`, the width from the key's start to that value (label) or arrow (rocket).
 */
function pairLayout(env: Env, p: Pair, siblings: readonly Pair[]): { aligned: boolean; column: number } {
  const gapOf = (q: Pair) => {
    const keyEnd = q.keyStyle === 'label' ? q.keySpan.end + 1 : q.keySpan.end;
    return { keyEnd, gap: /^[ \t]*/.exec(env.text.slice(keyEnd))![0].length };
  };
  const own = gapOf(p);
  // Aligned when some pair of the hash pads its key (the longest key itself has a single blank).
  return { aligned: siblings.some((q) => gapOf(q).gap > 1), column: own.keyEnd + own.gap - p.span.start };
}

/** Does the expression end in a call without parentheses that has arguments (`ENV.fetch 'X', 587`, `a + f 1`)? */
function endsInCommandCall(node: RNode): boolean {
  for (let n: RNode | undefined = node; n; ) {
    switch (n.t) {
      case 'call':
        if (!n.paren && n.args.length > 0 && !n.block) return true;
        n = undefined;
        break;
      case 'binop':
        n = n.right;
        break;
      case 'unary':
        n = n.arg;
        break;
      case 'assign':
        n = n.value;
        break;
      default:
        n = undefined;
    }
  }
  return false;
}

/** Add hash entries after the entry at `span`: one per line when it starts its line, else inline. */
function insertAfterItem(env: Env, span: Span, texts: string[]): TextEdit {
  const { text, index, eol } = env;
  let after = span.end;
  while (after < text.length && (text[after] === ' ' || text[after] === '\t')) after++;
  if (!startsLine(text, span.start)) return { start: span.end, end: span.end, newText: texts.map((t) => `, ${t}`).join('') };
  const indent = indentAt(text, span.start);
  if (text[after] === ',') {
    const lineEnd = index.lineEnd(index.positionAt(after).line);
    const at = restBlank(text, after + 1, lineEnd) ? lineEnd : after + 1;
    return { start: at, end: at, newText: texts.map((t) => `${eol}${indent}${t},`).join('') };
  }
  return { start: span.end, end: span.end, newText: texts.map((t) => `,${eol}${indent}${t}`).join('') };
}

/** Remove the whole lines of a statement when nothing else shares them. */
function removeLines(env: Env, span: Span): TextEdit | undefined {
  const { text, index } = env;
  const first = index.positionAt(span.start).line;
  const last = index.positionAt(span.end).line;
  if (!startsLine(text, span.start) || !restBlank(text, span.end, index.lineEnd(last))) return undefined;
  const end = index.lineEndWithBreak(last);
  if (end === index.lineEnd(last) && first > 0) return { start: index.lineEnd(first - 1), end, newText: '' };
  return { start: index.lineStart(first), end, newText: '' };
}

/** The same key twice in one hash: Ruby keeps the last. */
function hashDuplicates(env: Env, hash: Extract<RNode, { t: 'hash' }>): DuplicateSetting[] {
  const out: DuplicateSetting[] = [];
  const byKey = new Map<string, Pair[]>();
  for (const p of hash.pairs) if (p.key && ROLE[p.key]) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p]);
  for (const [key, list] of byKey) {
    if (list.length < 2) continue;
    const winner = list[list.length - 1];
    for (const loser of list.slice(0, -1)) {
      const removal = removePair(env, loser);
      out.push({ key, winner: winner.span, loser: loser.span, rule: 'the last value wins (Ruby hash)', removal: removal ? [removal] : [] });
    }
  }
  return out;
}

function removePair(env: Env, pair: Pair): TextEdit | undefined {
  const { text } = env;
  let end = pair.span.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] !== ',') return undefined; // the last pair: leave it to the user
  end++;
  if (startsLine(text, pair.span.start)) {
    const line = env.index.positionAt(end).line;
    if (restBlank(text, end, env.index.lineEnd(line))) return { start: env.index.lineStart(env.index.positionAt(pair.span.start).line), end: env.index.lineEndWithBreak(line), newText: '' };
  }
  while (end < text.length && text[end] === ' ') end++;
  return { start: pair.span.start, end, newText: '' };
}
