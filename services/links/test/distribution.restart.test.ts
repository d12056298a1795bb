import { waitFor } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinkDeliveryRepository } from '../src/distribution/delivery.repository.js';
import { type DistributionHarness, type Seeded, startDistributionHarness } from './distribution-harness.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** Pending deliveries outlive the process that recorded them, and replicas on one database send each once. */
describe('link distribution across restarts and replicas', () => {
  let h: DistributionHarness;
  let tenant: Seeded;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    h = await startDistributionHarness('links-distribution-restart');
    tenant = await h.seedTenant();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await h?.stop();
  });

  const requestsTo = (path: string) => receiver.received.filter((request) => request.path === path);

  it('a retry that fell due while its process was stopped is made by the next one, once, however many run', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    receiver.answer(500);
    const first = h.start({ retryDelaysSeconds: [1] });
    const ids = await h.enqueue(first, [item], { channels: [{ type: 'slack', webhook_url: `${receiver.origin}/restart` }] });
    expect((await first.deliverNow(ids)).failed).toEqual([{ to: new URL(receiver.origin).host, channel: 'slack', error: 'the receiver answered 500' }]);
    await first.stop();

    // Due a second later (moved to now rather than waited for), with no distribution running: the
    // stopped one finished what it had begun and begins nothing more, so nobody has made it yet.
    await sql`UPDATE link_deliveries SET next_attempt_at = now() WHERE id = ANY(${ids}) AND state = 'pending'`.execute(h.ctx.db);
    expect(requestsTo('/restart')).toHaveLength(1);

    const replicas = [h.start({ retryDelaysSeconds: [1] }), h.start({ retryDelaysSeconds: [1] })];
    await waitFor(async () => (await h.row(ids[0] ?? '')).state === 'sent', { timeoutMs: 10_000 });
    // Sent and recorded; the replicas stopped, every attempt they began finished: one sending it
    // too would have by now.
    for (const replica of replicas) await replica.stop();
    expect(requestsTo('/restart').map((request) => request.status)).toEqual([500, 200]);
    expect(requestsTo('/restart')[0]?.body).toBe(requestsTo('/restart')[1]?.body);
    expect(await h.row(ids[0] ?? '')).toMatchObject({ state: 'sent', attempts: 2, payload: null, last_error: 'the receiver answered 500' });
  });

  it('first attempts a stopped process claimed or never made are made by the replicas that remain, each mail once', async () => {
    const items = await h.seedLinks(tenant, 40);
    const crashed = h.start();
    const ids = await h.enqueue(crashed, items, { channels: [{ type: 'email' }] });
    await crashed.stop();
    // The stopped process had claimed half of them and made no attempt; the other half it never
    // reached. Both wait out their lease or hold – here moved to the past rather than waited for.
    await new LinkDeliveryRepository(h.ctx.db).claimFirst(ids.slice(0, 20), 60_000);
    await sql`UPDATE link_deliveries SET leased_until = CASE WHEN leased_until IS NULL THEN NULL ELSE now() - interval '1 second' END,
      next_attempt_at = now() - interval '1 second' WHERE id = ANY(${ids})`.execute(h.ctx.db);

    const replicas = [h.start(), h.start(), h.start()];
    await waitFor(async () => (await Promise.all(ids.map((id) => h.row(id)))).every((row) => row.state === 'sent'), { timeoutMs: 20_000 });
    // All sent and recorded; the replicas stopped, every attempt they began finished: one mailing
    // one again would have by now.
    for (const replica of replicas) await replica.stop();
    const recipients = h.smtp.received.flatMap((mail) => mail.to).filter((to) => items.some((item) => item.recipient?.email === to));
    expect(recipients.sort()).toEqual(items.map((item) => item.recipient?.email).sort());
    const rows = await Promise.all(ids.map((id) => h.row(id)));
    // The claimed ones count the lost attempt.
    expect(rows.map((row) => row.attempts)).toEqual([...Array(20).fill(2), ...Array(20).fill(1)]);
    expect(rows.every((row) => row.payload === null)).toBe(true);
  });

  it('two replicas asked to deliver the same deliveries at once attempt each once', async () => {
    const items = await h.seedLinks(tenant, 30);
    const [one, two] = [h.start(), h.start()];
    const ids = await h.enqueue(one, items, { channels: [{ type: 'slack', webhook_url: `${receiver.origin}/twice` }] });
    const results = await Promise.all([one.deliverNow(ids), two.deliverNow(ids)]);
    // Each reports all of them, as they are by then; together they sent each once.
    await waitFor(async () => (await Promise.all(ids.map((id) => h.row(id)))).every((row) => row.state === 'sent'));
    // All sent and recorded; both stopped, every attempt they began finished: a second attempt of
    // one would have come by now.
    await one.stop();
    await two.stop();
    expect(requestsTo('/twice')).toHaveLength(30);
    expect(new Set(requestsTo('/twice').map((request) => request.body)).size).toBe(30);
    expect(results.map((result) => result.deliveries.length)).toEqual([30, 30]);
    expect((await Promise.all(ids.map((id) => h.row(id)))).every((row) => row.state === 'sent' && row.attempts === 1)).toBe(true);
  });

  it('what deliverNow has no time for is handed to the worker at once, not after its hold', async () => {
    const items = await h.seedLinks(tenant, 10);
    // Two places, both taken by requests the receiver never answers: the other eight wait.
    receiver.answer(0, 0);
    const distribution = h.start({ concurrency: 2, firstAttemptWaitMs: 500, attemptTimeoutMs: 2_000, retryDelaysSeconds: [1] });
    const ids = await h.enqueue(distribution, items, { channels: [{ type: 'slack', webhook_url: `${receiver.origin}/handed` }] });
    const result = await distribution.deliverNow(ids);
    expect(result).toMatchObject({ sent: 0, pending: 10, failed: [] });
    await waitFor(async () => (await Promise.all(ids.map((id) => h.row(id)))).every((row) => row.state === 'sent'), { timeoutMs: 15_000 });
    const answered = requestsTo('/handed').filter((request) => request.status === 200);
    expect(new Set(answered.map((request) => request.body)).size).toBe(10);
    expect(answered).toHaveLength(10);
    await distribution.stop();
  });

  it('a delivery that fails for good loses its payload too', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    receiver.answer(503, 503);
    const distribution = h.start({ retryDelaysSeconds: [1] });
    const ids = await h.enqueue(distribution, [item], { channels: [{ type: 'teams', webhook_url: `${receiver.origin}/gone` }] });
    await distribution.deliverNow(ids);
    const row = await waitFor(
      async () => {
        const found = await h.row(ids[0] ?? '');
        return found.state === 'failed' && found;
      },
      { timeoutMs: 10_000 },
    );
    expect(row).toMatchObject({ attempts: 2, payload: null, last_error: 'the receiver answered 503' });
    expect(requestsTo('/gone')).toHaveLength(2);
    await distribution.stop();
  });
});
