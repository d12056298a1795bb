import { randomUUID } from 'node:crypto';
import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryRepository } from '../src/webhooks/delivery.repository.js';
import { type LinksReplica, startWebhooksHarness, type WebhooksHarness } from './webhooks-harness.js';

/**
 * Deliveries survive the links service stopping – events wait in JetStream, retries in
 * PostgreSQL – and are made once however many replicas run, on the real NATS.
 */
describe('webhook deliveries across restarts and replicas', () => {
  let h: WebhooksHarness;
  let tenant: { tenantId: string; agentId: string; agentName: string };
  let first: LinksReplica;
  let second: LinksReplica;

  beforeAll(async () => {
    h = await startWebhooksHarness('links-webhooks-restart');
    first = await h.startReplica();
    tenant = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  const started = (conversationId = randomUUID()) => ({
    conversationId,
    sessionId: `text_${conversationId.slice(0, 8)}`,
    tenantId: tenant.tenantId,
    agentId: tenant.agentId,
    status: 'active',
    at: new Date().toISOString(),
  });
  const receivedOn = (path: string) => h.receiver.received.filter((request) => request.path === path);
  const conversationOf = (body: string) => (JSON.parse(body) as { data: { conversation_id: string } }).data.conversation_id;

  it('a retry due while the service is down is made when it is back; events published meanwhile are delivered; nothing twice', async () => {
    const webhook = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/restart`,
      events: ['conversation.started'],
    });
    h.receiver.answer(500);
    const before = started();
    await h.client.publish('events.session.created', before);
    await waitFor(() => receivedOn('/restart').length === 1, { timeoutMs: 10_000 });
    await first.stop();

    // While no links service runs: a new event, the first one again (a redelivery), and the retry
    // falls due (moved to now rather than waited for).
    const during = started();
    await h.client.publish('events.session.created', during);
    await h.client.publish('events.session.created', before);
    await sql`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE webhook_id = ${webhook.id} AND state = 'pending'`.execute(h.ctx.db);
    // Two of the worker's polls (100 ms apart): a worker still running would have made the due retry.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receivedOn('/restart')).toHaveLength(1);

    second = await h.startReplica();
    await waitFor(() => receivedOn('/restart').length >= 3, { timeoutMs: 15_000 });
    await h.settled(webhook.id);
    const requests = receivedOn('/restart');
    expect(requests.map((request) => [conversationOf(request.body), request.status]).sort()).toEqual(
      [
        [before.conversationId, 500],
        [before.conversationId, 200],
        [during.conversationId, 200],
      ].sort(),
    );
    // The retry is the same delivery (same webhook-id); the other event is another one.
    const ids = new Map(requests.map((request) => [request.headers['webhook-id'], conversationOf(request.body)]));
    expect(ids.size).toBe(2);
    const { deliveries } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: webhook.id, limit: 100 });
    expect(deliveries.map((attempt) => attempt.status).sort()).toEqual(['failed', 'succeeded', 'succeeded']);
    await h.client.request('links.webhooks.delete', { tenantId: tenant.tenantId, webhookId: webhook.id });
  });

  it('an attempt whose process died is made again once its lease runs out, and recorded as interrupted', async () => {
    const webhook = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/interrupted`,
      events: ['conversation.started'],
    });
    await second.stop();
    // A delivery claimed by a process that then died (a 50 ms lease, never finished).
    const deliveries = new DeliveryRepository(h.ctx.db);
    await deliveries.insertMany([
      {
        id: 'whd_interruptedAAAAAAAAA',
        webhook_id: webhook.id,
        event_id: 'evt_interrupted',
        event_type: 'conversation.started',
        body: '{"type":"conversation.started"}',
      },
    ]);
    const claimed = await deliveries.claimDue(10, 50);
    expect(claimed.map((delivery) => [delivery.id, delivery.attempt])).toEqual([['whd_interruptedAAAAAAAAA', 1]]);
    await h.startReplica();

    await waitFor(() => receivedOn('/interrupted').length === 1, { timeoutMs: 10_000 });
    expect(receivedOn('/interrupted')[0]!.headers['webhook-id']).toBe('whd_interruptedAAAAAAAAA');
    await waitFor(async () => {
      const { deliveries: attempts } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: webhook.id, limit: 100 });
      return attempts.length === 2 && attempts[0]!.status === 'succeeded';
    });
    const { deliveries: attempts } = await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId: webhook.id, limit: 100 });
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.duration_ms === null])).toEqual([
      [2, 'succeeded', false],
      [1, 'failed', true],
    ]);
    expect(attempts[1]!.error).toMatch(/^interrupted/);
    await h.client.request('links.webhooks.delete', { tenantId: tenant.tenantId, webhookId: webhook.id });
  });

  it('two replicas at once: every event delivered exactly once', async () => {
    await h.startReplica();
    const webhook = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/replicas`,
      events: ['conversation.started'],
    });
    const events = Array.from({ length: 20 }, () => started());
    await Promise.all(events.map((event) => h.client.publish('events.session.created', event)));
    await waitFor(() => receivedOn('/replicas').length >= events.length, { timeoutMs: 15_000 });
    await h.settled(webhook.id);
    const requests = receivedOn('/replicas');
    expect(requests).toHaveLength(events.length);
    expect(new Set(requests.map((request) => request.headers['webhook-id'])).size).toBe(events.length);
    expect(new Set(requests.map((request) => conversationOf(request.body)))).toEqual(new Set(events.map((event) => event.conversationId)));
    const rows = await sql<{ state: string; attempts: number; n: number }>`
      SELECT state, attempts, count(*)::int AS n FROM webhook_deliveries WHERE webhook_id = ${webhook.id} GROUP BY state, attempts`.execute(h.ctx.db);
    expect(rows.rows).toEqual([{ state: 'succeeded', attempts: 1, n: events.length }]);
  });
});
