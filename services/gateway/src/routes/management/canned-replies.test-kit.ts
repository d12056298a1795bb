import type { Role } from '@parley/contracts';
import type { GatewayHarness, InjectResult } from '../../../test/gateway-harness.js';
import { sessionFor, withSession } from './members/members.test-kit.js';

/** A member of the tenant signed in to the console: their calls carry the session cookie and its CSRF token. */
export interface SignedInMember {
  memberId: string;
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: answers are read loosely in tests, as the harness's are.
  call<T = any>(method: string, url: string, body?: unknown): Promise<InjectResult<T>>;
}

/** Adds a member with `role` (with the owner's key) and signs them in. */
export async function signedInMember(h: GatewayHarness, tenantId: string, ownerKey: string, name: string, role: Role): Promise<SignedInMember> {
  const email = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const made = await h.withKey(ownerKey, 'POST', '/api/members', { email, name, role });
  if (made.status !== 201) throw new Error(`member not made: ${made.text}`);
  const memberId = made.body.member_id as string;
  const cookie = await sessionFor(h, { tenantId, memberId, email });
  const csrf = (await withSession(h, cookie, 'GET', '/api/me')).body.csrf_token as string;
  return {
    memberId,
    name,
    call: (method, url, body) => withSession(h, cookie, method, url, { ...(body === undefined ? {} : { body }), ...(method === 'GET' ? {} : { csrf }) }),
  };
}

/** The shortcuts of a list answer, in its order, each marked `(own)` when personal. */
export const shortcutsOf = (answer: InjectResult): string[] =>
  (answer.body.canned_replies as Array<{ shortcut: string; personal: boolean }>).map((reply) => (reply.personal ? `${reply.shortcut} (own)` : reply.shortcut));
