import { randomUUID } from 'node:crypto';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { AuditRecorded } from '@parley/contracts';
import { createTestContext, eventConsumersCaughtUp, linkTestKeys, type TestContext, waitFor } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinksService, type LinksService } from '../src/app.js';

/** The audit log's durable consumer on the real NATS: stopped mid-stream, restarted as two replicas. */
describe('the audit log across restarts', () => {
  let ctx: TestContext;
  let publisher: PlatformBus;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'links-audit' });
    publisher = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'gateway' });
  });
  afterAll(async () => {
    await publisher?.drain();
    await ctx?.cleanup();
  });

  async function startService(name: string): Promise<{ service: LinksService; stop(): Promise<void> }> {
    const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name });
    const service = createLinksService({ bus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    return {
      service,
      stop: async () => {
        await service.drain();
        await bus.drain();
      },
    };
  }

  const change = (n: number): AuditRecorded => ({
    eventId: randomUUID(),
    at: new Date().toISOString(),
    tenantId: null,
    actor: { kind: 'admin', key_id: null, name: null },
    action: 'agent.create',
    target: { kind: 'agent', id: `agent-${n}` },
    ip: '127.0.0.1',
    details: { n },
  });
  const appended = async () => await ctx.db.selectFrom('audit_entries').select(['event_id', 'seq', 'prev_hash', 'hash']).orderBy('seq').execute();

  it('appends each change once, in one unbroken chain, across a stop, a repeated delivery and two replicas', async () => {
    const first = await startService('links-1');
    const before = [1, 2, 3].map(change);
    for (const event of before) await publisher.publish('events.audit.recorded', event);
    await waitFor(async () => (await appended()).length === 3, { timeoutMs: 10_000 });
    await first.stop();

    // Published while nobody appends; one of them again, as after a lost ack.
    const during = [4, 5, 6, 7, 8, 9].map(change);
    for (const event of during) await publisher.publish('events.audit.recorded', event);
    await publisher.publish('events.audit.recorded', before[0]!);

    const replicas = await Promise.all([startService('links-2'), startService('links-3')]);
    try {
      const expected = [...before, ...during].map((event) => event.eventId).sort();
      // Every change and the repeat handed out and acknowledged: one appended twice would show now.
      await eventConsumersCaughtUp(ctx, 'events.audit.recorded');
      const rows = await appended();
      expect(rows.map((row) => row.event_id).sort()).toEqual(expected);
      // One chain: each entry's predecessor is the entry before it.
      rows.forEach((row, i) => {
        if (i > 0) expect(row.prev_hash).toBe(rows[i - 1]!.hash);
      });
      await expect(publisher.request('links.audit.verify', {})).resolves.toEqual({ ok: true, entries: 9 });
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
});
