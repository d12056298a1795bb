import { sha256Hex } from '@parley/auth';
import { connectRedis, type LiveEventLog, redisLiveEventLog } from '@parley/stores';
import { waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterAgent } from './fixtures.js';
import { refusal, type SeededLink, seedLink } from './public-links-fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

describe('cleanup of public sessions', () => {
  let h: SessionsHarness;
  let redis: Redis;
  let live: LiveEventLog;
  const ended: Array<{ conversationId: string; status: string }> = [];

  beforeAll(async () => {
    h = await startSessionsHarness({
      replicas: 1,
      live: async (ctx) => {
        redis = await connectRedis(ctx.redisUrl);
        return redisLiveEventLog(redis, ctx.redisPrefix);
      },
    });
    live = redisLiveEventLog(redis, h.ctx.redisPrefix);
    h.client.consume('events.session.ended', 'session-cleanup-test', async (event) => {
      ended.push(event);
    });
  });
  afterAll(async () => {
    await live?.close();
    await h?.stop();
    redis?.disconnect();
  });

  /** A session on the link with one message said; `idleFor` moves its last activity back that many seconds. */
  async function session(link: SeededLink, idleFor = 0) {
    const reply = await h.client.request('sessions.public-send', { link: await link.access(), content: 'number 1' });
    if (idleFor > 0) {
      await sql`UPDATE text_conversations SET updated_at = now() - make_interval(secs => ${idleFor}) WHERE id = ${reply.conversation_id}`.execute(h.ctx.db);
    }
    return { id: reply.conversation_id, credentialHash: sha256Hex(reply.session!) };
  }
  const statusOf = async (id: string) =>
    (await h.ctx.db.selectFrom('text_conversations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const endedReasons = async (id: string) =>
    (await live.readAfter(id, undefined)).events.filter((e) => e.event === 'session_ended').map((e) => (e.data as { reason: string }).reason);
  const messageCount = async (table: 'text_conversation_messages' | 'text_conversation_transitions' | 'text_conversation_variables', id: string) =>
    Number(
      (
        await h.ctx.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('conversation_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the idle sweep ends a link session past its own timeout, not one within it, and says why', async () => {
    const short = await seedLink(h, counterAgent, { session_timeout_minutes: 5 });
    const long = await seedLink(h, counterAgent, { session_timeout_minutes: 60 });
    const stale = await session(short, 6 * 60);
    const fresh = await session(short, 4 * 60);
    // Idle for 10 minutes: past SESSION_TIMEOUT_SECONDS below, within its own link's hour.
    const withinOwn = await session(long, 10 * 60);
    const row = await h.ctx.db.selectFrom('text_conversations').select('idle_timeout_seconds').where('id', '=', stale.id).executeTakeFirstOrThrow();
    expect(row.idle_timeout_seconds).toBe(300);

    const { abandoned } = await h.client.request('sessions.abandon-idle', { idleSeconds: 120 });
    expect(abandoned).toBeGreaterThanOrEqual(1);
    expect([await statusOf(stale.id), await statusOf(fresh.id), await statusOf(withinOwn.id)]).toEqual(['abandoned', 'active', 'active']);
    expect(await endedReasons(stale.id)).toEqual(['timeout']);
    expect(await endedReasons(fresh.id)).toEqual([]);
    await waitFor(() => ended.some((e) => e.conversationId === stale.id && e.status === 'abandoned'));

    // The visitor coming back finds it ended.
    const back = await refusal(
      h.client.request('sessions.public-send', { link: await short.access(), content: 'hello?', credentialHash: stale.credentialHash }),
    );
    expect(back).toMatchObject({ code: 'gone', details: { reason: 'abandoned' } });
  });

  it('the idle sweep leaves a conversation waiting for a person (or with one) alone, and its visitor may still write', async () => {
    const link = await seedLink(h, counterAgent, { session_timeout_minutes: 5 });
    const waiting = await session(link);
    await h.client.request('sessions.escalations.create', {
      target: { linkId: (await link.access()).linkId, credentialHash: waiting.credentialHash },
      reason: 'help',
      source: 'visitor',
    });
    await sql`UPDATE text_conversations SET updated_at = now() - interval '2 hours' WHERE id = ${waiting.id}`.execute(h.ctx.db);
    // The Text Chat API's sweep too (its conversations have no link): nothing escalated is touched.
    await h.client.request('sessions.abandon-idle', { idleSeconds: 60 });
    expect(await statusOf(waiting.id)).toBe('active');
    const later = await h.client.request('sessions.public-send', { link: await link.access(), content: 'still here', credentialHash: waiting.credentialHash });
    expect(later).toMatchObject({ response: null, escalation: { state: 'waiting' } });
  });

  it('a conversation ended with its link closes its open escalation: it leaves the inbox', async () => {
    const link = await seedLink(h, counterAgent);
    const waiting = await session(link);
    const access = await link.access();
    const { escalation } = await h.client.request('sessions.escalations.create', {
      target: { linkId: access.linkId, credentialHash: waiting.credentialHash },
      reason: 'help',
      source: 'visitor',
    });
    await h.client.request('sessions.end-for-links', { linkIds: [access.linkId], reason: 'link_deactivated' });
    const row = await h.ctx.db.selectFrom('escalations').select(['state', 'closed_at']).where('id', '=', escalation.id).executeTakeFirstOrThrow();
    expect(row.state).toBe('closed');
    expect(row.closed_at).not.toBeNull();
    const { items } = await h.client.request('sessions.inbox.list', {
      tenantId: access.tenantId,
      states: ['waiting', 'claimed'],
      reader: { sees: 'all' },
      readerId: 'admin',
      limit: 10,
    });
    expect(items).toEqual([]);
  });

  it('endForLinks ends the active sessions of the given links only, each with its reason', async () => {
    const closing = await seedLink(h, counterAgent);
    const other = await seedLink(h, counterAgent);
    const a = await session(closing);
    const b = await session(closing);
    const c = await session(other);

    const { linkIds } = await h.client.request('sessions.active-links', {});
    expect(linkIds).toEqual(expect.arrayContaining([closing.linkId, other.linkId]));

    expect(await h.client.request('sessions.end-for-links', { linkIds: [closing.linkId], reason: 'link_expired' })).toEqual({ ended: 2 });
    expect([await statusOf(a.id), await statusOf(b.id), await statusOf(c.id)]).toEqual(['abandoned', 'abandoned', 'active']);
    expect(await endedReasons(a.id)).toEqual(['link_expired']);
    expect(await endedReasons(c.id)).toEqual([]);
    expect((await h.client.request('sessions.active-links', {})).linkIds).not.toContain(closing.linkId);
    // Again: nothing left to end, nothing announced twice.
    expect(await h.client.request('sessions.end-for-links', { linkIds: [closing.linkId], reason: 'link_expired' })).toEqual({ ended: 0 });
    expect(await endedReasons(a.id)).toEqual(['link_expired']);
    await waitFor(() => ended.filter((e) => e.conversationId === a.id).length === 1);
  });

  it('deactivating or deleting a link ends its sessions at once', async () => {
    const deactivated = await seedLink(h, counterAgent);
    const deleted = await seedLink(h, counterAgent);
    const x = await session(deactivated);
    const y = await session(deleted);

    await deactivated.update({ active: false });
    await h.client.request('links.links.delete', { tenantId: deleted.tenantId, agentName: deleted.agentName, linkId: deleted.linkId });
    await waitFor(async () => (await statusOf(x.id)) === 'abandoned' && (await statusOf(y.id)) === 'abandoned');
    expect(await endedReasons(x.id)).toEqual(['link_deactivated']);
    expect(await endedReasons(y.id)).toEqual(['link_deleted']);
  });

  it('purge removes exactly the messages of public conversations ended before the cutoff, in batches, and keeps their rows', async () => {
    const link = await seedLink(h, counterAgent);
    const old1 = await session(link);
    const old2 = await session(link);
    const recent = await session(link);
    const active = await session(link);
    await h.client.request('sessions.public-send', { link: await link.access(), content: 'number 2', credentialHash: old1.credentialHash });
    for (const s of [old1, old2, recent]) {
      await sql`UPDATE text_conversations SET status = 'abandoned', ended_at = now() WHERE id = ${s.id}`.execute(h.ctx.db);
    }
    await sql`UPDATE text_conversations SET ended_at = now() - interval '91 days' WHERE id IN (${old1.id}, ${old2.id})`.execute(h.ctx.db);
    // An active conversation started long ago is not ended: it keeps everything.
    await sql`UPDATE text_conversations SET created_at = now() - interval '200 days' WHERE id = ${active.id}`.execute(h.ctx.db);
    const before = await h.ctx.db.selectFrom('text_conversations').select(['total_turns', 'message_count']).where('id', '=', old1.id).executeTakeFirstOrThrow();
    expect(await messageCount('text_conversation_messages', old1.id)).toBe(5);
    expect(await messageCount('text_conversation_variables', old1.id)).toBe(1);

    // One conversation per batch: the first two batches take the old ones, the third finds none.
    const first = await h.client.request('sessions.purge-ended', { olderThanDays: 90, limit: 1 });
    const second = await h.client.request('sessions.purge-ended', { olderThanDays: 90, limit: 1 });
    const third = await h.client.request('sessions.purge-ended', { olderThanDays: 90, limit: 1 });
    expect([first.conversations, second.conversations, third.conversations]).toEqual([1, 1, 0]);
    expect(first.messages + second.messages).toBe(5 + 3);

    for (const s of [old1, old2]) {
      expect(await messageCount('text_conversation_messages', s.id)).toBe(0);
      expect(await messageCount('text_conversation_transitions', s.id)).toBe(0);
      expect(await messageCount('text_conversation_variables', s.id)).toBe(0);
    }
    expect(await messageCount('text_conversation_messages', recent.id)).toBe(3);
    expect(await messageCount('text_conversation_messages', active.id)).toBe(3);
    const kept = await h.ctx.db
      .selectFrom('text_conversations')
      .select(['total_turns', 'message_count', 'status', 'purged_at'])
      .where('id', '=', old1.id)
      .executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ ...before, status: 'abandoned', purged_at: expect.any(Date) });
  });
});
