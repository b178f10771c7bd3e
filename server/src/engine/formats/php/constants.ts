// Mail settings written as define() constants: WP Mail SMTP (WPMS_*), Easy WP SMTP 2.x (EASY_WP_SMTP_*) and the
// generic SMTP_* constants that phpmailer_init snippets read. Also finds defines that lose to an earlier one.
import type { DuplicateSetting, EcosystemId, MailProfile, Setting, SettingSymbol, Span, SymbolRole, TextEdit, TlsMode } from '../../model';
import type { LineIndex } from '../../text';
import { type PhpNode, spanOf } from './ast';
import { insertStatementAfter, quoteOf, removeStatement, replaceLiteral } from './edits';
import { branchChoices, branchStart, dominates, exclusive, runsIn, type DefineCall } from './scan';
import { evaluate, literalSource, passwordSetting, portValue, secretTexts, settingFrom, textValue, truthy, valueSpan, type Literal, type PhpValue } from './values';

interface ConstantScheme {
  ecosystem: EcosystemId;
  label: string;
  /** Master switch that must be the boolean true (WPMS_ON); absent for generic constants. */
  on?: string;
  mailer?: string;
  host: string;
  port: string;
  secure: string;
  autotls?: string;
  auth: string;
  user: string[];
  pass: string[];
  /** The plugin uses these settings only when the constant is defined and strictly true (WPMS_ON === true). */
  needsSwitch: boolean;
  /** Unset auth means "on" (WP Mail SMTP's default); undefined means the consuming snippet decides. */
  authDefault?: boolean;
}

function pluginScheme(prefix: string, ecosystem: EcosystemId, label: string): ConstantScheme {
  return {
    ecosystem,
    label,
    on: `${prefix}ON`,
    mailer: `${prefix}MAILER`,
    host: `${prefix}SMTP_HOST`,
    port: `${prefix}SMTP_PORT`,
    secure: `${prefix}SSL`,
    autotls: `${prefix}SMTP_AUTOTLS`,
    auth: `${prefix}SMTP_AUTH`,
    user: [`${prefix}SMTP_USER`],
    pass: [`${prefix}SMTP_PASS`],
    needsSwitch: true,
    authDefault: true,
  };
}

const SCHEMES: ConstantScheme[] = [
  pluginScheme('WPMS_', 'wp-mail-smtp', 'WP Mail SMTP constants'),
  pluginScheme('EASY_WP_SMTP_', 'easy-wp-smtp', 'Easy WP SMTP constants'),
  {
    ecosystem: 'wp-smtp-constants',
    label: 'SMTP_* constants',
    host: 'SMTP_HOST',
    port: 'SMTP_PORT',
    secure: 'SMTP_SECURE',
    auth: 'SMTP_AUTH',
    user: ['SMTP_USER', 'SMTP_USERNAME'],
    pass: ['SMTP_PASS', 'SMTP_PASSWORD'],
    needsSwitch: false,
  },
];

function schemeKeys(s: ConstantScheme): Map<string, SymbolRole> {
  const m = new Map<string, SymbolRole>();
  if (s.on) m.set(s.on, 'mailer');
  if (s.mailer) m.set(s.mailer, 'mailer');
  m.set(s.host, 'host');
  m.set(s.port, 'port');
  m.set(s.secure, 'tls');
  if (s.autotls) m.set(s.autotls, 'tls');
  m.set(s.auth, 'auth');
  for (const u of s.user) m.set(u, 'user');
  for (const p of s.pass) m.set(p, 'password');
  return m;
}

const KEYS = SCHEMES.map((s) => ({ scheme: s, keys: schemeKeys(s) }));

/** Other credentials mail plugins keep in constants: redacted like passwords, never judged. */
const SECRET_CONSTANT = /^(WPMS_|EASY_WP_SMTP_|FLUENTMAIL_|POST_SMTP_|SMTP_).*(PASS|PASSWORD|SECRET|SECRET_KEY|API_KEY|TOKEN)$/;

export interface ConstantsResult {
  profiles: MailProfile[];
  duplicates: DuplicateSetting[];
  symbols: SettingSymbol[];
  secrets: string[];
}

