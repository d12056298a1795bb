import { randomBytes } from 'node:crypto';
import { delimiter } from 'node:path';
import { createLogger } from '@parley/logger';
import { findExecutable, startNatsServer } from '@parley/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog } from '../contract/suite.js';
import type { WorkQueueStorage } from '../core/work-queue-options.js';
import { createNatsBus } from './bus.js';

/**
 * The turn queue through a NATS server that dies: this file starts a server of its own (the
 * machine's is shared), kills it with SIGKILL and starts it again on the same port and store.
 */

// Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
const binary = await findExecutable('nats-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/local/bin'].join(delimiter));

describe.skipIf(binary === null)('nats bus: the work queue when its NATS server dies', () => {
  const logger = createLogger({ service: 'bus-test', level: 'silent' });
  const cleanups: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  });

  /** A server of the test's own, a responder (two slots, holding requests from 10 up until released) and a caller. */
  async function setUp(storage: WorkQueueStorage, options: { direct?: boolean; slots?: number; lostRequestIdleMs?: number } = {}) {
    const server = await startNatsServer(binary as string);
    cleanups.push(() => server.stop());
    const url = server.url;
    const namespace = `t_${randomBytes(6).toString('hex')}`;
    const workQueues = { storage, direct: options.direct ?? false, lostRequestIdleMs: options.lostRequestIdleMs };
    const responder = await createNatsBus({ catalog: contractCatalog, servers: url, namespace, logger, name: 'responder', workQueues });
    cleanups.push(() => responder.drain());
    const caller = await createNatsBus({ catalog: contractCatalog, servers: url, namespace, logger, name: 'caller', workQueues });
    cleanups.push(() => caller.drain());

    const runs: number[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await responder.serve(
      'queued',
      async ({ n }, ctx) => {
        runs.push(n);
        if (n >= 10) await held;
        return { n, worker: 'only', queuedMs: ctx.queuedMs ?? -1 };
      },
      { maxInFlight: options.slots ?? 2 },
    ).ready;
    await expect(caller.request('queued', { n: 0 })).resolves.toMatchObject({ n: 0 });

    /** SIGKILL, a new server on the same port and store, and back once JetStream answers the caller (its inbox subscribed anew). */
    const restart = async () => {
      await server.restart();
      const back = Date.now();
      for (;;) {
        const answered = await caller.queueStats('queued').then(
          () => true,
          () => false,
        );
        if (answered) return;
        if (Date.now() - back > 20_000) throw new Error('JetStream did not come back');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    const timesRun = (n: number) => runs.filter((m) => m === n).length;
    /** Until the queue holds `count` requests waiting (stored, not yet taken). */
    const stored = async (count: number) => {
      const since = Date.now();
      while ((await caller.queueStats('queued')).waiting !== count) {
        if (Date.now() - since > 5_000) throw new Error(`the queue never held ${count} waiting requests`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    /** Until `count` requests have started (the first, n = 0, among them). */
    const started = async (count: number) => {
      while (runs.length < count) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    /** A request whose outcome is awaited later: when it settled, and its reply ('answered') or error. */
    const settled = (n: number, options: { timeoutMs: number; queueTimeoutMs?: number }) =>
      caller.request('queued', { n }, options).then(
        () => ({ at: Date.now(), outcome: 'answered' as unknown }),
        (error: unknown) => ({ at: Date.now(), outcome: error }),
      );
    return { caller, release, restart, timesRun, started, stored, settled };
  }

  it('with file storage, answers what was running and what was stored when the server died', async () => {
    const { caller, release, restart, timesRun, started } = await setUp('file');
    // Two requests run (held), a third waits in the stream; the server dies under them.
    const before = [10, 11, 12].map((n) => caller.request('queued', { n }, { timeoutMs: 30_000 }));
    await started(3);
    expect((await caller.queueStats('queued')).waiting).toBe(1);
    await restart();
    // The held runs finish and answer, and the stored request is taken: every caller gets its reply.
    release();
    expect((await Promise.all(before)).map((r) => r.n)).toEqual([10, 11, 12]);
    // What ran when the server died may run again (JetStream had not yet written that it was
    // delivered, so it delivers it anew); the stored one runs once.
    expect(timesRun(10)).toBeGreaterThanOrEqual(1);
    expect(timesRun(11)).toBeGreaterThanOrEqual(1);
    expect(timesRun(12)).toBe(1);
  }, 60_000);

  it.each(['memory', 'file'] as const)(
    'with %s storage, takes new requests within seconds once the server is back, each run once',
    async (storage) => {
      const { caller, restart, timesRun } = await setUp(storage);
      // The server dies while the responder only waits for work: the pulls it held die with it. The
      // responder pulls anew when its connection comes back, and gives up within 12 s a pull the
      // server never answers.
      await restart();
      const sent = Date.now();
      const replies = await Promise.all([1, 2, 3].map((n) => caller.request('queued', { n }, { timeoutMs: 40_000 })));
      expect(replies.map((r) => r.n)).toEqual([1, 2, 3]);
      // Within the pulls' expiry and the ack wait of a message a lost pull took.
      expect(Date.now() - sent).toBeLessThan(25_000);
      for (const n of [0, 1, 2, 3]) expect(timesRun(n)).toBe(1);
      expect((await caller.queueStats('queued')).waiting).toBe(0);
    },
    60_000,
  );

  it('with memory storage, fails a request that waited in the queue when the server died within its caller’s patience, and serves the next', async () => {
    const { caller, release, restart, timesRun, started, stored, settled } = await setUp('memory');
    const patience = { timeoutMs: 30_000, queueTimeoutMs: 5_000 };
    const running = [10, 11].map((n) => caller.request('queued', { n }, patience));
    await started(3);
    const waiting = settled(12, patience);
    await stored(1);
    await restart();
    const restarted = Date.now();
    release();
    // What was running answers; what waited went with the server's memory: its caller hears so, not never.
    expect((await Promise.all(running)).map((r) => r.n)).toEqual([10, 11]);
    expect((await waiting).outcome).toMatchObject({ code: 'unavailable' });
    expect(Date.now() - restarted).toBeLessThan(15_000);
    expect(timesRun(12)).toBe(0);
    // The responder sets the queue up again: the next request is served (a caller retries until it is).
    let next: { n: number } | undefined;
    while (!next && Date.now() - restarted < 25_000) {
      next = await caller.request('queued', { n: 13 }, patience).catch(() => undefined);
      if (!next) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(next).toMatchObject({ n: 13 });
    expect(timesRun(13)).toBe(1);
  }, 60_000);

  it('with memory storage and the default patience, a request lost from the queue fails within seconds, while what runs keeps its caller waiting', async () => {
    // A lost request fails after 3 s without a sign of life (5 s by default): still more than the
    // responder's beat (1 s) and the reconnection wait (2 s) by which it may be back after its caller.
    const { caller, release, restart, timesRun, started, stored, settled } = await setUp('memory', { lostRequestIdleMs: 3_000 });
    // Cleanups run last first: the held runs end before anything drains.
    cleanups.push(async () => release());
    // No queueTimeoutMs: the caller would wait 60 s for a responder to take its request.
    const running = [10, 11].map((n) => caller.request('queued', { n }, { timeoutMs: 50_000 }));
    await started(3);
    const waiting = [12, 13].map((n) => settled(n, { timeoutMs: 50_000 }));
    await stored(2);
    await restart();
    const restarted = Date.now();
    // The stored requests went with the server's memory: their callers hear so in seconds, as a
    // loss a caller may offer again (not a queue timeout after a minute).
    for (const { at, outcome } of await Promise.all(waiting)) {
      expect(outcome).toMatchObject({ code: 'unavailable', details: { reason: 'queue_lost' } });
      expect(at - restarted).toBeLessThan(12_000);
    }
    expect(timesRun(12) + timesRun(13)).toBe(0);
    // The requests that were running are gone from the queue too, and their callers were told so
    // before those of the waiting ones (they were queued first): their idle limit has passed as
    // well, but their responder still beats. They are answered when they finish, however long
    // after the loss was noticed.
    release();
    expect((await Promise.all(running)).map((r) => r.n)).toEqual([10, 11]);
    expect(timesRun(10)).toBe(1);
    expect(timesRun(11)).toBe(1);
  }, 60_000);

  it('with requests taken directly, answers what the responder took when the server died, each run once; what waited in memory is lost and said so', async () => {
    // Three slots: two take requests directly, one pulls for the queue.
    const { caller, release, restart, timesRun, started, stored, settled } = await setUp('memory', { direct: true, slots: 3 });
    cleanups.push(async () => release());
    const patience = { timeoutMs: 40_000 };
    const direct = [10, 11].map((n) => caller.request('queued', { n }, patience));
    await started(3);
    // The responder is full for direct requests: the next is stored and pulled, the last waits in the stream.
    const pulled = caller.request('queued', { n: 12 }, patience);
    await started(4);
    const waiting = settled(13, patience);
    await stored(1);
    await restart();
    const restarted = Date.now();
    release();
    // The replies of what ran go out once the connection is back; nothing taken directly runs again.
    expect((await Promise.all([...direct, pulled])).map((r) => r.n)).toEqual([10, 11, 12]);
    expect((await waiting).outcome).toMatchObject({ code: 'unavailable', details: { reason: 'queue_lost' } });
    expect(Date.now() - restarted).toBeLessThan(15_000);
    expect([10, 11, 12].map(timesRun)).toEqual([1, 1, 1]);
    expect(timesRun(13)).toBe(0);
  }, 60_000);
});
