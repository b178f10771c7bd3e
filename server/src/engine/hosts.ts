// What kind of host a profile talks to: local relay, dev mail catcher, known provider, or the wide internet.
import providersData from './data/providers.json';

export interface Provider {
  name: string;
  hosts: string[];
  starttls: number[];
  implicit: number[];
  /** Relays that authenticate by sender IP (no SMTP AUTH needed). */
  ipAllowListed?: boolean;
  /** Port 25 is the documented way to use this endpoint. */
  port25Expected?: boolean;
  /** A test mailbox service: mail never reaches anyone, so TLS and auth findings don't apply. */
  testMailbox?: boolean;
  source: string;
}

export const PROVIDERS: readonly Provider[] = (providersData as { providers: Provider[] }).providers;

function hostMatches(pattern: string, host: string): boolean {
  if (!pattern.includes('*')) return pattern === host;
  // `*` stands for one or more DNS labels; patterns are ours, hosts are escaped.
  const [prefix, suffix] = pattern.split('*', 2);
  return host.length > prefix.length + suffix.length && host.startsWith(prefix) && host.endsWith(suffix);
}

export function normaliseHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h.endsWith('.') ? h.slice(0, -1) : h;
}

export function findProvider(host: string | undefined): Provider | undefined {
  return host ? hostClass(normaliseHost(host)).provider : undefined;
}

const CATCHER_WORDS = ['mailpit', 'mailhog', 'mailcatcher', 'maildev', 'inbucket', 'smtp4dev', 'mailcrab', 'supabase-mail', 'greenmail', 'fakesmtp'];

/**
 * Provider and mail-catcher facts of a normalised host, kept per host: every rule asks about the same few hosts on
 * every keystroke, and the answer walks the provider table. Bounded: cleared when it has seen many hosts.
 */
const hostClasses = new Map<string, { provider: Provider | undefined; catcher: boolean }>();
const MAX_HOST_CLASSES = 1000;

function hostClass(h: string): { provider: Provider | undefined; catcher: boolean } {
  let known = hostClasses.get(h);
  if (!known) {
    const provider = PROVIDERS.find((p) => p.hosts.some((pattern) => hostMatches(pattern, h)));
    const catcher = CATCHER_WORDS.some((w) => h === w || h.startsWith(`${w}.`) || h.startsWith(`${w}-`) || h.includes(`.${w}.`)) || provider?.testMailbox === true;
    if (hostClasses.size >= MAX_HOST_CLASSES) hostClasses.clear();
    hostClasses.set(h, (known = { provider, catcher }));
  }
  return known;
}

function isPrivateIPv4(h: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (!m) return false;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || a === 0;
}

function isLocalIPv6(h: string): boolean {
  if (!h.includes(':')) return false;
  return h === '::1' || h === '::' || /^f[cd][0-9a-f]{2}:/.test(h) || /^fe[89ab][0-9a-f]:/.test(h);
}

/**
 * Local means: loopback, `localhost` and `*.localhost`, private and link-local addresses, single-label names
 * (a compose service such as `mailpit` or `postfix`), `*.local`/`*.internal`, and hosts the user listed.
 */
export function isLocalHost(host: string, extraLocal: readonly string[] = []): boolean {
  const h = normaliseHost(host);
  if (!h) return false;
  if (extraLocal.some((pattern) => hostMatches(normaliseHost(pattern), h))) return true;
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isPrivateIPv4(h) || isLocalIPv6(h)) return true;
  if (h.endsWith('.local') || h.endsWith('.internal') || h.endsWith('.lan') || h.endsWith('.home.arpa')) return true;
  if (h.startsWith('/')) return true; // a Unix socket path
  return !h.includes('.') && !h.includes(':') && /^[a-z0-9_-]+$/.test(h);
}

/** Dev mail catchers (Mailpit, MailHog, ...) and test mailbox services (Mailtrap sandbox): no TLS or auth findings. */
export function isDevMailCatcher(host: string | undefined): boolean {
  return host ? hostClass(normaliseHost(host)).catcher : false;
}
