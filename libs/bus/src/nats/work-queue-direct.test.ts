import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it } from 'vitest';
import { contractCatalog, stallingWorker } from '../contract/suite.js';
import type { WorkQueueOptions } from '../core/work-queue-options.js';
import type { Bus } from '../types.js';
import { createNatsBus } from './bus.js';
import { deleteNamespaceStreams } from './events.js';
import { queueAtRest } from './queue-at-rest.test-kit.js';
import { workQueueStreamName } from './work-queue.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const logger = createLogger({ service: 'bus-test', level: 'silent' });

/** Requests held until released, with how many ran at once. */
function heldWorker(name: string) {
  let open = false;
  let running = 0;
  const state = { started: [] as number[], peak: 0 };
  const waiters: Array<() => void> = [];
  return {
    state,
    release() {
      open = true;
      for (const wake of waiters.splice(0)) wake();
    },
    handler: async ({ n }: { n: number }, ctx: { queuedMs?: number }) => {
      state.started.push(n);
      running += 1;
      state.peak = Math.max(state.peak, running);
      if (!open) await new Promise<void>((resolve) => waiters.push(resolve));
      running -= 1;
      return { n, worker: name, queuedMs: ctx.queuedMs ?? -1 };
    },
  };
}

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

describe('nats bus: a work-queue request goes straight to a responder with room', () => {
  const namespaces: string[] = [];
  const buses: Array<Bus<typeof contractCatalog>> = [];
  const connections: NatsConnection[] = [];

  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.drain()));
    await Promise.all(connections.splice(0).map((nc) => nc.close()));
    for (const namespace of namespaces.splice(0)) await deleteNamespaceStreams(servers, namespace);
  });

  const newBus = async (workQueues?: WorkQueueOptions, namespace = `t_${randomBytes(6).toString('hex')}`) => {
    if (!namespaces.includes(namespace)) namespaces.push(namespace);
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, workQueues: { direct: true, ...workQueues } });
    buses.push(bus);
    return { bus, namespace };
  };

  /** How many requests the queue's stream has ever stored. */
  const stored = async (namespace: string): Promise<number> => {
    const nc = await connect({ servers });
    connections.push(nc);
    const jsm = await jetstreamManager(nc);
    return (await jsm.streams.info(workQueueStreamName(namespace, 'queued'))).state.last_seq;
  };

  /**
   * The pulls responders make afresh on the queue (not those sent with an acknowledgement), seen
   * over a connection of its own, which also asks whether the queue is at rest: what the server
   * sends one connection arrives in order, so a pull seen after the queue was seen at rest was made
   * after the last acknowledgement.
   */
  const pullWatch = async (namespace: string) => {
    const nc = await connect({ servers });
    connections.push(nc);
    const stream = workQueueStreamName(namespace, 'queued');
    let pulls = 0;
    nc.subscribe(`$JS.API.CONSUMER.MSG.NEXT.${stream}.*`, {
      callback: () => {
        pulls += 1;
      },
    });
    await nc.flush();
    const jsm = await jetstreamManager(nc);
    return {
      /** Until the queue has nothing to deliver or waiting for its acknowledgement, and then a pull is made. */
      async pullAfterRest(): Promise<void> {
        await waitFor(async () => {
          const [consumer] = await jsm.consumers.list(stream).next();
          return consumer?.num_pending === 0 && consumer.num_ack_pending === 0;
        }, 'the queue to be at rest');
        const before = pulls;
        await waitFor(() => pulls > before, 'a pull after the queue came to rest');
      },
    };
  };

  it('stores nothing while a slot is free; keeps one slot for the queue; a full responder sends the rest to wait there', async () => {
    // Pulls that expire within a quarter of a second (1 s by default while taking requests directly).
    const { bus, namespace } = await newBus({ pullExpiresMs: 250 });
    const worker = heldWorker('w');
    await bus.serve('queued', worker.handler, { maxInFlight: 3 }).ready;
    const pulls = await pullWatch(namespace);
    // Every direct offer, as a listener outside the responders' queue group sees it.
    const watcher = await connect({ servers });
    connections.push(watcher);
    const offered: number[] = [];
    watcher.subscribe(`${namespace}.direct.contract.queued`, {
      callback: (_error, msg) => {
        offered.push((msg.json() as { n: number }).n);
      },
    });
    await watcher.flush();

    // Two of the three slots take requests directly; the third waits on a pull for the queue.
    const direct = [bus.request('queued', { n: 0 }), bus.request('queued', { n: 1 })];
    await waitFor(() => worker.state.started.length === 2, 'two requests to start');
    expect(await stored(namespace)).toBe(0);

    // The responder is full for direct requests: the next is refused, stored and taken by the pull.
    const queued = [bus.request('queued', { n: 2 })];
    await waitFor(() => worker.state.started.length === 3, 'the third request to start');
    // Just refused: the caller sends the next ones straight to the queue, where they wait.
    queued.push(bus.request('queued', { n: 3 }), bus.request('queued', { n: 4 }));
    await waitFor(async () => (await bus.queueStats('queued')).waiting === 2, 'two requests to wait');
    expect(worker.state.started).toEqual([0, 1, 2]);
    await watcher.flush();
    expect(offered).toEqual([0, 1, 2]);
    expect(await stored(namespace)).toBe(3);
    expect(await bus.queueStats('queued')).toMatchObject({ waiting: 2, running: 1 });

    worker.release();
    const answered = await Promise.all([...direct, ...queued]);
    expect(answered.map((reply) => reply.n)).toEqual([0, 1, 2, 3, 4]);
    expect(worker.state.started).toEqual([0, 1, 2, 3, 4]);
    expect(worker.state.peak).toBe(3);
    // A direct request never waited; a queued one says how long it did.
    expect(answered[0]?.queuedMs).toBe(0);
    expect(answered[4]?.queuedMs).toBeGreaterThan(0);
    await waitFor(async () => (await bus.queueStats('queued')).running === 0, 'the queue to empty');
    expect(await bus.queueStats('queued')).toEqual({ waiting: 0, running: 0, oldestWaitingMs: 0 });

    // The backlog gone (its last delivery had nothing behind it, the extra pulls expire), the slots take direct requests again.
    // The responder pulls afresh only once none of its pulls is left, and after that last delivery only for the one slot kept
    // for the queue: a pull it makes after the queue came to rest says its extra pulls have expired.
    await pulls.pullAfterRest();
    await expect(Promise.all([bus.request('queued', { n: 5 }), bus.request('queued', { n: 6 })])).resolves.toHaveLength(2);
    // The server delivered each offer to the watcher before the responder answered it: a round trip on the watcher's own
    // connection comes back after them.
    await watcher.flush();
    expect(offered).toEqual([0, 1, 2, 5, 6]);
    expect(await stored(namespace)).toBe(3);
  });

  it('a request offered first to a named responder goes to it while it has room; full, or gone, to another', async () => {
    const { bus, namespace } = await newBus();
    const other = await newBus(undefined, namespace);
    const named = new Map<string, string>();
    let holding = false;
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const ran: number[] = [];
    const worker =
      (name: string) =>
      async ({ n }: { n: number }, ctx: { responder?: string }) => {
        ran.push(n);
        if (ctx.responder) named.set(name, ctx.responder);
        if (n === 100) {
          holding = true;
          await held;
        }
        return { n, worker: name, queuedMs: 0 };
      };
    await bus.serve('queued', worker('a'), { maxInFlight: 4 }).ready;
    // Two slots: one for requests sent straight to it, one kept for the queue.
    const b = other.bus.serve('queued', worker('b'), { maxInFlight: 2 });
    await b.ready;
    for (let n = 0; !named.has('b'); n++) {
      if (n > 200) throw new Error('b never answered');
      await bus.request('queued', { n });
    }
    const toB = { preferResponder: named.get('b') as string };
    expect(named.get('a')).not.toBe(toB.preferResponder);

    const answered: string[] = [];
    for (let n = 0; n < 12; n++) answered.push((await bus.request('queued', { n }, toB)).worker);
    expect(answered).toEqual(Array(12).fill('b'));
    // A name nobody answers to: the request goes to any responder.
    await expect(bus.request('queued', { n: 1 }, { preferResponder: 'gone' })).resolves.toMatchObject({ n: 1 });

    // b's one slot for direct requests is taken: the next offered to b does not wait for it.
    const waiting = bus.request('queued', { n: 100 }, toB);
    await waitFor(() => holding, 'b to hold a request');
    await expect(bus.request('queued', { n: 2 }, toB)).resolves.toMatchObject({ n: 2 });
    // Or, for a request only b can answer, not at all – nothing stored, and nobody runs it: its caller hears so at once.
    let storedBefore = await stored(namespace);
    await expect(bus.request('queued', { n: 104 }, { ...toB, onlyPreferred: true })).rejects.toMatchObject({
      code: 'unavailable',
      details: { reason: 'not_taken' },
    });
    expect(await stored(namespace)).toBe(storedBefore);
    expect(holding).toBe(true);
    letGo();
    await expect(waiting).resolves.toMatchObject({ worker: 'b' });

    // b stops: what is offered to it goes to a.
    await b.drain();
    await expect(bus.request('queued', { n: 3 }, toB)).resolves.toMatchObject({ worker: 'a' });
    storedBefore = await stored(namespace);
    await expect(bus.request('queued', { n: 105 }, { ...toB, onlyPreferred: true })).rejects.toMatchObject({ details: { reason: 'not_taken' } });
    expect(await stored(namespace)).toBe(storedBefore);
    expect(ran).not.toContain(104);
    expect(ran).not.toContain(105);
  });

  it('with direct requests off, or a responder of one slot, stores every request in the queue', async () => {
    const off = await newBus({ direct: false });
    await off.bus.serve('queued', async ({ n }) => ({ n, worker: 'w', queuedMs: 0 }), { maxInFlight: 4 }).ready;
    await Promise.all([0, 1, 2].map((n) => off.bus.request('queued', { n })));
    expect(await stored(off.namespace)).toBe(3);

    // One slot is the queue's: the responder does not listen for direct requests (no_responders, then the queue).
    const single = await newBus();
    await single.bus.serve('queued', async ({ n }) => ({ n, worker: 'w', queuedMs: 0 }), { maxInFlight: 1 }).ready;
    await expect(single.bus.request('queued', { n: 1 })).resolves.toMatchObject({ n: 1 });
    expect(await stored(single.namespace)).toBe(1);
  });

  it('a responder that took a request and died: after the ack wait the caller queues it, and another responder runs it once', async () => {
    const { bus, namespace } = await newBus({ ackWaitMs: 1_000 });
    const worker = heldWorker('survivor');
    worker.release();
    // The survivor is busy with nothing but keeps no slot free for direct requests (one slot: the queue's).
    await bus.serve('queued', worker.handler, { maxInFlight: 1 }).ready;
    // A responder that takes the request off the direct subject and dies at once, without a word.
    const dying = await connect({ servers });
    connections.push(dying);
    let taken = 0;
    dying.subscribe(`${namespace}.direct.contract.queued`, {
      queue: 'contract-workers',
      callback: () => {
        taken += 1;
        void dying.close();
      },
    });
    await dying.flush();

    const started = performance.now();
    await expect(bus.request('queued', { n: 7 })).resolves.toMatchObject({ n: 7, worker: 'survivor' });
    const waited = performance.now() - started;
    expect(taken).toBe(1);
    expect(worker.state.started).toEqual([7]);
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(5_000);
    expect(await stored(namespace)).toBe(1);
  });

  it('a responder stalled past the ack wait with a direct request keeps the copy its caller queued, and runs the request once', async () => {
    // A one-second ack wait, and a responder (here in the caller's own process) whose event loop is
    // stuck for longer: no beat goes out, so the caller offers the request to the queue, under the
    // same reply subject – and the only responder with a pull is the stalled one.
    const { bus, namespace } = await newBus({ ackWaitMs: 1_000 });
    const stalled = stallingWorker();
    await bus.serve('queued', stalled.handler, { maxInFlight: 2 }).ready;
    await expect(bus.request('queued', { n: 1 })).resolves.toMatchObject({ n: 1, worker: 'stalled' });
    // The queued copy acknowledged and nothing left to come: it was recognised, not run again.
    await queueAtRest(servers, namespace);
    expect(stalled.runs()).toBe(1);
    expect(await stored(namespace)).toBe(1);
    expect(await bus.queueStats('queued')).toEqual({ waiting: 0, running: 0, oldestWaitingMs: 0 });
    await expect(bus.request('queued', { n: 2 })).resolves.toMatchObject({ n: 2 });
    expect(stalled.runs()).toBe(2);
  }, 20_000);

  it('a delivery with more waiting behind it has every free slot pull at once, not only as slots free up', async () => {
    // The stream made, and nobody serving: requests wait in the queue.
    const { bus, namespace } = await newBus();
    await bus.serve('queued', heldWorker('gone').handler, { maxInFlight: 4 }).drain();
    const waiting = Array.from({ length: 6 }, (_, n) => bus.request('queued', { n }));
    await waitFor(async () => (await bus.queueStats('queued')).waiting === 6, 'six requests to wait');

    // A responder of four slots comes: its one pull takes the first request, which says five wait
    // behind it, so its three free slots pull too, while the first runs on.
    const next = await newBus(undefined, namespace);
    const worker = heldWorker('next');
    try {
      await next.bus.serve('queued', worker.handler, { maxInFlight: 4 }).ready;
      await waitFor(() => worker.state.started.length === 4, 'four requests to start', 3_000);
      expect(worker.state.started).toEqual([0, 1, 2, 3]);
      expect(await bus.queueStats('queued')).toMatchObject({ waiting: 2, running: 4 });
    } finally {
      worker.release();
    }
    expect((await Promise.all(waiting)).map((reply) => reply.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(worker.state.peak).toBe(4);
  });

  it('a delivery with nothing behind it has its slot pull again at once: what is queued while it runs long starts on free slots', async () => {
    // The stream made, and nobody serving: one request waits in the queue.
    const { bus, namespace } = await newBus();
    await bus.serve('queued', heldWorker('gone').handler, { maxInFlight: 4 }).drain();
    const first = bus.request('queued', { n: 0 });
    await waitFor(async () => (await bus.queueStats('queued')).waiting === 1, 'one request to wait');

    // A responder of four slots comes: its one pull takes that request, which has nothing behind it and is held.
    const next = await newBus(undefined, namespace);
    const worker = heldWorker('next');
    // A caller that queues every request, as callers do for a moment after a responder said it was full.
    const queueing = await newBus({ direct: false }, namespace);
    try {
      await next.bus.serve('queued', worker.handler, { maxInFlight: 4 }).ready;
      await waitFor(() => worker.state.started.length === 1, 'the first request to start', 3_000);
      // Queued while the first runs on: a pull is there for them, not only once the first is done.
      const later = [queueing.bus.request('queued', { n: 1 }), queueing.bus.request('queued', { n: 2 })];
      await waitFor(() => worker.state.started.length === 3, 'the requests queued meanwhile to start', 3_000);
      worker.release();
      expect((await Promise.all([first, ...later])).map((reply) => reply.n)).toEqual([0, 1, 2]);
    } finally {
      worker.release();
    }
    expect(worker.state.started).toEqual([0, 1, 2]);
  });

  it('a draining responder takes no more requests directly: they wait in the queue for the next responder', async () => {
    const { bus, namespace } = await newBus();
    const leaving = heldWorker('leaving');
    const subscription = bus.serve('queued', leaving.handler, { maxInFlight: 4 });
    await subscription.ready;
    const first = bus.request('queued', { n: 0 });
    await waitFor(() => leaving.state.started.length === 1, 'the first request to start');
    const drained = subscription.drain();
    const next = await newBus(undefined, namespace);
    const staying = heldWorker('next');
    staying.release();
    const later = next.bus.request('queued', { n: 1 });
    // Not taken by the draining responder: stored, to wait for the next.
    await waitFor(async () => (await next.bus.queueStats('queued')).waiting === 1, 'the request to wait in the queue');
    leaving.release();
    await drained;
    await next.bus.serve('queued', staying.handler, { maxInFlight: 4 }).ready;
    expect(await first).toMatchObject({ n: 0, worker: 'leaving' });
    expect(await later).toMatchObject({ n: 1, worker: 'next' });
    expect(leaving.state.started).toEqual([0]);
  });
});
