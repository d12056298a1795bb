import { randomUUID } from 'node:crypto';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import { createTestContext, eventConsumersCaughtUp, linkTestKeys, type TestContext, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinksService, type LinksService } from '../src/app.js';

/** The links service stores the public edge's refusals from JetStream, through its durable consumer. */
describe('stored security events', () => {
  let ctx: TestContext;
  let publisher: PlatformBus;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'links-security' });
    publisher = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'gateway' });
  });
  afterAll(async () => {
    await publisher?.drain();
    await ctx?.cleanup();
  });

  async function startService(): Promise<{ service: LinksService; bus: PlatformBus; stop(): Promise<void> }> {
    const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'links' });
    const service = createLinksService({ bus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    return {
      service,
      bus,
      stop: async () => {
        await service.drain();
        await bus.drain();
      },
    };
  }

  const refusal = (kind: 'rate_limited' | 'forbidden_ip', id = randomUUID()) => ({
    id,
    kind,
    tenantId: null,
    linkId: 'lnk_AAAAAAAAAAAAAAAA',
    at: new Date().toISOString(),
  });
  const storedIds = async () => (await ctx.db.selectFrom('security_events').select('id').execute()).map((row) => row.id).sort();

  it('stores each event once, also across a restart of the consumer and a repeated delivery', async () => {
    const first = await startService();
    const before = [refusal('rate_limited'), refusal('forbidden_ip'), refusal('rate_limited')];
    for (const event of before) await publisher.publish('events.security.refused', event);
    await waitFor(async () => (await storedIds()).length === 3, { timeoutMs: 10_000 });

    // While no consumer runs, events wait in the stream.
    await first.stop();
    const during = [refusal('forbidden_ip'), refusal('rate_limited')];
    for (const event of during) await publisher.publish('events.security.refused', event);
    // The same event again (as after a lost ack): stored once.
    await publisher.publish('events.security.refused', before[0]!);

    const second = await startService();
    try {
      const expected = [...before, ...during].map((event) => event.id).sort();
      // Every event and the repeat handed out and acknowledged: one stored twice would show now.
      await eventConsumersCaughtUp(ctx, 'events.security.refused');
      expect(await storedIds()).toEqual(expected);
      const row = await ctx.db.selectFrom('security_events').selectAll().where('id', '=', during[0]!.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ kind: 'forbidden_ip', link_id: 'lnk_AAAAAAAAAAAAAAAA', tenant_id: null });
      expect(new Date(row.occurred_at).toISOString()).toBe(during[0]!.at);
    } finally {
      await second.stop();
    }
  });

  it('stores a flood of alike refusals as few rows, each with how many it stands for', async () => {
    const service = await startService();
    const linkId = 'lnk_BBBBBBBBBBBBBBBB';
    try {
      // Published at once, as a flood comes: alike ones (kind, tenant, link) travel and are stored together.
      const flood = [
        ...Array.from({ length: 40 }, () => ({ ...refusal('rate_limited'), linkId })),
        ...Array.from({ length: 5 }, () => ({ ...refusal('forbidden_ip'), linkId })),
      ];
      await Promise.all(flood.map((event) => publisher.publish('events.security.refused', event)));
      const counted = async () => {
        const rows = await ctx.db.selectFrom('security_events').select(['kind', 'count']).where('link_id', '=', linkId).execute();
        const total = (kind: string) => rows.filter((row) => row.kind === kind).reduce((sum, row) => sum + row.count, 0);
        return { rows: rows.length, rate_limited: total('rate_limited'), forbidden_ip: total('forbidden_ip') };
      };
      await waitFor(async () => (await counted()).rate_limited === 40, { timeoutMs: 10_000 });
      await eventConsumersCaughtUp(ctx, 'events.security.refused');
      const stored = await counted();
      expect(stored).toMatchObject({ rate_limited: 40, forbidden_ip: 5 });
      // One row per kind for each batch the flood filled, not one per refusal.
      expect(stored.rows).toBeLessThan(10);
    } finally {
      await service.stop();
    }
  });
});
