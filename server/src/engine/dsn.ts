// Mail DSNs/URLs (`smtp://user:pass@host:587?verify_peer=0`, `failover(a b)`): a small scanner with exact spans.
// No backtracking regexes: DSNs come straight from user files.

import type { Span } from './model';

export interface DsnPart<T = string> {
  value: T;
  span: Span;
}

export interface DsnEndpoint {
  /** The whole endpoint text. */
  span: Span;
  scheme: DsnPart;
  user?: DsnPart;
  password?: DsnPart;
  /** Span of `user[:pass]@` without the `@`. */
  userInfoSpan?: Span;
  host?: DsnPart;
  /** The port text as written (may be invalid). */
  port?: DsnPart;
  /** Where `:port` would be inserted: just after the host. */
  hostEnd: number;
  /**
   * The host has no end a port could follow: an IPv6 `[` never closed, or text after its `]` other than `:port`.
   * Whatever is inserted at hostEnd would land inside the host (and be read as host again on the next pass).
   */
  hostUndelimited?: boolean;
  params: { name: DsnPart; value: DsnPart; /** the whole `name=value`, without its separator */ span: Span }[];
  /** Offset of `?`, when there is a query. */
  queryStart?: number;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Parse one `scheme://...` endpoint that occupies text[start, end). */
export function parseEndpoint(text: string, start: number, end: number): DsnEndpoint | undefined {
  const sep = text.indexOf('://', start);
  if (sep < 0 || sep >= end) return undefined;
  const scheme = { value: text.slice(start, sep).toLowerCase(), span: { start, end: sep } };
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme.value)) return undefined;
  let pos = sep + 3;
  // Authority ends at the first '/', '?' or '#'... but user info may hold raw '/' or '?' when not encoded, so take the
  // last '@' before the query as the end of user info, as PHP's parse_url and Symfony do.
  let authorityEnd = end;
  let lastAt = -1;
  for (let i = pos; i < end; i++) {
    if (text[i] === '@') lastAt = i;
  }
  const searchFrom = lastAt >= 0 ? lastAt + 1 : pos;
  for (let i = searchFrom; i < end; i++) {
    const c = text[i];
    if (c === '/' || c === '?' || c === '#') {
      authorityEnd = i;
      break;
    }
  }
  const ep: DsnEndpoint = { span: { start, end }, scheme, hostEnd: authorityEnd, params: [] };
  if (lastAt >= 0 && lastAt < authorityEnd) {
    ep.userInfoSpan = { start: pos, end: lastAt };
    const colon = text.indexOf(':', pos);
    if (colon >= 0 && colon < lastAt) {
      ep.user = { value: safeDecode(text.slice(pos, colon)), span: { start: pos, end: colon } };
      ep.password = { value: safeDecode(text.slice(colon + 1, lastAt)), span: { start: colon + 1, end: lastAt } };
    } else {
      ep.user = { value: safeDecode(text.slice(pos, lastAt)), span: { start: pos, end: lastAt } };
    }
    pos = lastAt + 1;
  }
  // host[:port], with [v6] literals
  let hostEnd = authorityEnd;
  let portStart = -1;
  if (text[pos] === '[') {
    const close = text.indexOf(']', pos);
    if (close >= 0 && close < authorityEnd) {
      hostEnd = close + 1;
      if (text[hostEnd] === ':') portStart = hostEnd + 1;
      else if (hostEnd < authorityEnd) ep.hostUndelimited = true;
    } else {
      ep.hostUndelimited = true;
    }
  } else {
    const colon = text.indexOf(':', pos);
    if (colon >= 0 && colon < authorityEnd) {
      hostEnd = colon;
      portStart = colon + 1;
    }
  }
  if (hostEnd > pos) ep.host = { value: text.slice(pos, hostEnd), span: { start: pos, end: hostEnd } };
  ep.hostEnd = hostEnd;
  if (portStart >= 0) ep.port = { value: text.slice(portStart, authorityEnd), span: { start: portStart, end: authorityEnd } };
  // The query starts at the first '?' after the authority: a '?' before it belongs to an unencoded password.
  const queryAt = authorityEnd < end ? text.indexOf('?', authorityEnd) : -1;
  if (queryAt >= 0 && queryAt < end) {
    ep.queryStart = queryAt;
    let p = queryAt + 1;
    while (p <= end) {
      let amp = text.indexOf('&', p);
      if (amp < 0 || amp > end) amp = end;
      const eq = text.indexOf('=', p);
      const nameEnd = eq >= 0 && eq < amp ? eq : amp;
      if (nameEnd > p) {
        ep.params.push({
          name: { value: safeDecode(text.slice(p, nameEnd)), span: { start: p, end: nameEnd } },
          value: eq >= 0 && eq < amp ? { value: safeDecode(text.slice(eq + 1, amp)), span: { start: eq + 1, end: amp } } : { value: '', span: { start: amp, end: amp } },
          span: { start: p, end: amp },
        });
      }
      p = amp + 1;
    }
  }
  return ep;
}

