import type { GatewayHarness, InjectResult } from '../../../../test/gateway-harness.js';
import type { App } from '../../../app.js';
import { newSessionCookie } from '../../../auth/console-session.js';

/**
 * A console session for a member, made as the sign-in callback makes it (a new cookie, its hash
 * stored by the links service), without an OpenID provider: the tests of what a session may do.
 */
export async function sessionFor(h: GatewayHarness, member: { tenantId: string; memberId: string; email: string }): Promise<string> {
  const { value, idHash } = newSessionCookie();
  await h.bus.request('links.console-sessions.create', { idHash, tenantId: member.tenantId, memberId: member.memberId, email: member.email });
  return value;
}

/** A request with a console session's cookie (and its CSRF token when given), through `app` (the harness's by default). */
// biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in tests, as the harness's are.
export async function withSession<T = any>(
  h: GatewayHarness,
  cookie: string,
  method: string,
  url: string,
  options: { body?: unknown; csrf?: string; app?: App; headers?: Record<string, string> } = {},
): Promise<InjectResult<T>> {
  const headers: Record<string, string> = {
    cookie: `theme=dark; parley_session=${cookie}`,
    ...(options.csrf === undefined ? {} : { 'x-csrf-token': options.csrf }),
    ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (options.app === undefined) return h.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  const response = await options.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
  let body: unknown = response.body;
  try {
    body = JSON.parse(response.body);
  } catch {
    // Not JSON.
  }
  return { status: response.statusCode, headers: response.headers, body: body as T, text: response.body };
}
