import { randomUUID } from 'node:crypto';
import { randomToken } from '@parley/auth';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, type GatewayHarness, startGatewayHarness } from '../../../test/gateway-harness.js';
import { deviceOf, identityLink, signedUser } from '../../../test/identity-fixtures.js';
import { createLink, visitorPost } from '../../../test/public-link-fixtures.js';

describe('earlier conversations and resuming: refusals', () => {
  let h: GatewayHarness;

  beforeAll(async () => {
    h = await startGatewayHarness();
  });
  afterAll(async () => h?.stop());

  it('400 for a bad page size, a cursor this list never gave, a conversation id that is no uuid or a missing session', async () => {
    const link = await identityLink(h);
    const device = await deviceOf(h, link.token, signedUser(link.secret, 'u'));
    for (const [query, field] of [
      ['&limit=0', 'limit'],
      ['&limit=101', 'limit'],
      ['&limit=abc', 'limit'],
      ['&cursor=not-a-cursor', 'cursor'],
      [`&cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, 'cursor'],
    ]) {
      const refused = await device.earlier(query);
      expectError(refused, 400, 'invalid');
      expect(JSON.stringify(refused.body.error.details)).toContain(field);
    }
    expectError(await h.inject({ method: 'GET', url: `/api/public/conversations/${link.token}` }), 400, 'invalid');
    for (const body of [{ session: device.session, conversation_id: 'abc' }, { session: device.session }, { conversation_id: randomUUID() }]) {
      expectError(await h.inject(visitorPost(`/api/public/chat/${link.token}/resume`, body)), 400, 'invalid');
    }
  });

  it('401 for a credential that is unknown, malformed or of another link', async () => {
    const link = await identityLink(h);
    const other = await identityLink(h);
    const elsewhere = await deviceOf(h, other.token, signedUser(other.secret, 'u'));
    for (const session of [`pcs_${randomToken(24)}`, 'pcs_short', elsewhere.session]) {
      const listed = await h.inject({ method: 'GET', url: `/api/public/conversations/${link.token}?session=${session}` });
      expectError(listed, 401, 'unauthorized');
      expect(listed.body.error.details).toEqual({ reason: 'unknown_session' });
      const resumed = await h.inject(visitorPost(`/api/public/chat/${link.token}/resume`, { session, conversation_id: elsewhere.conversationId }));
      expectError(resumed, 401, 'unauthorized');
    }
  });

  it('403 not_verified for an anonymous visitor: no earlier conversations to list or reopen', async () => {
    const link = await createLink(h);
    const anonymous = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi' }));
    const listed = await h.inject({ method: 'GET', url: `/api/public/conversations/${link.token}?session=${anonymous.body.session}` });
    expectError(listed, 403, 'forbidden', /signed-in users and verified emails/);
    expect(listed.body.error.details).toEqual({ reason: 'not_verified' });
    const resumed = await h.inject(
      visitorPost(`/api/public/chat/${link.token}/resume`, { session: anonymous.body.session, conversation_id: anonymous.body.conversation_id }),
    );
    expectError(resumed, 403, 'forbidden');
  });

  it('404 for a conversation that is not theirs: another user’s, an anonymous one, one that does not exist', async () => {
    const link = await identityLink(h);
    const mine = await deviceOf(h, link.token, signedUser(link.secret, 'me'));
    const theirs = await deviceOf(h, link.token, signedUser(link.secret, 'them'));
    await theirs.say('private');
    const anonymous = await h.inject(visitorPost(`/api/public/chat/${link.token}`, { content: 'hi' }));
    for (const id of [theirs.conversationId, anonymous.body.conversation_id, randomUUID()]) {
      const refused = await mine.resume(id);
      expectError(refused, 404, 'not_found', /no such conversation of yours/);
      expect(refused.text).not.toContain('private');
    }
  });

  it('410 for a conversation that cannot continue: completed (details.reason) or emptied by retention', async () => {
    const link = await identityLink(h);
    const user = signedUser(link.secret, 'finisher');
    const done = await deviceOf(h, link.token, user);
    await done.say('hello');
    await done.say('stop');
    const purged = await deviceOf(h, link.token, user);
    await purged.say('hello');
    await purged.say('stop');
    await sql`UPDATE text_conversations SET ended_at = now() - interval '3 days' WHERE id = ${purged.conversationId}`.execute(h.ctx.db);
    expect(await h.purgeEnded([purged.conversationId], 2)).toBeGreaterThanOrEqual(1);

    const now = await deviceOf(h, link.token, user);
    // Retention emptied one: nothing left to show, so it is not listed.
    expect((await now.earlier()).body.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([done.conversationId]);
    const completed = await now.resume(done.conversationId);
    expectError(completed, 410, 'gone', /cannot continue/);
    expect(completed.body.error.details).toEqual({ reason: 'completed' });
    const emptied = await now.resume(purged.conversationId);
    expectError(emptied, 410, 'gone');
    expect(emptied.body.error.details).toEqual({ reason: 'purged' });
  });

  it('the link itself: unknown 404, deactivated 410', async () => {
    const link = await identityLink(h);
    const device = await deviceOf(h, link.token, signedUser(link.secret, 'u'));
    expectError(await h.inject({ method: 'GET', url: `/api/public/conversations/${randomToken(24)}?session=${device.session}` }), 404, 'not_found');
    // Changed through this gateway: it forgets the link it kept at once (no waiting out LINK_CACHE_MS).
    expect((await h.admin('PUT', `/api/agents/${link.agent}/public-links/${link.id}`, { active: false }, link.tenantId)).status).toBe(200);
    expectError(await device.earlier(), 410, 'gone');
    expectError(await device.resume(device.conversationId), 410, 'gone');
  });
});