/**
 * Parse a DSN that may be composite: `failover(dsn1 dsn2)`, `roundrobin(dsn1 dsn2)` (Symfony) — and return each
 * endpoint. `start`/`end` bound the DSN text inside `text`.
 */
export function parseDsn(text: string, start: number, end: number): DsnEndpoint[] {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s++;
  while (e > s && /\s/.test(text[e - 1])) e--;
  const open = text.indexOf('(', s);
  const sep = text.indexOf('://', s);
  if (open >= 0 && open < e && (sep < 0 || open < sep) && text[e - 1] === ')') {
    const out: DsnEndpoint[] = [];
    let p = open + 1;
    const innerEnd = e - 1;
    // Split on whitespace (and commas) at nesting depth 0.
    let depth = 0;
    let partStart = p;
    for (; p <= innerEnd; p++) {
      const c = p < innerEnd ? text[p] : ' ';
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (depth === 0 && (c === ' ' || c === '\t' || c === ',' || p === innerEnd)) {
        if (p > partStart) out.push(...parseDsn(text, partStart, p));
        partStart = p + 1;
      }
    }
    return out;
  }
  const ep = parseEndpoint(text, s, e);
  return ep ? [ep] : [];
}

/** Symfony reads boolean DSN options with FILTER_VALIDATE_BOOL. */
export function dsnBool(v: string): boolean | undefined {
  const t = v.trim().toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(t)) return true;
  if (['0', 'false', 'off', 'no', ''].includes(t)) return false;
  return undefined;
}

/**
 * Edits that set a DSN endpoint's scheme and port. None when the port cannot be written (a host without an end, see
 * hostUndelimited): the scheme alone would be half the fix, and a port appended there lands inside the host.
 */
export function dsnTransportEdits(ep: DsnEndpoint, scheme: string, port: number): { start: number; end: number; newText: string }[] {
  if (!ep.port && ep.hostUndelimited) return [];
  const edits = [];
  if (ep.scheme.value !== scheme) edits.push({ ...ep.scheme.span, newText: scheme });
  if (ep.port) {
    if (ep.port.value !== String(port)) edits.push({ ...ep.port.span, newText: String(port) });
  } else {
    edits.push({ start: ep.hostEnd, end: ep.hostEnd, newText: `:${port}` });
  }
  return edits;
}

/** Edits that remove one query parameter, keeping the query well-formed. */
export function dsnRemoveParamEdits(ep: DsnEndpoint, index: number): { start: number; end: number; newText: string }[] {
  const param = ep.params[index];
  if (ep.params.length === 1) return [{ start: ep.queryStart!, end: param.span.end, newText: '' }];
  if (index < ep.params.length - 1) return [{ start: param.span.start, end: ep.params[index + 1].span.start, newText: '' }];
  return [{ start: ep.params[index - 1].span.end, end: param.span.end, newText: '' }];
}