export function constantProfiles(text: string, index: LineIndex, defines: DefineCall[]): ConstantsResult {
  const out: ConstantsResult = { profiles: [], duplicates: [], symbols: [], secrets: [] };
  const sorted = [...defines].sort((a, b) => a.callSpan.start - b.callSpan.start);
  for (const d of sorted) {
    if (SECRET_CONSTANT.test(d.name)) out.secrets.push(...secretTexts(evaluate(d.valueNode)));
  }
  for (const { scheme, keys } of KEYS) {
    const mine = sorted.filter((d) => keys.has(d.name));
    if (mine.length === 0) continue;
    for (const d of mine) {
      const keySpan = nameSpan(d.nameNode);
      const valueSpan = d.valueNode ? spanOf(d.valueNode) : undefined;
      out.symbols.push({ key: d.name, role: keys.get(d.name)!, ecosystem: scheme.ecosystem, keySpan, valueSpan });
    }
    out.duplicates.push(...findDuplicates(text, index, mine));
    const worlds = selectWorlds(mine);
    for (const world of worlds) {
      if (!scheme.needsSwitch && !world.selection.has(scheme.host) && !world.selection.has(scheme.port)) continue;
      const label = worlds.length > 1 && world.branchAt !== undefined ? `${scheme.label} (branch at line ${index.positionAt(world.branchAt).line + 1})` : scheme.label;
      out.profiles.push(buildProfile(text, scheme, world.selection, label));
    }
  }
  return out;
}

/** The name literal without its quotes (the constant's name as written). */
function nameSpan(node: PhpNode): Span | undefined {
  const s = spanOf(node);
  if (!s) return undefined;
  return s.end - s.start >= 2 ? { start: s.start + 1, end: s.end - 1 } : s;
}

function findDuplicates(text: string, index: LineIndex, defines: DefineCall[]): DuplicateSetting[] {
  const dups: DuplicateSetting[] = [];
  const earlier = new Map<string, DefineCall[]>(); // by name, in file order
  for (const later of defines) {
    const same = earlier.get(later.name);
    if (same) same.push(later);
    else earlier.set(later.name, [later]);
    const winner = same?.find((d) => d !== later && !exclusive(d.path, later.path) && dominates(d.path, later.path));
    if (!winner) continue;
    const stmtSpan = later.statement ? spanOf(later.statement) : undefined;
    const removal: TextEdit[] = later.removable && stmtSpan ? [removeStatement(text, stmtSpan, index)] : [];
    dups.push({ key: later.name, winner: winner.callSpan, loser: later.callSpan, rule: 'PHP keeps the first define()', removal });
  }
  return dups;
}

interface World {
  /** Constant name -> the define that takes effect in this world. */
  selection: Map<string, DefineCall>;
  /** Start of the branch that tells this world apart, for the label. */
  branchAt?: number;
}

/** One world per combination of if/else branches that separate the defines; the first define of each name wins. */
function selectWorlds(defines: DefineCall[]): World[] {
  const seen = new Set<string>();
  const worlds: World[] = [];
  const choices = branchChoices(defines.map((d) => d.path));
  for (const choice of choices) {
    const selection = new Map<string, DefineCall>();
    for (const d of defines) if (!selection.has(d.name) && runsIn(d.path, choice)) selection.set(d.name, d);
    if (selection.size === 0) continue;
    if (choices.length > 1) {
      // Different branch choices can select the same defines: one world each.
      const signature = [...selection.values()].map((d) => d.callSpan.start).sort((a, b) => a - b).join(',');
      if (seen.has(signature)) continue;
      seen.add(signature);
    }
    worlds.push({ selection, branchAt: choice.size ? branchStart([...selection.values()].map((d) => d.path), choice) : undefined });
  }
  return worlds;
}

const MODE_WORD: Record<'starttls' | 'implicit', string> = { starttls: 'tls', implicit: 'ssl' };

function secureMode(word: string): TlsMode | undefined {
  return word === 'tls' ? 'starttls' : word === 'ssl' ? 'implicit' : undefined;
}

/** The define of the first of `names` that the world selects. */
function firstSelected(names: readonly string[], sel: Map<string, DefineCall>): DefineCall | undefined {
  for (const name of names) {
    const d = sel.get(name);
    if (d) return d;
  }
  return undefined;
}

