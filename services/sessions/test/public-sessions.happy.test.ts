import { sha256Hex } from '@parley/auth';
import { sessionCredentialPattern } from '@parley/contracts';
import { connectRedis, redisLiveEventLog } from '@parley/stores';
import { waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterAgent, lines, promptAgent } from './fixtures.js';
import { seedLink } from './public-links-fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

describe('public sessions', () => {
  let h: SessionsHarness;
  let redis: Redis;

  beforeAll(async () => {
    h = await startSessionsHarness({
      replicas: 1,
      live: async (ctx) => {
        redis = await connectRedis(ctx.redisUrl);
        return redisLiveEventLog(redis, ctx.redisPrefix);
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    redis?.disconnect();
  });

  it('start with the first message, continue with the credential, and keep the history across reloads', async () => {
    const link = await seedLink(h, counterAgent, { max_messages_per_session: 10, expires_in_hours: 1 });
    const access = await link.access();
    const first = await h.client.request('sessions.public-send', { link: access, content: 'number 1' });
    expect(first.session).toMatch(sessionCredentialPattern);
    expect(first).toMatchObject({ response: 'Go on.', remaining_messages: 9, session_ended: false });
    // The idle deadline (30 minutes) comes before the link's expiry (1 hour).
    const deadline = Date.parse(first.expires_at!) - Date.now();
    expect(deadline).toBeGreaterThan(29 * 60_000);
    expect(deadline).toBeLessThanOrEqual(30 * 60_000);

    const credentialHash = sha256Hex(first.session!);
    const second = await h.client.request('sessions.public-send', { link: access, content: 'number 2', credentialHash });
    expect(second).toMatchObject({ session: null, conversation_id: first.conversation_id, remaining_messages: 8 });
    expect(second.message_id).not.toBe(first.message_id);

    const history = await h.client.request('sessions.public-history', { linkId: link.linkId, credentialHash });
    expect(history).toMatchObject({ conversation_id: first.conversation_id, status: 'active' });
    expect(lines(history.messages)).toEqual(['assistant: Go on.', 'user: number 1', 'assistant: Go on.', 'user: number 2', 'assistant: Go on.']);
    expect(history.messages.find((m) => m.role === 'user')?.id).toBe(first.message_id);

    // The conversation is a link conversation of the one store; the credential is there only as its hash.
    const row = await h.ctx.db.selectFrom('text_conversations').selectAll().where('id', '=', first.conversation_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'link', link_id: link.linkId, credential_hash: credentialHash, user_messages: 2, collected_data: { last: '2' } });
    expect(JSON.stringify(row)).not.toContain(first.session);
  });

  it('a fresh start gives a new conversation, and a verified email binds the session', async () => {
    const link = await seedLink(h, counterAgent, { require_email_verification: true });
    const access = await link.access();
    const started = await h.client.request('sessions.public-start', { link: access, email: 'ada@example.com' });
    expect(started).toMatchObject({ remaining_messages: null });
    const credentialHash = sha256Hex(started.session);
    const reply = await h.client.request('sessions.public-send', { link: access, content: 'hello', credentialHash });
    expect(reply.conversation_id).toBe(started.conversation_id);
    const row = await h.ctx.db.selectFrom('text_conversations').select('visitor_email').where('id', '=', started.conversation_id).executeTakeFirstOrThrow();
    expect(row.visitor_email).toBe('ada@example.com');

    const fresh = await h.client.request('sessions.public-send', { link: access, content: 'again', credentialHash, fresh: true, email: 'ada@example.com' });
    expect(fresh.conversation_id).not.toBe(started.conversation_id);
    expect(fresh.session).not.toBe(started.session);
  });

  it('publish messages.stored for every stored message, of link and Text Chat API conversations alike', async () => {
    const seen: Array<{ conversationId: string; role: string; linkId: string | null; email: string | null; messageId: string }> = [];
    const consumer = h.client.consume('events.message.stored', 'public-sessions-test', async (event) => {
      for (const message of event.messages) seen.push({ ...event, ...message });
    });
    try {
      const link = await seedLink(h, counterAgent);
      const access = await link.access();
      const reply = await h.client.request('sessions.public-send', { link: access, content: 'number 7' });
      const agent = await h.seedAgent(counterAgent);
      const text = await h.client.request('sessions.create', { tenant_id: agent.tenantId, agent_id: agent.agentId });
      await h.client.request('sessions.send', { sessionId: text.session_id, content: 'number 8' });

      await waitFor(
        () =>
          seen.filter((e) => e.conversationId === reply.conversation_id).length === 3 &&
          seen.filter((e) => e.conversationId === text.conversation_id).length === 3,
        {
          timeoutMs: 5_000,
        },
      );
      const linkEvents = seen.filter((e) => e.conversationId === reply.conversation_id);
      expect(linkEvents.map((e) => e.role).sort()).toEqual(['assistant', 'assistant', 'user']);
      expect(linkEvents.every((e) => e.linkId === link.linkId)).toBe(true);
      expect(linkEvents.some((e) => e.messageId === reply.message_id)).toBe(true);
      expect(seen.filter((e) => e.conversationId === text.conversation_id).every((e) => e.linkId === null && e.email === null)).toBe(true);
    } finally {
      await consumer.drain();
    }
  });

  it('cross the bus as few times as a turn needs: a first message asks the version, its config once per process, the budget, and the runner for the start and the message', async () => {
    const link = await seedLink(h, promptAgent);
    const access = await link.access();
    const sessions = h.replicas[0]!;
    /** What the sessions service and the runner ask of other services while `send` runs, by subject. */
    const asked = async (send: () => Promise<unknown>) => {
      const [fromSessions, fromRunner] = [sessions.asked.length, h.runnerAsked.length];
      await send();
      const count = (names: string[]) => {
        const counts: Record<string, number> = {};
        for (const name of names) counts[name] = (counts[name] ?? 0) + 1;
        return counts;
      };
      return { sessions: count(sessions.asked.slice(fromSessions)), runner: count(h.runnerAsked.slice(fromRunner)) };
    };
    // A version neither process has met: each fetches its config once (the same AgentVersions class,
    // one instance per process); the content rules, the history and the budgets read the sessions' copy.
    expect(await asked(() => h.client.request('sessions.public-send', { link: access, content: 'hello' }))).toEqual({
      sessions: { 'links.agents.resolve-version': 1, 'links.agents.config': 1, 'links.tenants.list': 1, 'runner.turn': 2 },
      runner: { 'links.agents.config': 1 },
    });
    // The next visitor's first message: only the version chosen for their session and the two turns
    // (the tenant's budget is kept a few seconds; a slow run may ask it again).
    const next = await asked(() => h.client.request('sessions.public-send', { link: access, content: 'hello again' }));
    const { 'links.tenants.list': budget = 0, ...rest } = next.sessions;
    expect(rest).toEqual({ 'links.agents.resolve-version': 1, 'runner.turn': 2 });
    expect(budget).toBeLessThanOrEqual(1);
    expect(next.runner).toEqual({});
  });

  it('append the live events of a turn in order: thinking, the messages, idle', async () => {
    const link = await seedLink(h, counterAgent);
    const access = await link.access();
    const reply = await h.client.request('sessions.public-send', { link: access, content: 'number 3' });
    const live = redisLiveEventLog(redis, h.ctx.redisPrefix);
    try {
      const { events } = await live.readAfter(reply.conversation_id, undefined);
      expect(events.map((e) => (e.event === 'message' ? `message ${(e.data as { role: string }).role}` : `${e.event} ${JSON.stringify(e.data)}`))).toEqual([
        'message assistant',
        'status {"state":"thinking"}',
        'message user',
        'message assistant',
        'status {"state":"idle"}',
      ]);
      expect(events[2]?.data).toEqual({ id: reply.message_id, role: 'user', content: 'number 3' });
    } finally {
      await live.close();
    }
  });
});
