import { createHmac } from 'node:crypto';
import type { CreateLinkBody } from '@parley/contracts';
import type { GatewayHarness } from './gateway-harness.js';
import { createLink, visitorPost } from './public-link-fixtures.js';

/** What a host site's backend computes for its signed-in user: hex HMAC-SHA256(secret, user_id). */
export function userHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

/** The `user` a host page hands the widget for `userId`, signed with `secret`. */
export function signedUser(secret: string, userId: string, extra: { name?: string; email?: string } = {}) {
  return { user_id: userId, user_hash: userHash(secret, userId), ...extra };
}

/**
 * The JWT form of a signed user (HS256 over the link's identity secret), built by hand so a test
 * can also make the tokens a server must refuse: another `alg` in the header, `none` unsigned.
 */
export function identityToken(secret: string, claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${part(header)}.${part(claims)}`;
  const signature = header.alg === 'none' ? '' : createHmac('sha256', secret).update(signed).digest('base64url');
  return `${signed}.${signature}`;
}

/** Unix seconds `hours` from now (negative: ago), for a token's `exp`. */
export const hoursFromNow = (hours: number) => Math.floor(Date.now() / 1000 + hours * 3600);

/** A link (on a fresh agent) with an identity secret made through the management API. */
export async function identityLink(h: GatewayHarness, settings: Partial<CreateLinkBody> = {}) {
  const link = await createLink(h, settings);
  const made = await h.admin('POST', `/api/agents/${link.agent}/public-links/${link.id}/identity-secret`, undefined, link.tenantId);
  if (made.status !== 200) throw new Error(`identity secret: ${made.status} ${made.text}`);
  return { ...link, secret: made.body.secret as string };
}

/** Another link to the same agent (a second site, or a second page of one). */
export async function anotherLinkOf(h: GatewayHarness, link: { agent: string; tenantId: string }, settings: Partial<CreateLinkBody> = {}) {
  const created = await h.admin('POST', `/api/agents/${link.agent}/public-links`, { title: 'Second page', ...settings }, link.tenantId);
  if (created.status !== 201) throw new Error(`link: ${created.status} ${created.text}`);
  const made = await h.admin('POST', `/api/agents/${link.agent}/public-links/${created.body.id}/identity-secret`, undefined, link.tenantId);
  return { ...(created.body as { id: string; token: string }), secret: made.body.secret as string };
}

/** A signed-in user's device: its session on the link, started with `user` (and the agent's opening lines). */
export async function deviceOf(h: GatewayHarness, token: string, user: ReturnType<typeof signedUser>) {
  const started = await h.inject(visitorPost(`/api/public/sessions/${token}`, { user }));
  if (started.status !== 201) throw new Error(`session: ${started.status} ${started.text}`);
  const session = started.body.session as string;
  return {
    session,
    conversationId: started.body.conversation_id as string,
    say: (content: string, as = session) => h.inject(visitorPost(`/api/public/chat/${token}`, { content, session: as })),
    earlier: (query = '') => h.inject({ method: 'GET', url: `/api/public/conversations/${token}?session=${session}${query}` }),
    resume: (conversationId: string) => h.inject(visitorPost(`/api/public/chat/${token}/resume`, { session, conversation_id: conversationId })),
    history: (as = session) => h.inject({ method: 'GET', url: `/api/public/history/${token}?session=${as}` }),
  };
}

/** The transcript of a history answer, one `role: content` line per message. */
export const transcript = (history: { body: { messages: Array<{ role: string; content: string }> } }) =>
  history.body.messages.map((m) => `${m.role}: ${m.content}`);
