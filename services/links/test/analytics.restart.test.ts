import { randomUUID } from 'node:crypto';
import { connectPlatformBus, createNatsBus, type PlatformBus } from '@parley/bus';
import { catalog } from '@parley/contracts';
import { createTestContext, eventConsumersCaughtUp, linkTestKeys, type TestContext, waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinksService, type LinksService } from '../src/app.js';

/** The analytics consumer on the real NATS: stopped mid-stream, events repeated, restarted as two replicas. */
const ACK_WAIT_MS = 3_000;

describe('analytics rollups across restarts', () => {
  let ctx: TestContext;
  let publisher: PlatformBus;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'links-analytics' });
    publisher = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'sessions' });
  });
  afterAll(async () => {
    await publisher?.drain();
    await ctx?.cleanup();
  });

  /**
   * A links replica. Its ack wait is short: an event a stopped replica had taken from JetStream
   * but not applied goes to another one after it (seconds here rather than the default 30).
   */
  async function startService(name: string): Promise<{ service: LinksService; stop(): Promise<void> }> {
    const bus: PlatformBus = await createNatsBus({
      catalog,
      servers: ctx.natsUrl,
      namespace: ctx.namespace,
      logger: ctx.logger,
      name,
      eventAckWaitMs: ACK_WAIT_MS,
    });
    const service = createLinksService({ bus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    return {
      service,
      stop: async () => {
        await service.drain();
        await bus.drain();
      },
    };
  }

  const tenantId = randomUUID();
  const agentId = randomUUID();
  const linkId = 'lnk_restart';
  const at = new Date().toISOString();
  /** One turn: the visitor's message and the agent's answer. */
  const turn = () => ({
    conversationId: randomUUID(),
    tenantId,
    agentId,
    linkId,
    email: null,
    messages: [
      { messageId: randomUUID(), role: 'user' as const },
      { messageId: randomUUID(), role: 'assistant' as const },
    ],
    responseMs: 120,
    at,
  });
  const started = () => ({ conversationId: randomUUID(), sessionId: `ses_${randomUUID()}`, tenantId, agentId, status: 'active', at, linkId });
  /** A conversation resolved by its end (`resolved: false`: that resolution taken back). */
  const resolution = (conversationId: string, resolved = true) => ({
    eventId: randomUUID(),
    conversationId,
    tenantId,
    agentId,
    agentVersion: 1,
    linkId,
    channel: 'link' as const,
    reason: 'ended' as const,
    resolved,
    resolvedAt: at,
    at,
  });
  const totals = async () => {
    const { rows } = await sql<{ user: number; assistant: number; started: number; responses: number; resolved: number }>`
      SELECT coalesce(sum(messages_user), 0)::int AS user, coalesce(sum(messages_assistant), 0)::int AS assistant,
        coalesce(sum(sessions_started), 0)::int AS started, coalesce(sum(sessions_resolved), 0)::int AS resolved,
        coalesce((SELECT sum(x) FROM unnest(analytics_hist_sum(response_hist)) AS x), 0)::int AS responses
      FROM analytics_hourly WHERE agent_id = ${agentId}`.execute(ctx.db);
    return rows[0]!;
  };

  it('counts every event once: none lost to a stop mid-stream, none twice from a repeat or two replicas', async () => {
    const first = await startService('links-1');
    const sessions = Array.from({ length: 50 }, started);
    await Promise.all(sessions.map((e) => publisher.publish('events.session.created', e)));
    const resolutions = sessions.slice(0, 20).map((e) => resolution(e.conversationId));
    await Promise.all(resolutions.map((e) => publisher.publish('events.conversation.resolved', e)));

    // A stream of turns, one after another, that goes on through the stop: 200 more after it began.
    const sent: ReturnType<typeof turn>[] = [];
    let stopAt: number | undefined;
    const stream = (async () => {
      while (stopAt === undefined || sent.length < stopAt + 200) {
        const e = turn();
        sent.push(e);
        await publisher.publish('events.message.stored', e);
      }
    })();
    try {
      // Stopped once 100 turns are counted, while more keep coming.
      await waitFor(async () => (await totals()).user >= 100, { timeoutMs: 10_000 });
    } finally {
      stopAt = sent.length;
    }
    await first.stop();
    const atStop = await totals();
    // Nobody counts now: the stopped replica finished what it had taken and takes nothing more, so
    // once the stream has stored every turn sent after the stop, the figures are where the stop left
    // them, short of what was sent.
    await stream;
    expect(await totals()).toEqual(atStop);
    expect(atStop.user).toBeGreaterThanOrEqual(100);
    expect(atStop.user).toBeLessThan(sent.length);
    expect(sent.length).toBeGreaterThanOrEqual(stopAt + 200);

    // Some again, as after a lost ack: counted before the stop, and not.
    await Promise.all([...sent.slice(0, 50), ...sent.slice(-50)].map((e) => publisher.publish('events.message.stored', e)));
    await Promise.all(sessions.slice(0, 10).map((e) => publisher.publish('events.session.created', e)));
    // Resolutions repeated as they were and announced again under new ids; five taken back (twice each).
    await Promise.all(resolutions.slice(0, 10).map((e) => publisher.publish('events.conversation.resolved', e)));
    await Promise.all(resolutions.slice(10, 15).map((e) => publisher.publish('events.conversation.resolved', { ...e, eventId: randomUUID() })));
    const takeBacks = resolutions.slice(15, 20).map((e) => resolution(e.conversationId, false));
    await Promise.all([...takeBacks, ...takeBacks].map((e) => publisher.publish('events.conversation.resolved', e)));

    const replicas = await Promise.all([startService('links-2'), startService('links-3')]);
    try {
      const all = sent.length;
      // Every event the stream holds – repeats, and those the stopped replica took and never
      // acknowledged – handed out and acknowledged: a repeat counted twice would show now.
      for (const event of ['events.message.stored', 'events.session.created', 'events.conversation.resolved']) {
        await eventConsumersCaughtUp(ctx, event, { timeoutMs: 20_000 });
      }
      expect(await totals()).toEqual({ user: all, assistant: all, started: 50, responses: all, resolved: 15 });
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
});
