// Hovers: ports (what they are for, encrypted or not, blocked or not), mail setting keys (meaning, values, default in
// the ecosystem's words) and known provider hosts (ports and their TLS mode). Every text passes through redact();
// a password's value is never shown, not even masked.
import { findProvider, isDevMailCatcher, isLocalHost, type Provider } from '../engine/hosts';
import type { LintResult } from '../engine/lint';
import type { MailProfile, SettingSymbol, Span } from '../engine/model';
import { redact } from '../engine/redact';
import { envAssignmentOnLine, isDotenvPath } from './env-lines';
import { ecosystemLabel, keyDoc, keyHoverMarkdown } from './key-docs';
import { portHoverMarkdown } from './port-docs';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const contains = (s: Span | undefined, offset: number): s is Span => !!s && s.start <= offset && offset <= s.end;

/** The text of a value span without surrounding quotes. */
function valueText(text: string, span: Span): string {
  return text.slice(span.start, span.end).replace(/^\s*(['"`])(.*)\1\s*$/s, '$2');
}

function profileOfSymbol(profiles: readonly MailProfile[], sym: SettingSymbol): MailProfile | undefined {
  if (!sym.valueSpan) return undefined;
  const v = sym.valueSpan;
  const overlaps = (s?: Span) => !!s && s.start < v.end && v.start < s.end;
  return profiles.find((p) => overlaps(p.port?.span) || overlaps(p.host?.span));
}

function providerPortsLine(p: Provider): string {
  const parts: string[] = [];
  if (p.starttls.length) parts.push(`STARTTLS on ${p.starttls.join(', ')}`);
  if (p.implicit.length) parts.push(`implicit TLS on ${p.implicit.join(', ')}`);
  return parts.join('; ');
}

export function providerHoverMarkdown(p: Provider, host: string): string {
  const lines = [`**${p.name}** (\`${host}\`)`, ''];
  if (p.starttls.length) lines.push(`- **STARTTLS** (plaintext start, then upgrade): ${p.starttls.join(', ')}`);
  if (p.implicit.length) lines.push(`- **Implicit TLS** (TLS from the first byte): ${p.implicit.join(', ')}`);
  if (!p.implicit.length) lines.push(`- No implicit-TLS port: use STARTTLS.`);
  if (p.port25Expected) lines.push('', 'Port 25 is the documented way to use this endpoint.');
  if (p.ipAllowListed) lines.push('', 'Authenticates by sender IP address (an allow-list), so SMTP AUTH is optional.');
  if (p.testMailbox) lines.push('', 'A test mailbox: mail is captured and never reaches anyone.');
  lines.push('', `Source: ${p.source}`);
  return lines.join('\n');
}

function portContext(result: LintResult, sym: SettingSymbol, port: number | undefined): string[] {
  const profile = result.parsed ? profileOfSymbol(result.parsed.profiles, sym) : undefined;
  // Formats may mark any *PORT* key as a port (DB_PORT in .env): only profile ports and documented keys are mail settings.
  if (!profile && !keyDoc(sym.ecosystem, sym.key)) return [`\`${sym.key}\` is not a mail setting; smtp-lint only explains the port here.`];
  const out = [`Set by \`${sym.key}\` (${ecosystemLabel(sym.ecosystem)}).`];
  const host = profile?.host?.value;
  const provider = findProvider(host);
  if (provider && port !== undefined) {
    const mode = provider.starttls.includes(port) ? 'STARTTLS' : provider.implicit.includes(port) ? 'implicit TLS' : undefined;
    out.push(
      mode
        ? `${provider.name} accepts port ${port} with ${mode}.`
        : `${provider.name} does not list port ${port}; it accepts ${providerPortsLine(provider)}.`,
    );
  }
  return out;
}

/** The hover at `offset`, or undefined. `localHosts` extends what counts as a local relay. */
export function hoverAt(text: string, path: string, result: LintResult | undefined, offset: number, localHosts: readonly string[] = []): HoverResult | undefined {
  const secrets = result?.parsed?.secrets ?? [];
  const found = mailSettingHover(text, result, offset, localHosts) ?? envPortHover(text, path, offset);
  return found ? { markdown: redact(found.markdown, secrets), span: found.span } : undefined;
}

function mailSettingHover(text: string, result: LintResult | undefined, offset: number, localHosts: readonly string[]): HoverResult | undefined {
  const symbols = result?.parsed?.symbols ?? [];
  // Prefer the smallest span: a DSN symbol may contain the port symbol.
  const byValue = symbols.filter((s) => contains(s.valueSpan, offset)).sort((a, b) => spanLength(a.valueSpan!) - spanLength(b.valueSpan!));
  for (const sym of byValue) {
    const span = sym.valueSpan!;
    if (sym.role === 'port') {
      const raw = valueText(text, span);
      const port = /^\s*\d+\s*$/.test(raw) ? Number(raw) : undefined;
      return { markdown: portHoverMarkdown(raw, portContext(result!, sym, port)), span };
    }
    if (sym.role === 'host') {
      const host = valueText(text, span).trim();
      const provider = findProvider(host.replace(/^(ssl|tls):\/\//i, '').replace(/:\d+$/, ''));
      if (provider) return { markdown: providerHoverMarkdown(provider, host), span };
      const bare = host.replace(/^(ssl|tls):\/\//i, '').replace(/:\d+$/, '');
      if (bare && isDevMailCatcher(bare)) {
        return { markdown: `**\`${bare}\`**: a dev mail catcher. Mail is captured for inspection, never delivered, so TLS and authentication findings do not apply.`, span };
      }
      if (bare && isLocalHost(bare, localHosts)) {
        return { markdown: `**\`${bare}\`**: a local relay (same machine or private network). Port 25 and plaintext are expected here.`, span };
      }
    }
    // Any other value (and always a password): explain the key, never echo the value.
    return { markdown: keyHoverMarkdown(sym.ecosystem, sym.key, sym.role), span };
  }
  const byKey = symbols.find((s) => contains(s.keySpan, offset));
  if (byKey) return { markdown: keyHoverMarkdown(byKey.ecosystem, byKey.key, byKey.role), span: byKey.keySpan! };
  return undefined;
}

/** In .env files, the value of any key containing PORT (DB_PORT too) gets the port explanation; it never produces findings. */
function envPortHover(text: string, path: string, offset: number): HoverResult | undefined {
  if (!isDotenvPath(path)) return undefined;
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
  let lineEnd = offset;
  while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
  const a = envAssignmentOnLine(text, lineStart, lineEnd);
  if (!a || !/PORT/i.test(a.key) || !contains(a.valueSpan, offset) || a.value.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(a.value)) return undefined; // ${DB_PORT:-3306} and other expressions: nothing to explain
  const mailish = /MAIL|SMTP/i.test(a.key);
  const context = mailish ? [`Set by \`${a.key}\`.`] : [`\`${a.key}\` is not a mail setting; smtp-lint only explains the port here.`];
  return { markdown: portHoverMarkdown(a.value, context), span: a.valueSpan };
}

function spanLength(s: Span): number {
  return s.end - s.start;
}
