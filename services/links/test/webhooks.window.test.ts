import { waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escalationEvent, startWebhooksHarness, testWebhookOptions, type WebhooksHarness } from './webhooks-harness.js';

/**
 * Retries end with the retry window (WEBHOOK_RETRY_WINDOW_HOURS, a day by default): scaled down
 * here to a retry every second within 2.5 s of the first attempt, on the real NATS and PostgreSQL.
 */
describe('webhook retries stay within the retry window', () => {
  let h: WebhooksHarness;
  let tenant: { tenantId: string; agentId: string; agentName: string };

  beforeAll(async () => {
    h = await startWebhooksHarness('links-webhooks-window');
    // Six retries a second apart would run for 6 s; the window lets those within 2.5 s be made.
    await h.startReplica({ ...testWebhookOptions, retryDelaysSeconds: [1, 1, 1, 1, 1, 1], retryWindowSeconds: 2.5 });
    tenant = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  const receivedOn = (path: string) => h.receiver.received.filter((request) => request.path === path);
  const attemptsOf = async (webhookId: string) =>
    (await h.client.request('links.webhooks.deliveries', { tenantId: tenant.tenantId, webhookId, limit: 100 })).deliveries;

  it('a retry that would come past the window after the first attempt is not made: the delivery fails, every attempt on record', async () => {
    const created = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/down`,
      events: ['escalation.created'],
    });
    // Exactly as many failures as attempts fit: a fourth attempt would be answered 200 and succeed.
    h.receiver.answer(500, 502, 503);
    await h.client.publish('events.escalation.created', escalationEvent(tenant));
    await waitFor(
      async () => {
        const attempts = await attemptsOf(created.id);
        return attempts.length === 3 && attempts.every((attempt) => attempt.status === 'failed');
      },
      { timeoutMs: 10_000 },
    );
    const attempts = await attemptsOf(created.id);
    expect(attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.response_code])).toEqual([
      [3, 'failed', 503],
      [2, 'failed', 502],
      [1, 'failed', 500],
    ]);
    // The retries that were made kept their configured delay (1 s).
    const at = attempts.map((attempt) => Date.parse(attempt.at));
    expect(at[0]! - at[1]!).toBeGreaterThanOrEqual(900);
    expect(at[1]! - at[2]!).toBeGreaterThanOrEqual(900);
    // Failed for good: nothing pending, and no fourth attempt when it would have been due.
    const row = await h.ctx.db
      .selectFrom('webhook_deliveries')
      .select(['state', 'attempts', 'next_attempt_at', 'finished_at'])
      .where('webhook_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'failed', attempts: 3, next_attempt_at: null, finished_at: expect.any(Date) });
    await h.settled(created.id);
    expect(receivedOn('/down')).toHaveLength(3);
    expect(await attemptsOf(created.id)).toHaveLength(3);
  });

  it('a receiver back within the window gets the delivery on a retry', async () => {
    const created = await h.client.request('links.webhooks.create', {
      tenantId: tenant.tenantId,
      url: `${h.receiver.origin}/flaky`,
      events: ['escalation.claimed'],
    });
    h.receiver.answer(500, 500);
    await h.client.publish('events.escalation.claimed', escalationEvent(tenant, { state: 'claimed', operator: { name: 'Ana', actorId: null } }));
    await waitFor(async () => (await attemptsOf(created.id))[0]?.status === 'succeeded', { timeoutMs: 10_000 });
    expect((await attemptsOf(created.id)).map((attempt) => [attempt.attempt, attempt.status])).toEqual([
      [3, 'succeeded'],
      [2, 'failed'],
      [1, 'failed'],
    ]);
    expect(receivedOn('/flaky')).toHaveLength(3);
  });
});
