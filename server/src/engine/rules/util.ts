// Helpers shared by rules: port values, host classification, and wording about where a value came from.
import { findProvider, isDevMailCatcher, isLocalHost, normaliseHost, type Provider } from '../hosts';
import type { Fix, MailProfile, RuleOptions, Setting, Span } from '../model';

/** The port as a usable integer, or undefined when absent or invalid. */
export function portOf(profile: MailProfile): number | undefined {
  const v = profile.port?.value;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : undefined;
}

export interface HostFacts {
  /** The host as written, when known. */
  host?: string;
  local: boolean;
  catcher: boolean;
  provider?: Provider;
}

export function hostFacts(profile: MailProfile, options: RuleOptions): HostFacts {
  const host = profile.host?.value ? normaliseHost(profile.host.value) : undefined;
  if (!host) return { local: false, catcher: false };
  return {
    host,
    local: isLocalHost(host, options.localHosts),
    catcher: isDevMailCatcher(host),
    provider: findProvider(host),
  };
}

/** Profiles whose settings reach a real remote relay: active, not local, not a dev catcher or test mailbox. */
export function remoteProfiles(profiles: readonly MailProfile[], options: RuleOptions): [MailProfile, HostFacts][] {
  const remote: [MailProfile, HostFacts][] = [];
  for (const profile of profiles) {
    if (!profile.active) continue;
    const facts = hostFacts(profile, options);
    if (!facts.local && !facts.catcher) remote.push([profile, facts]);
  }
  return remote;
}

/** "", or a note that says the value is a fallback, a default or implied. */
export function originNote(setting: Setting<unknown> | undefined): string {
  if (!setting) return '';
  switch (setting.origin) {
    case 'fallback':
      return ` (the fallback value of ${setting.reference ?? 'an environment lookup'}; the environment may set another)`;
    case 'default':
      return ` (the default, since ${setting.key} is not set)`;
    case 'implied':
      return ` (implied by ${setting.key})`;
    default:
      return '';
  }
}

export function hostText(facts: HostFacts): string {
  return facts.host ? facts.host : 'the relay';
}

/** Where to report a finding about a setting: its value, else its key, else the profile's anchor. */
export function spanOf(setting: Setting<unknown> | undefined, profile: MailProfile): Span {
  return setting?.span ?? setting?.keySpan ?? profile.anchor;
}

export function related(setting: Setting<unknown> | undefined, message: string): { span: Span; message: string }[] {
  return setting?.span ? [{ span: setting.span, message }] : [];
}

/** A port the provider accepts for the mode, preferring the standard one. */
export function providerPort(provider: Provider | undefined, mode: 'starttls' | 'implicit'): number | undefined {
  const standard = mode === 'starttls' ? 587 : 465;
  if (!provider) return standard;
  const ports = mode === 'starttls' ? provider.starttls.filter((p) => p !== 25) : provider.implicit;
  return ports.includes(standard) ? standard : ports[0];
}

export function transportFix(profile: MailProfile, port: number, mode: 'starttls' | 'implicit', preferred: boolean): Fix | undefined {
  const edits = profile.edit.setTransport?.(port, mode);
  if (!edits || edits.length === 0) return undefined;
  const title = mode === 'starttls' ? `Use port ${port} with STARTTLS` : `Use port ${port} with implicit TLS`;
  return { title, edits, preferred };
}

/** The two secure transports for this host: STARTTLS (preferred) and implicit TLS, as far as the provider takes them. */
export function secureTransportFixes(profile: MailProfile, facts: HostFacts, prefer: 'starttls' | 'implicit' = 'starttls'): Fix[] {
  const order: ('starttls' | 'implicit')[] = prefer === 'starttls' ? ['starttls', 'implicit'] : ['implicit', 'starttls'];
  const fixes: Fix[] = [];
  for (const mode of order) {
    const port = providerPort(facts.provider, mode);
    if (port === undefined) continue;
    const fix = transportFix(profile, port, mode, fixes.length === 0);
    if (fix) fixes.push(fix);
  }
  return fixes;
}

export function providerPortsText(p: Provider): string {
  const parts: string[] = [];
  if (p.starttls.length) parts.push(`${p.starttls.join(', ')} (STARTTLS)`);
  if (p.implicit.length) parts.push(`${p.implicit.join(', ')} (implicit TLS)`);
  return parts.join(' and ');
}
