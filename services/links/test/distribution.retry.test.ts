import { createServer, type Server, type Socket } from 'node:net';
import { freePort, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributionHarness, type Seeded, startDistributionHarness } from './distribution-harness.js';
import { startReceiver } from './webhook-receiver.js';

/** A mail server refusing one recipient, one that is gone, one that never answers: retried, and never in anyone's way. */
describe('link distribution: failing mail', () => {
  let h: DistributionHarness;
  let tenant: Seeded;

  beforeAll(async () => {
    h = await startDistributionHarness('links-distribution-retry');
    tenant = await h.seedTenant();
  });
  afterAll(async () => h?.stop());

  it('a refused recipient is reported and retried with backoff until the server takes it; the others go out once', async () => {
    const items = await h.seedLinks(tenant, 5);
    const refused = 'person2@example.com';
    await h.smtp.refuse(refused);
    const distribution = h.start({ retryDelaysSeconds: [1, 1, 1, 1, 1] });
    const ids = await h.enqueue(distribution, items, { channels: [{ type: 'email' }] });

    const result = await distribution.deliverNow(ids);
    expect(result.sent).toBe(4);
    expect(result.pending).toBe(0);
    expect(result.failed).toEqual([{ email: refused, to: refused, channel: 'email', error: expect.stringContaining('550') }]);
    const recipients = () => h.smtp.received.flatMap((mail) => mail.to).filter((to) => /^person[0-4]@/.test(to));
    expect(recipients().sort()).toEqual(['person0@example.com', 'person1@example.com', 'person3@example.com', 'person4@example.com']);

    // Retried while refused, then taken.
    await waitFor(() => h.smtp.refusals.filter((to) => to === refused).length >= 2, { timeoutMs: 10_000 });
    await h.smtp.accept(refused);
    await waitFor(() => h.smtp.received.some((mail) => mail.to.includes(refused)), { timeoutMs: 10_000 });
    const index = items.findIndex((item) => item.recipient?.email === refused);
    const row = await waitFor(async () => {
      const found = await h.row(ids[index] ?? '');
      return found.state === 'sent' && found;
    });
    expect(row.attempts).toBeGreaterThanOrEqual(3);
    expect(row.payload).toBeNull();
    const mail = h.smtp.received.find((received) => received.to.includes(refused));
    expect(mail?.text).toContain(items[index]?.url);
    // Nobody got a second mail.
    expect(recipients().sort()).toEqual(items.map((item) => item.recipient?.email).sort());
    // Each test's replica stops with it: the next test's retry delays are its own.
    await distribution.stop();
  });

  it('list() shows each delivery with its attempts, last error and next attempt, newest first', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const refused = 'refused-list@example.com';
    await h.smtp.refuse(refused);
    const distribution = h.start({ retryDelaysSeconds: [1, 30] });
    const first = await h.enqueue(distribution, [item], { channels: [{ type: 'email', to: 'taken-list@example.com' }] });
    await distribution.deliverNow(first);
    const second = await h.enqueue(distribution, [item], { channels: [{ type: 'email', to: refused }] });
    await distribution.deliverNow(second);

    const pending = await distribution.list(tenant.tenantId, item.linkId);
    expect(pending.map((delivery) => delivery.id)).toEqual([...second, ...first]);
    expect(pending[0]).toMatchObject({ link_id: item.linkId, channel: 'email', to: refused, state: 'pending', attempts: 1, finished_at: null });
    expect(pending[0]?.last_error).toContain('550');
    expect(Date.parse(pending[0]?.next_attempt_at ?? '')).toBeGreaterThan(Date.now() - 1_000);
    expect(pending[1]).toMatchObject({ to: 'taken-list@example.com', state: 'sent', attempts: 1, last_error: null, next_attempt_at: null });
    expect(pending[1]?.finished_at).not.toBeNull();

    // The retry a second later is refused too: two attempts, the next in 30 s.
    const retried = await waitFor(async () => {
      const [delivery] = await distribution.list(tenant.tenantId, item.linkId);
      return delivery?.attempts === 2 && delivery.state === 'pending' && delivery;
    });
    expect(Date.parse(retried.next_attempt_at ?? '') - Date.now()).toBeGreaterThan(20_000);
    // Another tenant sees none of them.
    const other = await h.seedTenant();
    expect(await distribution.list(other.tenantId, item.linkId)).toEqual([]);
    await distribution.stop();
  });

  it('after the last retry the delivery fails for good and its payload is erased', async () => {
    const [item] = await h.seedLinks(tenant, 1);
    if (!item) throw new Error('no link');
    const refused = 'never@example.com';
    await h.smtp.refuse(refused);
    const distribution = h.start({ retryDelaysSeconds: [1] });
    const ids = await h.enqueue(distribution, [item], { channels: [{ type: 'email', to: refused }] });
    await distribution.deliverNow(ids);
    const row = await waitFor(
      async () => {
        const found = await h.row(ids[0] ?? '');
        return found.state === 'failed' && found;
      },
      { timeoutMs: 10_000 },
    );
    expect(row).toMatchObject({ attempts: 2, payload: null });
    expect(row.last_error).toContain('550');
    expect(row.finished_at).not.toBeNull();
    const [listed] = await distribution.list(tenant.tenantId, item.linkId);
    expect(listed).toMatchObject({ state: 'failed', attempts: 2, next_attempt_at: null });
    await distribution.stop();
  });

  it('a mail server that is gone (closed port) costs deliverNow no more than its wait', async () => {
    const items = await h.seedLinks(tenant, 20);
    const distribution = h.start({ firstAttemptWaitMs: 1_500, retryDelaysSeconds: [60] }, h.mailer(`smtp://127.0.0.1:${await freePort()}`));
    const ids = await h.enqueue(distribution, items, { channels: [{ type: 'email' }] });
    const started = performance.now();
    const result = await distribution.deliverNow(ids);
    expect(performance.now() - started).toBeLessThan(1_500 + 1_000);
    expect(result.sent).toBe(0);
    expect(result.failed.length + result.pending).toBe(20);
    for (const failure of result.failed) expect(failure.error).toContain('ECONNREFUSED');
    await distribution.stop();
  });

  it('a mail server that never answers: deliverNow returns at its wait, the attempts time out and are retried later, webhooks go out meanwhile', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const items = await h.seedLinks(tenant, 10);
      const receiver = await startReceiver();
      try {
        const distribution = h.start({ firstAttemptWaitMs: 1_500, attemptTimeoutMs: 3_000, retryDelaysSeconds: [60] }, h.mailer(`smtp://127.0.0.1:${port}`));
        const ids = await h.enqueue(distribution, items, { channels: [{ type: 'email' }, { type: 'slack', webhook_url: `${receiver.origin}/slack` }] });
        const started = performance.now();
        const result = await distribution.deliverNow(ids);
        expect(performance.now() - started).toBeLessThan(1_500 + 1_000);
        // The Slack messages went out; the mails are still waiting for a greeting.
        expect(result.sent).toBe(10);
        expect(result.deliveries.filter((delivery) => delivery.channel === 'slack').every((delivery) => delivery.state === 'sent')).toBe(true);
        expect(receiver.received).toHaveLength(10);
        expect(result.pending).toBe(10);

        const mails = ids.filter((_, index) => index % 2 === 0);
        await waitFor(
          async () => {
            const rows = await Promise.all(mails.map((id) => h.row(id)));
            return rows.every((row) => row.state === 'pending' && row.attempts === 1 && row.last_error?.startsWith('timed out'));
          },
          { timeoutMs: 10_000 },
        );
        await distribution.stop();
      } finally {
        await receiver.close();
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
