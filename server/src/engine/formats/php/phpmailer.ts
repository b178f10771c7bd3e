// PHPMailer configured in code: phpmailer_init callbacks, `new PHPMailer` objects and functions that take a
// PHPMailer parameter. Reads the property assignments made on that object and turns them into one profile per host
// entry (Host may list several, each with its own ssl:// / tls:// prefix and :port).
import type { MailProfile, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import { args, child, childList, childNodes, compactSource, expressionSpan, type PhpNode, spanOf, str, stringValue } from './ast';
import { booleanText, insertStatementAfter, quoteOf, replaceLiteral } from './edits';
import type { LineIndex } from '../../text';
import { branchChoices, branchStart, runsIn, type Condition, type ScanResult } from './scan';
import { evaluate, literalSource, passwordSetting, portValue, secretTexts, settingFrom, textValue, truthy, valueSpan, type Literal, type PhpValue } from './values';

/** Properties we read, with their roles. PHP property names are case-sensitive: `$mail->host` is not Host. */
const PROPS: Record<string, SymbolRole> = {
  Host: 'host',
  Port: 'port',
  SMTPSecure: 'tls',
  SMTPAutoTLS: 'tls',
  SMTPAuth: 'auth',
  Username: 'user',
  Password: 'password',
  SMTPOptions: 'verify',
  Mailer: 'mailer',
};

/** Methods that pick the transport; method names are case-insensitive in PHP. */
const MAILER_METHODS: Record<string, string> = { issmtp: 'smtp', ismail: 'mail', issendmail: 'sendmail', isqmail: 'qmail' };

/** Certificate checks and the value that turns each one off. */
const VERIFY_SWITCHES: Record<string, boolean> = { verify_peer: false, verify_peer_name: false, allow_self_signed: true };

interface Op {
  prop: string;
  /** The object as written (`$phpmailer`, `$this->mail`), for inserted statements. */
  objText: string;
  keySpan?: Span;
  /** The assigned value (absent for isSMTP() and friends). */
  valueNode?: PhpNode;
  /** Mailer value from isSMTP()/isMail(). */
  mailer?: string;
  /** For `$m->SMTPOptions['ssl']['verify_peer'] = false`: ['ssl', 'verify_peer']. */
  optionPath?: string[];
  statement?: Span;
  span: Span;
  /** The if/else branches the operation sits in, inside the function. */
  path: Condition[];
}

interface Target {
  kind: 'hook' | 'object' | 'param';
  label: string;
  ops: Op[];
  /** Where the configuration starts: the hook call or `new PHPMailer`. */
  origin: Span;
}

export interface PhpMailerResult {
  profiles: MailProfile[];
  symbols: SettingSymbol[];
  secrets: string[];
}

export function phpMailerProfiles(text: string, index: LineIndex, scan: ScanResult): PhpMailerResult {
  const out: PhpMailerResult = { profiles: [], symbols: [], secrets: [] };
  for (const target of findTargets(text, scan)) {
    if (target.ops.length === 0) continue;
    for (const op of target.ops) {
      const role = PROPS[op.prop];
      if (op.optionPath) continue; // reported per switch below
      if (role && op.prop !== 'SMTPOptions') out.symbols.push({ key: `${op.objText}->${op.prop}`, role, ecosystem: 'phpmailer', keySpan: op.keySpan, valueSpan: op.valueNode ? spanOf(op.valueNode) : undefined });
      if (op.prop === 'Password') out.secrets.push(...secretTexts(evaluate(op.valueNode)));
    }
    // if/else branches that set the same object differently are separate setups (one profile set each).
    const choices = branchChoices(target.ops.map((op) => op.path));
    const seen = new Set<string>();
    for (const choice of choices) {
      const ops = target.ops.filter((op) => runsIn(op.path, choice));
      const signature = ops.map((op) => op.span.start).join(',');
      if (ops.length === 0 || seen.has(signature)) continue;
      seen.add(signature);
      const at = choices.length > 1 ? branchStart(ops.map((op) => op.path), choice) : undefined;
      const label = at === undefined ? target.label : `${target.label} (branch at line ${index.positionAt(at).line + 1})`;
      const built = buildProfiles(text, scan, { ...target, ops, label });
      out.profiles.push(...built.profiles);
      out.symbols.push(...built.verifySymbols);
    }
  }
  return out;
}

function findTargets(text: string, scan: ScanResult): Target[] {
  const targets: Target[] = [];
  const seenFunctions = new Set<PhpNode>();
  for (const hook of scan.hooks) {
    const fn = resolveCallback(hook.callback, hook.classNode, scan);
    const span = expressionSpan(text, hook.call);
    if (!fn || !span || seenFunctions.has(fn)) continue;
    const param = childList(fn, 'arguments')[0];
    const name = str(child(param, 'name'), 'name');
    if (!name) continue;
    seenFunctions.add(fn);
    targets.push({ kind: 'hook', label: 'phpmailer_init callback', ops: collectOps(text, fn, `$${name}`), origin: span });
  }
  for (const { fn, param } of scan.typedParams) {
    const name = str(child(param, 'name'), 'name');
    const span = spanOf(fn);
    if (seenFunctions.has(fn) || !name || !span) continue;
    seenFunctions.add(fn);
    const fnName = str(child(fn, 'name'), 'name');
    targets.push({ kind: 'param', label: fnName ? `PHPMailer setup in ${fnName}()` : 'PHPMailer setup', ops: collectOps(text, fn, `$${name}`), origin: span });
  }
  for (const obj of scan.objects) {
    const key = compactSource(text, obj.target);
    const span = spanOf(obj.newNode);
    if (!key || !span) continue;
    // Operations after this `new` and before the next `new` into the same variable belong to this object.
    const nextNew = scan.objects
      .filter((o) => o !== obj && o.scope === obj.scope && compactSource(text, o.target) === key)
      .map((o) => spanOf(o.newNode)?.start ?? 0)
      .filter((s) => s > span.end)
      .sort((a, b) => a - b)[0];
    const ops = collectOps(text, obj.scope, key).filter((op) => op.span.start > span.end && (nextNew === undefined || op.span.start < nextNew));
    targets.push({ kind: 'object', label: `PHPMailer object ${key}`, ops, origin: span });
  }
  return targets;
}

/** The function a phpmailer_init callback names: a closure, 'function_name', 'Class::method' or [$this, 'method']. */
function resolveCallback(cb: PhpNode, classNode: PhpNode | undefined, scan: ScanResult): PhpNode | undefined {
  if (cb.kind === 'closure' || cb.kind === 'arrowfunc') return cb;
  const s = stringValue(cb);
  if (s !== undefined) {
    const [cls, method] = s.includes('::') ? s.split('::', 2) : [undefined, s];
    if (cls !== undefined) return methodOf(scan.classes.get(lastSegment(cls)), method);
    return scan.functions.get(lastSegment(s));
  }
  if (cb.kind === 'array') {
    const items = childList(cb, 'items').map((e) => (e.kind === 'entry' ? child(e, 'value') : e));
    const [holder, methodNode] = items;
    const method = stringValue(methodNode);
    if (!holder || method === undefined) return undefined;
    const holderName = stringValue(holder);
    if (holderName !== undefined) return methodOf(scan.classes.get(lastSegment(holderName)), method);
    const isSelf =
      (holder.kind === 'variable' && str(holder, 'name') === 'this') ||
      (holder.kind === 'magic' && String(holder.value).toUpperCase() === '__CLASS__') ||
      (holder.kind === 'staticlookup' && str(child(holder, 'offset'), 'name')?.toLowerCase() === 'class');
    if (isSelf) {
      if (holder.kind === 'staticlookup') {
        const what = child(holder, 'what');
        const whatName = what?.kind === 'name' ? (str(what, 'name') ?? '').toLowerCase() : '';
        if (whatName && whatName !== 'self' && whatName !== 'static') return methodOf(scan.classes.get(lastSegment(whatName)), method);
      }
      return methodOf(classNode, method);
    }
  }
  return undefined;
}

function lastSegment(name: string): string {
  const n = name.toLowerCase().replace(/^\\/, '');
  const i = n.lastIndexOf('\\');
  return i >= 0 ? n.slice(i + 1) : n;
}

function methodOf(cls: PhpNode | undefined, method: string): PhpNode | undefined {
  return childList(cls, 'body').find((m) => m.kind === 'method' && str(child(m, 'name'), 'name')?.toLowerCase() === method.toLowerCase());
}

/** Assignments and calls on the object `key` inside `scope`, not looking into nested functions or classes. */
function collectOps(text: string, scope: PhpNode, key: string): Op[] {
  const ops: Op[] = [];
  const isObj = (node: PhpNode | undefined): node is PhpNode => !!node && compactSource(text, node) === key;
  const objText = (node: PhpNode): string => {
    const s = spanOf(node)!;
    return text.slice(s.start, s.end);
  };
  let nextId = 1;
  const walk = (node: PhpNode, statement: Span | undefined, top: boolean, path: Condition[]): void => {
    if (!top && ['function', 'method', 'closure', 'arrowfunc', 'class', 'trait', 'interface', 'enum'].includes(node.kind)) return;
    if (node.kind === 'if' || node.kind === 'retif') {
      const id = nextId++;
      const parts: [string, number][] = node.kind === 'if' ? [['test', -1], ['body', 0], ['alternate', 1]] : [['test', -1], ['trueExpr', 0], ['falseExpr', 1]];
      for (const [key, branch] of parts) {
        const c = child(node, key);
        if (!c) continue;
        walk(c, statement, false, branch < 0 ? path : [...path, { id, branch, at: spanOf(c)?.start ?? 0 }]);
      }
      return;
    }
    if (node.kind === 'expressionstatement') statement = spanOf(node);
    const span = expressionSpan(text, node);
    if (span && node.kind === 'assign' && node.operator === '=') {
      const left = child(node, 'left');
      const right = child(node, 'right');
      if (left?.kind === 'propertylookup' && isObj(child(left, 'what'))) {
        const prop = identifierName(child(left, 'offset'));
        const offset = child(left, 'offset');
        if (prop && PROPS[prop]) ops.push({ prop, objText: objText(child(left, 'what')!), keySpan: offset ? spanOf(offset) : undefined, valueNode: right, statement, span, path });
      } else if (left?.kind === 'offsetlookup') {
        // $m->SMTPOptions['ssl']['verify_peer'] = false
        const keys: string[] = [];
        let cur: PhpNode | undefined = left;
        let keySpan: Span | undefined;
        while (cur?.kind === 'offsetlookup') {
          const k = stringValue(child(cur, 'offset'));
          const off = child(cur, 'offset');
          if (k === undefined || !off) break;
          if (!keySpan) keySpan = spanOf(off);
          keys.unshift(k);
          cur = child(cur, 'what');
        }
        if (cur?.kind === 'propertylookup' && isObj(child(cur, 'what')) && identifierName(child(cur, 'offset')) === 'SMTPOptions') {
          ops.push({ prop: 'SMTPOptions', objText: objText(child(cur, 'what')!), keySpan, valueNode: right, optionPath: keys, statement, span, path });
        }
      }
    }
    if (span && node.kind === 'call') {
      const what = child(node, 'what');
      if (what?.kind === 'propertylookup' && isObj(child(what, 'what'))) {
        const method = identifierName(child(what, 'offset'))?.toLowerCase();
        const offset = child(what, 'offset');
        const obj = objText(child(what, 'what')!);
        if (method && MAILER_METHODS[method]) {
          ops.push({ prop: 'Mailer', objText: obj, keySpan: offset ? spanOf(offset) : undefined, mailer: MAILER_METHODS[method], statement, span, path });
        } else if (method === 'set') {
          // $mail->set('Port', 587): PHPMailer sets the property when it exists.
          const [nameNode, valueNode] = args(node);
          const prop = stringValue(nameNode);
          if (prop && PROPS[prop] && valueNode) ops.push({ prop, objText: obj, keySpan: nameNode ? spanOf(nameNode) : undefined, valueNode, statement, span, path });
        }
      }
    }
    for (const c of childNodes(node)) walk(c, statement, false, path);
  };
  if (scope.kind === 'program') for (const c of childNodes(scope)) walk(c, undefined, false, []);
  else {
    const body = child(scope, 'body');
    if (body) walk(body, undefined, true, []);
  }
  return ops.sort((a, b) => a.span.start - b.span.start);
}

function identifierName(node: PhpNode | undefined): string | undefined {
  return node?.kind === 'identifier' ? str(node, 'name') : undefined;
}

interface HostEntry {
  host: string;
  prefix?: 'ssl' | 'tls';
  port?: number;
  hostSpan?: Span;
  prefixSpan?: Span;
  portSpan?: Span;
}

/**
 * Split a Host value as PHPMailer does: `;`-separated entries, each `[ssl://|tls://]host[:port]`. Spans are only
 * given when the literal's source text is the value itself (no escapes), so edits can be made inside it.
 */
function hostEntries(text: string, lit: Literal | undefined, value: string): HostEntry[] {
  const q = lit ? text[lit.span.start] : '';
  const mappable = !!lit && (q === "'" || q === '"') && text.slice(lit.span.start + 1, lit.span.end - 1) === value;
  const base = mappable ? lit!.span.start + 1 : 0;
  const entries: HostEntry[] = [];
  let pos = 0;
  for (const raw of value.split(';')) {
    const lead = raw.length - raw.trimStart().length;
    const entry = raw.trim();
    const start = pos + lead;
    pos += raw.length + 1;
    if (!entry) continue;
    const m = /^(?:(ssl|tls):\/\/)?(.+?)(?::(\d+))?$/.exec(entry);
    if (!m) continue;
    const e: HostEntry = { host: m[2] };
    const hostStart = start + (m[1] ? m[1].length + 3 : 0);
    if (m[1]) e.prefix = m[1] as 'ssl' | 'tls';
    if (m[3]) e.port = Number(m[3]);
    if (mappable) {
      e.hostSpan = { start: base + hostStart, end: base + hostStart + m[2].length };
      if (m[1]) e.prefixSpan = { start: base + start, end: base + start + m[1].length };
      if (m[3]) {
        const portStart = hostStart + m[2].length + 1;
        e.portSpan = { start: base + portStart, end: base + portStart + m[3].length };
      }
    }
    entries.push(e);
  }
  return entries;
}

function lastOp(ops: Op[], prop: string): Op | undefined {
  for (let i = ops.length - 1; i >= 0; i--) if (ops[i].prop === prop && !ops[i].optionPath) return ops[i];
  return undefined;
}

/** Encryption from an SMTPSecure value: 'tls' / ENCRYPTION_STARTTLS, 'ssl' / ENCRYPTION_SMTPS; strict, like PHPMailer. */
function secureWord(val: PhpValue): { word: string; origin: 'literal' | 'fallback'; span: Span; reference?: string } | undefined {
  if (val.kind === 'classConstant') {
    const word = val.name === 'ENCRYPTION_STARTTLS' ? 'tls' : val.name === 'ENCRYPTION_SMTPS' ? 'ssl' : undefined;
    return word ? { word, origin: 'literal', span: val.span } : undefined;
  }
  const src = literalSource(val);
  if (!src) return undefined;
  return { word: src.literal.type === 'string' ? src.literal.value : '', origin: src.origin, span: src.literal.span, reference: src.reference };
}

function buildProfiles(text: string, scan: ScanResult, target: Target): { profiles: MailProfile[]; verifySymbols: SettingSymbol[] } {
  const { ops } = target;
  const mailerOp = lastOp(ops, 'Mailer');
  const hostOp = lastOp(ops, 'Host');
  const portOp = lastOp(ops, 'Port');
  const secureOp = lastOp(ops, 'SMTPSecure');
  const autoOp = lastOp(ops, 'SMTPAutoTLS');
  const authOp = lastOp(ops, 'SMTPAuth');
  const userOp = lastOp(ops, 'Username');
  const passOp = lastOp(ops, 'Password');
  const obj = (mailerOp ?? hostOp ?? ops[0]).objText;

  // Which transport: isSMTP() / Mailer = 'smtp'. Without it PHPMailer uses mail() and ignores Host/Port.
  let mailer: string | undefined;
  let mailerKnown = true;
  if (mailerOp?.mailer) mailer = mailerOp.mailer;
  else if (mailerOp) {
    const src = literalSource(evaluate(mailerOp.valueNode));
    if (src?.literal.type === 'string') mailer = src.literal.value;
    else mailerKnown = false;
  }
  const setsServer = !!hostOp || !!portOp;
  // A callback that only tweaks TLS options or credentials adjusts a connection some plugin set up elsewhere.
  const tweak = !mailerOp && target.kind !== 'object' && !setsServer;
  let active = true;
  let inactiveReason: string | undefined;
  if (mailerKnown && mailer !== 'smtp' && !tweak) {
    active = false;
    inactiveReason = mailer
      ? `The PHPMailer transport is '${mailer}', not SMTP, so these settings are not used.`
      : 'isSMTP() is never called, so PHPMailer sends with PHP mail() and ignores these settings.';
  }

  const { verifyDisabled, symbols: verifySymbols, switches } = verifySettings(text, ops, obj);
  const relevant = tweak ? verifyDisabled.length > 0 || !!secureOp || !!authOp || !!userOp || !!passOp || !!autoOp : true;
  if (!relevant) return { profiles: [], verifySymbols };

  const hostVal = evaluate(hostOp?.valueNode);
  const hostSrc = literalSource(hostVal);
  const hostKey = `${obj}->Host`;
  const hostKeySpan = hostOp?.keySpan;
  let entries: (HostEntry | undefined)[];
  if (tweak) entries = [undefined];
  else if (!hostOp) entries = [{ host: 'localhost' }];
  else if (hostSrc && hostSrc.literal.type === 'string') {
    const list = hostEntries(text, hostSrc.literal, hostSrc.literal.value);
    entries = list.length ? list : [undefined];
  } else entries = [undefined];
  const wholeHost = hostOp ? (hostSrc?.literal.type === 'string' ? hostSrc.literal.value : undefined) : 'localhost';

  const portSetting = portOp ? settingFrom(evaluate(portOp.valueNode), `${obj}->Port`, portOp.keySpan, portValue) : undefined;
  const autoSetting = autoOp ? settingFrom(evaluate(autoOp.valueNode), `${obj}->SMTPAutoTLS`, autoOp.keySpan, truthy) : undefined;
  const autoTls = autoSetting?.value ?? true;
  const secureVal = secureOp ? evaluate(secureOp.valueNode) : undefined;
  const secure = secureVal ? secureWord(secureVal) : undefined;

  const auth: Setting<boolean> | undefined = authOp
    ? settingFrom(evaluate(authOp.valueNode), `${obj}->SMTPAuth`, authOp.keySpan, truthy)
    : tweak
      ? undefined
      : { value: false, origin: 'default', key: `${obj}->SMTPAuth` };
  const user = userOp ? settingFrom(evaluate(userOp.valueNode), `${obj}->Username`, userOp.keySpan, (l) => textValue(l)) : undefined;
  const password = passOp ? passwordSetting(evaluate(passOp.valueNode), `${obj}->Password`, passOp.keySpan) : undefined;
  const anchor = mailerOp?.span ?? hostOp?.span ?? ops[0]?.span ?? target.origin;

  const profiles: MailProfile[] = entries.map((entry) => {
    let host: Setting<string> | undefined;
    if (entry && hostOp && hostSrc) {
      host = { value: entry.host, origin: hostSrc.origin, key: hostKey, span: entry.hostSpan ?? hostSrc.literal.span, keySpan: hostKeySpan };
      if (hostSrc.reference) host.reference = hostSrc.reference;
    } else if (entry && !hostOp) {
      host = { value: 'localhost', origin: 'default', key: hostKey };
    }

    let port: Setting<number | string> | undefined;
    if (entry?.port !== undefined && hostSrc) {
      port = { value: entry.port, origin: hostSrc.origin, key: hostKey, span: entry.portSpan ?? hostSrc.literal.span, keySpan: hostKeySpan };
    } else if (portOp) port = portSetting;
    else if (!tweak) port = { value: 25, origin: 'default', key: `${obj}->Port` };

    let tls: Setting<TlsMode>;
    let tlsGuessed = false;
    if (entry?.prefix && hostSrc) {
      tls = { value: entry.prefix === 'ssl' ? 'implicit' : 'starttls', origin: hostSrc.origin, key: hostKey, span: entry.prefixSpan ?? hostSrc.literal.span, keySpan: hostKeySpan };
    } else if (secureOp && !secure) {
      // Only the runtime knows (getenv, a constant): the mode is a guess that no rule judges.
      tls = { value: port?.value === 465 ? 'implicit' : 'starttls', origin: 'implied', key: `${obj}->SMTPSecure`, span: secureVal ? valueSpan(secureVal) : undefined, keySpan: secureOp.keySpan };
      if (secureVal?.kind === 'lookup') tls.reference = secureVal.reference;
      tlsGuessed = true;
    } else if (secure && (secure.word === 'tls' || secure.word === 'ssl')) {
      tls = { value: secure.word === 'tls' ? 'starttls' : 'implicit', origin: secure.origin, key: `${obj}->SMTPSecure`, span: secure.span, keySpan: secureOp?.keySpan };
      if (secure.reference) tls.reference = secure.reference;
    } else if (tweak && !secureOp) {
      tls = { value: 'starttls', origin: 'implied', key: `${obj}->SMTPSecure` };
      tlsGuessed = true;
    } else {
      // '' or a value PHPMailer does not recognise ('TLS', 'starttls', true): AutoTLS decides, and it never runs for
      // Host 'localhost' exactly.
      const auto = autoTls && wholeHost !== 'localhost';
      const mode: TlsMode = auto ? 'opportunistic' : 'none';
      if (secure && secureOp) {
        tls = { value: mode, origin: secure.origin, key: `${obj}->SMTPSecure`, span: secure.span, keySpan: secureOp.keySpan };
        if (secure.reference) tls.reference = secure.reference;
      } else if (!autoTls && autoSetting) {
        tls = { value: mode, origin: autoSetting.origin, key: autoSetting.key, span: autoSetting.span, keySpan: autoSetting.keySpan };
      } else {
        tls = { value: mode, origin: 'default', key: `${obj}->SMTPSecure` };
      }
    }

    const label = entries.length > 1 && entry ? `${target.label} (host ${entry.host})` : target.label;
    const profile: MailProfile = {
      label,
      ecosystem: 'phpmailer',
      active,
      tls,
      verifyDisabled,
      anchor,
      edit: {
        setTransport: tweak ? undefined : (p, mode) => setTransport(text, scan, { obj, entry, hostOp, portOp, secureOp, mailerOp, hostLit: hostSrc?.literal }, p, mode),
        enableVerification: (sw) => enableVerification(text, switches, sw),
      },
    };
    if (tlsGuessed) profile.tlsGuessed = true;
    if (inactiveReason) profile.inactiveReason = inactiveReason;
    if (host) profile.host = host;
    if (port) profile.port = port;
    if (auth) profile.auth = auth;
    if (user) profile.user = user;
    if (password) profile.password = password;
    return profile;
  });
  return { profiles, verifySymbols };
}

interface Switch {
  name: string;
  valueNode: PhpNode;
  lit: Literal;
}

/** Certificate-check switches in SMTPOptions (the whole array, or `['ssl'][name]` assignments after it). */
function verifySettings(text: string, ops: Op[], obj: string): { verifyDisabled: Setting<string>[]; symbols: SettingSymbol[]; switches: Map<number, Switch> } {
  const current = new Map<string, { valueNode: PhpNode; keySpan?: Span }>();
  for (const op of ops) {
    if (op.prop !== 'SMTPOptions' || !op.valueNode) continue;
    if (!op.optionPath) {
      current.clear();
      for (const [name, entry] of sslOptions(op.valueNode)) current.set(name, entry);
    } else if (op.optionPath.length === 2 && op.optionPath[0] === 'ssl') {
      current.set(op.optionPath[1], { valueNode: op.valueNode, keySpan: op.keySpan });
    } else if (op.optionPath.length === 1 && op.optionPath[0] === 'ssl') {
      current.clear();
      for (const [name, entry] of optionEntries(op.valueNode)) current.set(name, entry);
    }
  }
  const verifyDisabled: Setting<string>[] = [];
  const symbols: SettingSymbol[] = [];
  const switches = new Map<number, Switch>();
  for (const [name, { valueNode, keySpan }] of current) {
    if (!(name in VERIFY_SWITCHES)) continue;
    const span = spanOf(valueNode);
    symbols.push({ key: `${obj}->SMTPOptions['ssl']['${name}']`, role: 'verify', ecosystem: 'phpmailer', keySpan, valueSpan: span });
    const val = evaluate(valueNode);
    if (val.kind !== 'literal' || !span) continue;
    if (truthy(val.literal) !== VERIFY_SWITCHES[name]) continue;
    const raw = text.slice(span.start, span.end);
    verifyDisabled.push({ value: `${name} ${raw}`, origin: 'literal', key: `${obj}->SMTPOptions['ssl']['${name}']`, span, keySpan });
    switches.set(span.start, { name, valueNode, lit: val.literal });
  }
  return { verifyDisabled, symbols, switches };
}

function optionEntries(arrayNode: PhpNode): Map<string, { valueNode: PhpNode; keySpan?: Span }> {
  const out = new Map<string, { valueNode: PhpNode; keySpan?: Span }>();
  if (arrayNode.kind !== 'array') return out;
  for (const item of childList(arrayNode, 'items')) {
    if (item.kind !== 'entry') continue;
    const keyNode = child(item, 'key');
    const key = stringValue(keyNode);
    const value = child(item, 'value');
    if (key !== undefined && value) out.set(key, { valueNode: value, keySpan: keyNode ? spanOf(keyNode) : undefined });
  }
  return out;
}

function sslOptions(arrayNode: PhpNode): Map<string, { valueNode: PhpNode; keySpan?: Span }> {
  const ssl = optionEntries(arrayNode).get('ssl');
  return ssl ? optionEntries(ssl.valueNode) : new Map();
}

function enableVerification(text: string, switches: Map<number, Switch>, sw: Setting<string>): TextEdit[] | undefined {
  const found = sw.span ? switches.get(sw.span.start) : undefined;
  if (!found) return undefined;
  const want = !VERIFY_SWITCHES[found.name];
  const { lit } = found;
  const raw = text.slice(lit.span.start, lit.span.end);
  const newText = lit.type === 'bool' ? booleanText(raw, want) : lit.type === 'number' ? (want ? '1' : '0') : want ? 'true' : 'false';
  return [{ start: lit.span.start, end: lit.span.end, newText }];
}

interface TransportParts {
  obj: string;
  entry?: HostEntry;
  hostOp?: Op;
  portOp?: Op;
  secureOp?: Op;
  mailerOp?: Op;
  hostLit?: Literal;
}

/**
 * Port and encryption for one host entry: the entry's own `:port` and `ssl://`/`tls://` prefix when it has them,
 * else the Port and SMTPSecure properties (edited in place, or inserted after the Host line).
 */
function setTransport(text: string, scan: ScanResult, parts: TransportParts, port: number, mode: 'starttls' | 'implicit'): TextEdit[] | undefined {
  const { obj, entry, hostOp, portOp, secureOp, mailerOp } = parts;
  const edits: TextEdit[] = [];
  const inserts: string[] = [];
  const word = mode === 'starttls' ? 'tls' : 'ssl';

  if (entry?.port !== undefined) {
    if (entry.port !== port) {
      if (!entry.portSpan) return undefined;
      edits.push({ start: entry.portSpan.start, end: entry.portSpan.end, newText: String(port) });
    }
  } else if (portOp) {
    const src = literalSource(evaluate(portOp.valueNode));
    if (!src) return undefined;
    if (portValue(src.literal) !== port) edits.push(replaceLiteral(text, src.literal, port));
  } else if (port !== 25) {
    inserts.push(`${obj}->Port = ${port};`);
  }

  if (entry?.prefix) {
    if (entry.prefix !== word) {
      if (!entry.prefixSpan) return undefined;
      edits.push({ start: entry.prefixSpan.start, end: entry.prefixSpan.end, newText: word });
    }
  } else if (secureOp) {
    const val = evaluate(secureOp.valueNode);
    const current = secureWord(val);
    if (!current) return undefined;
    if (current.word !== word) {
      if (val.kind === 'classConstant') {
        edits.push({ start: val.nameSpan.start, end: val.nameSpan.end, newText: mode === 'starttls' ? 'ENCRYPTION_STARTTLS' : 'ENCRYPTION_SMTPS' });
      } else {
        const src = literalSource(val)!;
        edits.push(src.literal.type === 'string' ? replaceLiteral(text, src.literal, word) : { start: src.literal.span.start, end: src.literal.span.end, newText: secureText(text, scan, parts, mode) });
      }
    }
  } else {
    inserts.push(`${obj}->SMTPSecure = ${secureText(text, scan, parts, mode)};`);
  }

  if (inserts.length) {
    const after = portOp?.statement ?? hostOp?.statement ?? mailerOp?.statement;
    if (!after) return undefined;
    const first = insertStatementAfter(text, after, inserts[0]);
    // Further statements go on the same kind of separator: a line break with the indentation, or a space.
    const lead = first.newText.slice(0, first.newText.length - inserts[0].length).replace(/^;/, '');
    const rest = inserts.slice(1).map((s) => `${lead}${s}`).join('');
    edits.push({ ...first, newText: first.newText + rest });
  }
  return edits;
}

/** How to write the encryption: the file's PHPMailer::ENCRYPTION_* style when it has one, else a quoted word. */
function secureText(text: string, scan: ScanResult, parts: TransportParts, mode: 'starttls' | 'implicit'): string {
  if (scan.encryptionClassText) return `${scan.encryptionClassText}::${mode === 'starttls' ? 'ENCRYPTION_STARTTLS' : 'ENCRYPTION_SMTPS'}`;
  const q = parts.hostLit ? quoteOf(text, parts.hostLit.span) : "'";
  return `${q}${mode === 'starttls' ? 'tls' : 'ssl'}${q}`;
}