function buildProfile(text: string, scheme: ConstantScheme, sel: Map<string, DefineCall>, label: string): MailProfile {
  const get = (name: string | undefined): DefineCall | undefined => (name ? sel.get(name) : undefined);
  const valueOf = (d: DefineCall | undefined): PhpValue => evaluate(d?.valueNode);
  const keySpanOf = (d: DefineCall | undefined): Span | undefined => (d ? nameSpan(d.nameNode) : undefined);

  const onDef = get(scheme.on);
  const mailerDef = get(scheme.mailer);
  const hostDef = get(scheme.host);
  const portDef = get(scheme.port);
  const secureDef = get(scheme.secure);
  const autotlsDef = get(scheme.autotls);
  const authDef = get(scheme.auth);
  const userDef = firstSelected(scheme.user, sel);
  const passDef = firstSelected(scheme.pass, sel);

  let firstDefine: DefineCall | undefined;
  for (const d of sel.values()) if (!firstDefine || d.callSpan.start < firstDefine.callSpan.start) firstDefine = d;
  const anchor = (onDef ?? mailerDef ?? firstDefine!).callSpan;

  // Active? WP Mail SMTP reads its constants only when WPMS_ON === true (the boolean, not 'true' or 1).
  let active = true;
  let inactiveReason: string | undefined;
  if (scheme.needsSwitch && scheme.on) {
    const on = valueOf(onDef);
    if (!onDef) {
      active = false;
      inactiveReason = `${scheme.on} is not defined, so the plugin ignores these constants and uses its saved settings.`;
    } else if (on.kind === 'literal' && !(on.literal.type === 'bool' && on.literal.value === true)) {
      active = false;
      inactiveReason = `${scheme.on} must be the boolean true; any other value (such as 'true' or 1) makes the plugin ignore these constants.`;
    }
  }
  const mailer = literalSource(valueOf(mailerDef));
  if (active && mailer && mailer.literal.type === 'string' && mailer.literal.value !== 'smtp') {
    active = false;
    inactiveReason = `${scheme.mailer} is '${mailer.literal.value}', not 'smtp', so these SMTP settings are not used.`;
  }

  const host = settingFrom(valueOf(hostDef), scheme.host, keySpanOf(hostDef), (l) => textValue(l));
  if (active && scheme.needsSwitch && host && host.origin === 'literal' && host.value.trim() === '') {
    active = false;
    inactiveReason = `${scheme.host} is empty, so the plugin does not switch to SMTP.`;
  }
  const port = settingFrom(valueOf(portDef), scheme.port, keySpanOf(portDef), portValue);

  // AutoTLS (plugins only): unset or unknown means on.
  const autotlsSetting = settingFrom(valueOf(autotlsDef), scheme.autotls ?? '', keySpanOf(autotlsDef), truthy);
  const autotls = autotlsSetting?.value ?? true;

  const tlsInfo = tlsSetting(scheme, valueOf(secureDef), secureDef, keySpanOf(secureDef), autotls, autotlsSetting, port);
  const auth = authDef
    ? settingFrom(valueOf(authDef), scheme.auth, keySpanOf(authDef), truthy)
    : scheme.authDefault !== undefined
      ? { value: scheme.authDefault, origin: 'default' as const, key: scheme.auth }
      : undefined;
  const user = settingFrom(valueOf(userDef), userDef?.name ?? scheme.user[0], keySpanOf(userDef), (l) => textValue(l));
  const password = passDef ? passwordSetting(valueOf(passDef), passDef.name, keySpanOf(passDef)) : undefined;

  const profile: MailProfile = {
    label,
    ecosystem: scheme.ecosystem,
    active,
    tls: tlsInfo.setting,
    verifyDisabled: [],
    anchor,
    edit: {
      setTransport: (p, mode) => setTransport(text, scheme, { portDef, secureDef }, p, mode),
    },
  };
  if (tlsInfo.guessed) profile.tlsGuessed = true;
  if (inactiveReason) profile.inactiveReason = inactiveReason;
  if (host) profile.host = host;
  if (port) profile.port = port;
  if (auth) profile.auth = auth;
  if (user) profile.user = user;
  if (password) profile.password = password;
  return profile;
}

/**
 * The effective encryption: 'tls' is STARTTLS, 'ssl' implicit TLS; anything else (including '') leaves PHPMailer's
 * AutoTLS, which the plugins turn off when their AUTOTLS constant is false.
 */
