// Test hook for end-to-end tests on loopback: `SMTP_LINT_PROBE_HOSTS=relay.example.test=127.0.0.1` makes the probe
// resolve that name to that address instead of asking DNS, so a test can probe a realistic, non-local host name
// (the linter's rules treat `localhost` and 127.0.0.1 as local relays) while only ever contacting loopback.
//
// It is read from the environment of the process that runs the probe (the CLI, or the language server), never from
// settings or files, so a workspace cannot set it. Each step that used it says so in its detail.
import * as net from 'node:net';
import type { LookupAddress } from './types';

export const PROBE_HOSTS_ENV = 'SMTP_LINT_PROBE_HOSTS';

/**
 * `name=address[,name=address...]` (commas or spaces between entries; a name may repeat for several addresses).
 * Only IP address literals are accepted as addresses; malformed entries are ignored.
 */
export function parseProbeHosts(text: string | undefined): Map<string, LookupAddress[]> {
  const hosts = new Map<string, LookupAddress[]>();
  if (!text) return hosts;
  for (const entry of text.split(/[\s,]+/)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const name = normaliseName(entry.slice(0, eq));
    let address = entry.slice(eq + 1).trim();
    if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
    const family = net.isIP(address);
    if (!name || family === 0) continue;
    const list = hosts.get(name) ?? [];
    list.push({ address, family });
    hosts.set(name, list);
  }
  return hosts;
}

function normaliseName(name: string): string {
  const n = name.trim().toLowerCase();
  return n.endsWith('.') ? n.slice(0, -1) : n;
}

/** The addresses the hook gives `host`, or undefined when the hook is unset or does not name it. */
export function hookedAddresses(host: string, env: NodeJS.ProcessEnv = process.env): LookupAddress[] | undefined {
  const text = env[PROBE_HOSTS_ENV];
  if (!text) return undefined;
  return parseProbeHosts(text).get(normaliseName(host));
}
