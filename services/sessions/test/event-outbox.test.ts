import { randomUUID } from 'node:crypto';
import { jetstreamManager, type StreamConfig } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { EventPayload } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptEvent } from '../src/store/event-outbox.js';
import { counterAgent } from './fixtures.js';
import { type SessionsHarness, startSessionsHarness } from './sessions-harness.js';

type Stored = EventPayload<PlatformCatalog, 'events.message.stored'>;

/**
 * A committed turn's events are written with its commit (docs/architecture.md "Events kept with
 * their commit"): published at once when the event stream takes them, relayed when it did not –
 * never lost to a JetStream outage, never published twice by two replicas relaying together.
 */
describe('events kept with their commit', () => {
  let h: SessionsHarness;
  /** Every messages.stored a consumer of the stream handled, in order. */
  const stored: Stored[] = [];
  let consumer: { drain(): Promise<void> } | undefined;

  beforeAll(async () => {
    // The relay runs only when a test says (staleMs 0: every row is the relay's at once).
    h = await startSessionsHarness({ replicas: 2, eventOutbox: { staleMs: 0, relayEveryMs: 3_600_000, deleteAfterMs: 10 } });
  });
  afterAll(async () => {
    await consumer?.drain();
    await h?.stop();
  });

  const replica = (index: number) => h.replicas[index]!.service;
  const outboxRows = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM event_outbox`.execute(h.ctx.db)).rows[0]!.n);
  /** parley_sessions_events_total of a fate, over the replicas. */
  const fates = async (fate: string) => {
    let total = 0;
    for (const r of h.replicas) {
      const values = (await r.registry.getSingleMetric('parley_sessions_events_total')?.get())?.values ?? [];
      total += values.find((v) => v.labels.fate === fate)?.value ?? 0;
    }
    return total;
  };
  const storedIds = () => stored.flatMap((event) => event.messages.map((m) => m.messageId));
  const consume = () => {
    consumer = h.client.consume('events.message.stored', `outbox-test-${randomUUID().slice(0, 8)}`, async (event) => {
      stored.push(event);
    });
  };

  /** Takes the namespace's event stream away (JetStream out of reach for events) and answers how to bring it back. */
  async function withoutEventStream(): Promise<() => Promise<void>> {
    const nc = await connect({ servers: h.ctx.natsUrl });
    const jsm = await jetstreamManager(nc);
    const name = `${h.ctx.namespace}_events`.replace(/[^A-Za-z0-9_-]/g, '_');
    const config = (await jsm.streams.info(name)).config as StreamConfig;
    await jsm.streams.delete(name);
    return async () => {
      await jsm.streams.add(config);
      await nc.close();
    };
  }

  it('a committed turn’s messages.stored reaches the stream once, and its row leaves the outbox', async () => {
    consume();
    const agent = await h.seedAgent(counterAgent);
    const created = await replica(0).service.create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
    await replica(0).service.send(created.session_id, 'number 1', undefined);
    await waitFor(async () => stored.filter((event) => event.conversationId === created.conversation_id).length === 2, { timeoutMs: 10_000 });
    await waitFor(async () => (await outboxRows()) === 0, { timeoutMs: 5_000 });
    const ids = storedIds();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('with the event stream away, turns are answered and their events kept; relayed when it is back, none lost, none twice', async () => {
    await consumer?.drain();
    consumer = undefined;
    stored.length = 0;
    const agent = await h.seedAgent(counterAgent);
    const kept = await fates('kept');
    const restore = await withoutEventStream();
    const sessions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const created = await replica(i % 2).service.create({ tenant_id: agent.tenantId, agent_id: agent.agentId });
      sessions.push(created.conversation_id);
      const answer = await replica((i + 1) % 2).service.send(created.session_id, `number ${i}`, `key-${i}`);
      expect(answer).toMatchObject({ turn_number: 1, extracted_variables: { last: String(i) } });
    }
    // Each conversation: its start (messages.stored, session.created) and its turn (messages.stored),
    // each written with its commit and not taken by the stream.
    await waitFor(async () => (await fates('kept')) === kept + 18, { timeoutMs: 10_000 });
    expect(await outboxRows()).toBe(18);

    await restore();
    consume();
    // Both replicas relay at once: each row is taken by one of them.
    const [a, b] = await Promise.all([replica(0).outbox.relay(), replica(1).outbox.relay()]);
    expect(a + b).toBe(18);
    expect(await fates('relayed')).toBe(18);
    expect(await outboxRows()).toBe(0);
    await waitFor(async () => stored.length === 12, { timeoutMs: 10_000 });
    for (const conversationId of sessions) expect(stored.filter((event) => event.conversationId === conversationId)).toHaveLength(2);
    const ids = storedIds();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('an event the stream refuses as no longer valid is dropped with an error, not retried forever', async () => {
    const good = keptEvent(
      'events.security.refused',
      { id: randomUUID(), kind: 'content_blocked', tenantId: null, linkId: null, at: new Date().toISOString() },
      null,
    );
    await replica(0).outbox.keep(good);
    await sql`INSERT INTO event_outbox (id, name, payload) VALUES (${randomUUID()}, 'events.message.stored', '{"not":"an event"}'::jsonb)`.execute(h.ctx.db);
    expect(await replica(0).outbox.relay()).toBe(2);
    expect(await outboxRows()).toBe(0);
  });

  it('erasing a conversation takes its events still waiting in the outbox with it', async () => {
    const agent = await h.seedAgent(counterAgent);
    const created = await replica(0).service.create({ tenant_id: agent.tenantId, agent_id: agent.agentId, metadata: { user_id: 'outbox-erased-user' } });
    await waitFor(async () => (await outboxRows()) === 0, { timeoutMs: 5_000 });
    const pending = keptEvent(
      'events.message.stored',
      {
        conversationId: created.conversation_id,
        tenantId: agent.tenantId,
        agentId: agent.agentId,
        agentVersion: 1,
        linkId: null,
        email: 'ada@example.com',
        userId: null,
        userRealm: null,
        messages: [{ messageId: randomUUID(), role: 'user' }],
        at: new Date().toISOString(),
      },
      created.conversation_id,
    );
    await replica(0).outbox.keep(pending);
    expect(await outboxRows()).toBe(1);
    await h.client.request('sessions.privacy.erase-visitor', { tenantId: agent.tenantId, visitor: { userId: 'outbox-erased-user' }, linkIds: [] });
    expect(await outboxRows()).toBe(0);
  });
});