function tlsSetting(
  scheme: ConstantScheme,
  val: PhpValue,
  def: DefineCall | undefined,
  keySpan: Span | undefined,
  autotls: boolean,
  autotlsSetting: Setting<boolean> | undefined,
  port: Setting<number | string> | undefined,
): { setting: Setting<TlsMode>; guessed?: boolean } {
  const src = literalSource(val);
  if (def && !src) {
    // Only the runtime knows (getenv without a default): the mode is a guess that no rule judges.
    const reference = val.kind === 'lookup' ? val.reference : undefined;
    const setting: Setting<TlsMode> = { value: port?.value === 465 ? 'implicit' : 'starttls', origin: 'implied', key: scheme.secure, span: valueSpan(val), keySpan };
    if (reference) setting.reference = reference;
    return { setting, guessed: true };
  }
  const auto: TlsMode = autotls ? 'opportunistic' : 'none';
  if (src) {
    const word = src.literal.type === 'string' ? src.literal.value : '';
    const setting: Setting<TlsMode> = { value: secureMode(word) ?? auto, origin: src.origin, key: scheme.secure, span: src.literal.span, keySpan };
    if (src.reference) setting.reference = src.reference;
    return { setting };
  }
  if (!autotls && autotlsSetting) {
    return { setting: { value: 'none', origin: autotlsSetting.origin, key: autotlsSetting.key, span: autotlsSetting.span, keySpan: autotlsSetting.keySpan } };
  }
  // Generic SMTP_* constants are read by a snippet we may not see; without SMTP_SECURE its mode is unknown.
  const guessed = scheme.ecosystem === 'wp-smtp-constants';
  return { setting: { value: auto, origin: 'default', key: scheme.secure }, guessed };
}

/** Port and encryption in one edit set: the port define's value, and the encryption define (edited or inserted). */
function setTransport(
  text: string,
  scheme: ConstantScheme,
  defs: { portDef?: DefineCall; secureDef?: DefineCall },
  port: number,
  mode: 'starttls' | 'implicit',
): TextEdit[] | undefined {
  const { portDef, secureDef } = defs;
  if (!portDef) return undefined;
  const edits: TextEdit[] = [];
  const portSrc = literalSource(evaluate(portDef.valueNode));
  if (!portSrc) return undefined;
  if (portValue(portSrc.literal) !== port) edits.push(replaceLiteral(text, portSrc.literal, port));

  const word = MODE_WORD[mode];
  if (secureDef) {
    const src = literalSource(evaluate(secureDef.valueNode));
    if (!src) return undefined;
    if (!(src.literal.type === 'string' && src.literal.value === word)) edits.push(replaceSecure(text, src.literal, word, secureDef));
  } else {
    const inserted = defineLike(text, portDef, scheme.secure, word);
    // Without a statement of its own (a define inside a larger expression) there is no safe place for a new line.
    const stmtSpan = portDef.statement ? spanOf(portDef.statement) : undefined;
    if (!inserted || !stmtSpan) return undefined;
    edits.push(insertStatementAfter(text, stmtSpan, inserted));
  }
  return edits;
}

function replaceSecure(text: string, lit: Literal, word: string, def: DefineCall): TextEdit {
  if (lit.type === 'string') return replaceLiteral(text, lit, word);
  const nameLoc = spanOf(def.nameNode);
  const q = nameLoc ? quoteOf(text, nameLoc) : "'";
  return { start: lit.span.start, end: lit.span.end, newText: `${q}${word}${q}` };
}

/** `define( 'WPMS_SSL', 'tls' );` written exactly like the given define (spacing, quotes, case of `define`). */
function defineLike(text: string, model: DefineCall, name: string, value: string): string | undefined {
  const nameLoc = spanOf(model.nameNode);
  const valueLoc = model.valueNode ? spanOf(model.valueNode) : undefined;
  if (!nameLoc || !valueLoc) return undefined;
  const q = quoteOf(text, nameLoc);
  const call = model.callSpan;
  return (
    text.slice(call.start, nameLoc.start) + `${q}${name}${q}` + text.slice(nameLoc.end, valueLoc.start) + `${q}${value}${q}` + text.slice(valueLoc.end, call.end) + ';'
  );
}
