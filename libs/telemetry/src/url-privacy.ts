/**
 * What a span keeps of a URL. Paths and queries carry credentials – a visitor's session
 * (`?session=`), a public link's token (`/c/{token}`), the secret path of a Slack or Teams
 * webhook – and a trace goes to a collector that keeps it for whoever reads traces there. So:
 * - a server span keeps the names of its query's parameters, never their values, and its path
 *   is REDACTED until the gateway routes the request and puts the route's pattern there
 *   (nameServerSpan) – a request no route takes keeps none;
 * - a client span keeps the origin it called; the rest is REDACTED, as the SDK itself writes
 *   what it leaves out.
 */
export const REDACTED = 'REDACTED';

/** `session=abc&limit=5` → `session=REDACTED&limit=REDACTED` (a query without its `?`). */
export function redactedQuery(query: string): string {
  const names = new Set<string>();
  for (const pair of query.split('&')) {
    if (pair === '') continue;
    const name = pair.split('=', 1)[0] as string;
    names.add(name);
  }
  return [...names].map((name) => `${name}=${REDACTED}`).join('&');
}

/**
 * The URL attributes of a server span, from the request's target (`/path?query`): the path
 * REDACTED until the gateway routes the request and puts its pattern there, the query's names.
 */
export function serverUrlAttributes(target: string | undefined): Record<string, string> {
  const at = target?.indexOf('?') ?? -1;
  const path = target === undefined ? '/' : at < 0 ? target : target.slice(0, at);
  return {
    'url.path': path === '/' ? '/' : `/${REDACTED}`,
    ...(target !== undefined && at >= 0 ? { 'url.query': redactedQuery(target.slice(at + 1)) } : {}),
  };
}

/** A client span's URL: its origin, and REDACTED for a path other than `/` or any query. */
export function redactedClientUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return REDACTED;
  }
  const hidden = parsed.pathname !== '/' || parsed.search !== '';
  return `${parsed.origin}/${hidden ? REDACTED : ''}`;
}

/** The URL attributes of a client span (undici sets all three). */
export function clientUrlAttributes(url: string): Record<string, string> {
  const full = redactedClientUrl(url);
  const hidden = full.endsWith(`/${REDACTED}`);
  return { 'url.full': full, 'url.path': hidden ? `/${REDACTED}` : '/', 'url.query': '' };
}
