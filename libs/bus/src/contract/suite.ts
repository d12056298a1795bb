import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@parley/contracts';
import { createLogger, type Logger } from '@parley/logger';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { WorkQueueOptions } from '../core/work-queue-options.js';
import type { Bus, EventContext } from '../types.js';
import type { ContractCatalog } from './catalog.js';

/**
 * The one behaviour both adapters promise (both pass this one contract test suite). Each test
 * gets a fresh bus on a fresh namespace from the adapter's factory.
 */

export { type ContractCatalog, contractCatalog } from './catalog.js';

export interface BusFixture {
  bus: Bus<ContractCatalog>;
  /** Drains the bus (it may already be drained) and removes what it left on the server. */
  cleanup(): Promise<void>;
}

/** Builds a bus on a fresh namespace, logging to the given logger. */
export type BusFactory = (logger: Logger, options?: { workQueues?: WorkQueueOptions }) => Promise<BusFixture>;

/** Requests held until the test lets them go, counting how many run at once per worker. */
class Gate {
  readonly started: number[] = [];
  private readonly running = new Map<string, number>();
  readonly peak = new Map<string, number>();
  private open = false;
  private waiters: Array<() => void> = [];

  async pass(worker: string, n: number): Promise<void> {
    this.started.push(n);
    const now = (this.running.get(worker) ?? 0) + 1;
    this.running.set(worker, now);
    this.peak.set(worker, Math.max(this.peak.get(worker) ?? 0, now));
    if (!this.open) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.running.set(worker, (this.running.get(worker) ?? 1) - 1);
  }

  release(): void {
    this.open = true;
    for (const wake of this.waiters.splice(0)) wake();
  }
}

/**
 * A `queued` responder whose event loop is stuck for 2.5 s on request 1 (a long GC pause, a
 * starved CPU): no beat can go out meanwhile. Counts its runs.
 */
export function stallingWorker() {
  let runs = 0;
  return {
    runs: () => runs,
    handler: async ({ n }: { n: number }) => {
      runs += 1;
      const stuckUntil = Date.now() + (n === 1 ? 2_500 : 0);
      while (Date.now() < stuckUntil) {
        // Stalled.
      }
      await sleep(500);
      return { n, worker: 'stalled', queuedMs: 0 };
    },
  };
}

type Note = { id: number; text: string };

async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

async function appErrorFrom(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

export function runBusContract(adapter: string, factory: BusFactory): void {
  describe(`bus contract (${adapter})`, () => {
    let fixture: BusFixture;
    let bus: Bus<ContractCatalog>;
    let logLines: Array<Record<string, unknown>>;
    let logger: Logger;

    const logged = (message: string) => logLines.filter((line) => line.msg === message);

    beforeEach(async () => {
      logLines = [];
      const destination = new Writable({
        write(chunk, _encoding, done) {
          for (const line of String(chunk).split('\n')) if (line) logLines.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      });
      logger = createLogger({ service: 'bus-contract', level: 'info', destination });
      fixture = await factory(logger);
      bus = fixture.bus;
    });

    afterEach(async () => {
      await fixture.cleanup();
    });

    describe('broadcasts', () => {
      it('reaches every listener, not one of a group, and checks the payload before sending', async () => {
        const first: number[] = [];
        const second: number[] = [];
        bus.listen('ping', ({ n }) => first.push(n));
        const other = bus.listen('ping', ({ n }) => second.push(n));
        // A subscription reaches the server with the next flush: a round trip first.
        await bus.ping();
        await bus.broadcast('ping', { n: 1 });
        await expect.poll(() => [first, second]).toEqual([[1], [1]]);
        expect((await appErrorFrom(bus.broadcast('ping', { n: 'x' } as never))).code).toBe('invalid');
        await other.drain();
        await bus.broadcast('ping', { n: 2 });
        await expect.poll(() => first).toEqual([1, 2]);
        expect(second).toEqual([1]);
      });
    });

    describe('request/reply', () => {
      it('answers with the request and trace ids the caller gave, or generated ones', async () => {
        bus.serve('echo', async (payload, ctx) => ({ text: payload.text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject }));

        const given = await bus.request('echo', { text: 'hi' }, { requestId: 'req_given', traceId: 'trc_given' });
        expect(given).toEqual({ text: 'hi', requestId: 'req_given', traceId: 'trc_given', subject: `${bus.namespace}.contract.echo` });

        const [first, second] = await Promise.all([bus.request('echo', { text: 'a' }), bus.request('echo', { text: 'b' })]);
        expect(first.requestId).toMatch(/^req_\w+$/);
        expect(first.traceId).toMatch(/^trc_\w+$/);
        expect(second.requestId).not.toBe(first.requestId);
      });

      it('passes the request and trace ids on to the requests a handler makes, and into its log lines', async () => {
        bus.serve('echo', async (payload, ctx) => ({ text: payload.text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject }));
        bus.serve('work', async (payload) => {
          // No ids given: the handler's own request is carried on.
          const inner = await bus.request('echo', { text: `inner ${payload.n}` });
          logger.info({ n: payload.n }, 'work handled');
          return { n: payload.n, worker: `${inner.requestId}|${inner.traceId}` };
        });
        const outer = await bus.request('work', { n: 1 }, { requestId: 'req_outer', traceId: 'trc_outer' });
        expect(outer.worker).toBe('req_outer|trc_outer');
        const [line] = logged('work handled');
        expect(line).toMatchObject({ requestId: 'req_outer', traceId: 'trc_outer', n: 1 });
      });

      it('fails at once with unavailable when nothing serves the subject', async () => {
        const started = performance.now();
        const error = await appErrorFrom(bus.request('nobody', {}));
        expect(error.code).toBe('unavailable');
        expect(error.details).toEqual({ reason: 'no_responders' });
        expect(performance.now() - started).toBeLessThan(500);
      });

      it('gives up with unavailable (reason timeout) when the reply comes too late', async () => {
        bus.serve('slow', async ({ ms }) => {
          await sleep(ms);
          return { sleptMs: ms };
        });
        const started = performance.now();
        const error = await appErrorFrom(bus.request('slow', { ms: 400 }, { timeoutMs: 80 }));
        expect(error.code).toBe('unavailable');
        expect(error.details).toEqual({ reason: 'timeout' });
        expect(performance.now() - started).toBeGreaterThanOrEqual(75);
        expect(performance.now() - started).toBeLessThan(350);
      });

      it('notices a silent handler after the idle timeout, while progress beats keep a slow one alive', async () => {
        bus.serve('slow', async ({ ms, beatEveryMs }, ctx) => {
          const until = Date.now() + ms;
          while (Date.now() < until) {
            await sleep(Math.min(beatEveryMs ?? ms, until - Date.now()));
            if (beatEveryMs !== undefined) ctx.progress();
          }
          return { sleptMs: ms };
        });
        const started = performance.now();
        const [silent, beating] = await Promise.allSettled([
          appErrorFrom(bus.request('slow', { ms: 800 })).then((error) => ({ error, after: performance.now() - started })),
          bus.request('slow', { ms: 800, beatEveryMs: 30 }),
        ]);
        expect(silent.status === 'fulfilled' && silent.value.error.code).toBe('unavailable');
        expect(silent.status === 'fulfilled' && silent.value.error.details).toEqual({ reason: 'idle_timeout' });
        // Idle timeout is 300 ms: well before the handler's 800 ms and the 5 s request timeout.
        expect(silent.status === 'fulfilled' && silent.value.after).toBeGreaterThanOrEqual(290);
        expect(silent.status === 'fulfilled' && silent.value.after).toBeLessThan(650);
        expect(beating).toEqual({ status: 'fulfilled', value: { sleptMs: 800 } });
      });

      it('shares requests between the responders of one queue group, each handled once', async () => {
        const handled: Array<{ n: number; worker: string }> = [];
        for (const worker of ['a', 'b']) {
          bus.serve('work', async ({ n }) => {
            handled.push({ n, worker });
            return { n, worker };
          });
        }
        const replies = await Promise.all(Array.from({ length: 20 }, (_, n) => bus.request('work', { n })));

        expect(replies.map((reply) => reply.n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
        expect(handled.map((entry) => entry.n).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, n) => n));
        expect(handled.filter((entry) => entry.worker === 'a').length).toBeGreaterThan(0);
        expect(handled.filter((entry) => entry.worker === 'b').length).toBeGreaterThan(0);
      });

      it("brings a handler's AppError to the caller with its code, message and details", async () => {
        bus.serve('fail', async () => {
          throw new AppError('not_found', 'no such widget', { details: { widget: 7 } });
        });
        const error = await appErrorFrom(bus.request('fail', { kind: 'app' }));
        expect(error.code).toBe('not_found');
        expect(error.message).toBe('no such widget');
        expect(error.details).toEqual({ widget: 7 });
      });

      it('answers internal for any other handler failure, without its message, and logs its stack', async () => {
        bus.serve('fail', async () => {
          throw new Error('boom at the responder');
        });
        const error = await appErrorFrom(bus.request('fail', { kind: 'bug' }, { requestId: 'req_bug' }));
        expect(error.code).toBe('internal');
        expect(error.message).not.toContain('boom');

        const [line] = logged('handler failed');
        expect(line?.requestId).toBe('req_bug');
        expect((line?.err as { stack?: string } | undefined)?.stack).toMatch(/boom at the responder\n\s+at /);
      });

      it("answers not_found when the handler's row refers to one that does not exist (PostgreSQL 23503), without the constraint's text", async () => {
        bus.serve('fail', async () => {
          throw Object.assign(new Error('insert or update on table "link_templates" violates foreign key constraint "link_templates_tenant_id_fkey"'), {
            code: '23503',
            constraint: 'link_templates_tenant_id_fkey',
          });
        });
        const error = await appErrorFrom(bus.request('fail', { kind: 'reference' }));
        expect(error.code).toBe('not_found');
        expect(error.message).not.toContain('link_templates');
      });

      it('answers unavailable when the handler finds a dependency down (the client may retry)', async () => {
        bus.serve('fail', async () => {
          throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        });
        const error = await appErrorFrom(bus.request('fail', { kind: 'dependency' }));
        expect(error.code).toBe('unavailable');
        expect(error.details).toEqual({ reason: 'dependency' });
        expect(error.message).not.toContain('5432');
      });

      it('refuses an invalid payload with invalid, at the caller before sending and at the responder', async () => {
        // Nothing serves echo yet: `invalid` rather than `unavailable` shows the caller refused it.
        const atCaller = await appErrorFrom(bus.request('echo', { text: '' }));
        expect(atCaller.code).toBe('invalid');
        expect(atCaller.details).toEqual([expect.objectContaining({ path: 'text' })]);

        let calls = 0;
        bus.serve('echo', async (payload, ctx) => {
          calls += 1;
          return { text: payload.text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject };
        });
        const atResponder = await appErrorFrom(bus.request('echoUnchecked', { text: 42 }));
        expect(atResponder.code).toBe('invalid');
        expect(atResponder.details).toEqual([expect.objectContaining({ path: 'text' })]);
        expect(calls).toBe(0);
      });

      it('answers ping while open; after drain, refuses requests with unavailable', async () => {
        await bus.ping();
        await bus.drain();
        const error = await appErrorFrom(bus.request('nobody', {}));
        expect(error.code).toBe('unavailable');
        await expect(bus.ping()).rejects.toBeInstanceOf(AppError);
      });
    });

    describe('events', () => {
      it('delivers a published event to a durable consumer, with its headers', async () => {
        const received: Array<{ payload: Note; ctx: EventContext }> = [];
        bus.consume('note', 'reader', async (payload, ctx) => {
          received.push({ payload, ctx });
        });
        await bus.publish('note', { id: 1, text: 'hello' }, { requestId: 'req_evt', traceId: 'trc_evt' });

        await waitFor(() => received.length === 1, 'the event');
        expect(received[0]).toEqual({
          payload: { id: 1, text: 'hello' },
          ctx: { subject: `${bus.namespace}.events.contract.note`, requestId: 'req_evt', traceId: 'trc_evt', deliveryCount: 1 },
        });
      });

      it('redelivers an event whose handler failed, counting deliveries, up to maxDeliver', async () => {
        const deliveries = new Map<number, Array<{ count: number; at: number }>>();
        bus.consume('note', 'retrier', async ({ id }, ctx) => {
          deliveries.set(id, [...(deliveries.get(id) ?? []), { count: ctx.deliveryCount, at: performance.now() }]);
          // Event 1 recovers on its second delivery; event 2 never does; event 3 on its last.
          if (id === 2 || ctx.deliveryCount === 1 || (id === 3 && ctx.deliveryCount < 3)) throw new Error(`not yet: ${id}`);
        });
        await bus.publish('note', { id: 1, text: 'recovers' });
        await bus.publish('note', { id: 2, text: 'never' });

        await waitFor(() => deliveries.get(1)?.length === 2 && deliveries.get(2)?.length === 3, 'the redeliveries');
        // Published after event 2's last delivery, event 3 goes through every backoff: a delivery of
        // event 1 or 2 still to come would come before event 3's last.
        await bus.publish('note', { id: 3, text: 'marker' });
        await waitFor(() => deliveries.get(3)?.length === 3, 'the marker event');
        expect(deliveries.get(1)?.map((entry) => entry.count)).toEqual([1, 2]);
        expect(deliveries.get(2)?.map((entry) => entry.count)).toEqual([1, 2, 3]);
        const [first, second] = deliveries.get(2) ?? [];
        // Backoff before the second delivery is 30 ms (a little slack for timer rounding).
        expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(25);
        expect(logged('event handler failed on its last delivery; dropped')).toHaveLength(1);
      });

      it('drops, without redelivery, an event the handler refuses as invalid and one failing its schema', async () => {
        const seen: Note[] = [];
        bus.consume('note', 'strict', async (note, ctx) => {
          seen.push(note);
          if (note.text === 'refuse') throw new AppError('invalid', 'not for me');
          // The marker (below) recovers on its last delivery.
          if (note.text === 'marker' && ctx.deliveryCount < 3) throw new Error('not yet');
        });
        await bus.publish('noteUnchecked', { id: 'not a number' });
        await bus.publish('note', { id: 1, text: 'refuse' });
        await bus.publish('note', { id: 2, text: 'fine' });

        await waitFor(() => seen.some((note) => note.id === 2), 'the valid event');
        // Published after them, the marker goes through every backoff: a redelivery of event 1
        // would come before its last delivery.
        await bus.publish('note', { id: 3, text: 'marker' });
        await waitFor(() => seen.filter((note) => note.id === 3).length === 3, 'the marker event');
        expect(seen.map((note) => note.id).sort()).toEqual([1, 2, 3, 3, 3]);
        expect(logged('event failed its schema; dropped')).toHaveLength(1);
        expect(logged('event refused as invalid; dropped')).toHaveLength(1);
      });

      it('a batched event reaches every durable once per publish, each with its own ids, whatever the batches', async () => {
        const received: Array<{ id: number; requestId: string; traceId: string; subject: string }> = [];
        const other: number[] = [];
        bus.consume('tally', 'counter', async ({ id }, ctx) => {
          received.push({ id, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject });
        });
        bus.consume('tally', 'other', async ({ id }) => {
          other.push(id);
        });
        // More than one batch holds (max 25), published at once, then a straggler after the window.
        await Promise.all(
          Array.from({ length: 60 }, (_, i) => bus.publish('tally', { id: i + 1, text: 'n' }, { requestId: `req_${i + 1}`, traceId: `trc_${i + 1}` })),
        );
        await sleep(40);
        await bus.publish('tally', { id: 61, text: 'late' }, { requestId: 'req_61', traceId: 'trc_61' });

        await waitFor(() => received.length === 61 && other.length === 61, 'every event');
        await sleep(100);
        const ids = Array.from({ length: 61 }, (_, i) => i + 1);
        expect(received.map((r) => r.id).sort((x, y) => x - y)).toEqual(ids);
        expect(other.sort((x, y) => x - y)).toEqual(ids);
        for (const r of received)
          expect(r).toEqual({ id: r.id, requestId: `req_${r.id}`, traceId: `trc_${r.id}`, subject: `${bus.namespace}.events.contract.tally` });
      });

      it('a batched event that fails is delivered again, the others of its batch not handled twice, those failing their schema dropped alone', async () => {
        const deliveries = new Map<number, number[]>();
        bus.consume('tally', 'retrying', async ({ id }, ctx) => {
          deliveries.set(id, [...(deliveries.get(id) ?? []), ctx.deliveryCount]);
          // Event 2 recovers on its second delivery, the marker (below) on its last.
          if ((id === 2 && ctx.deliveryCount === 1) || (id === 4 && ctx.deliveryCount < 3)) throw new Error('not yet');
        });
        await Promise.all([
          bus.publish('tally', { id: 1, text: 'fine' }),
          bus.publish('tally', { id: 2, text: 'recovers' }),
          bus.publish('tallyUnchecked', { id: 'not a number' }),
          bus.publish('tally', { id: 3, text: 'fine' }),
        ]);
        await waitFor(() => deliveries.get(2)?.length === 2, 'the redelivery');
        // Published after it, the marker goes through every backoff: any other delivery still to
        // come would come before its last.
        await bus.publish('tally', { id: 4, text: 'marker' });
        await waitFor(() => deliveries.get(4)?.length === 3, 'the marker event');
        // Every event was handled until it succeeded, and once it had, not again; the bad one never.
        expect([...deliveries.keys()].sort()).toEqual([1, 2, 3, 4]);
        expect(deliveries.get(2)).toEqual([1, 2]);
        for (const id of [1, 3]) expect(deliveries.get(id)).toEqual([1]);
        expect(logged('event failed its schema; dropped').length).toBeGreaterThanOrEqual(1);
      });

      it('stores what was published before the bus drains: nothing pending in a batch is lost', async () => {
        const published = Array.from({ length: 10 }, (_, i) => bus.publish('tally', { id: i + 1, text: 'last' }));
        await bus.drain();
        await Promise.all(published);
      });

      it('splits events between consumers sharing a durable name; another durable gets them all', async () => {
        const shared: Array<{ id: number; consumer: string }> = [];
        const other: number[] = [];
        for (const consumer of ['one', 'two']) {
          bus.consume('note', 'shared', async ({ id }) => {
            shared.push({ id, consumer });
          });
        }
        bus.consume('note', 'other', async ({ id }) => {
          other.push(id);
        });

        // One at a time until both sharers have had some: each must then have been handled once.
        let published = 0;
        while (published < 10 || new Set(shared.map((entry) => entry.consumer)).size < 2) {
          if (published >= 60) break;
          published += 1;
          await bus.publish('note', { id: published, text: 'split' });
          await waitFor(() => shared.length === published, `event ${published}`);
        }
        await waitFor(() => other.length === published, 'the other durable');
        await sleep(50);

        const ids = Array.from({ length: published }, (_, index) => index + 1);
        expect(shared.map((entry) => entry.id).sort((x, y) => x - y)).toEqual(ids);
        expect(new Set(shared.map((entry) => entry.consumer))).toEqual(new Set(['one', 'two']));
        expect(other.sort((x, y) => x - y)).toEqual(ids);
      });

      it('hands an ordered event to the consumers sharing a durable one at a time, in order; a failed one is retried before any later one', async () => {
        const handled: Array<{ id: number; count: number; consumer: string }> = [];
        let running = 0;
        let peak = 0;
        for (const consumer of ['one', 'two']) {
          bus.consume('entry', 'ledger', async ({ id }, ctx) => {
            running += 1;
            peak = Math.max(peak, running);
            // Uneven handling times: handled side by side, later events would finish first.
            await sleep(id % 3 === 0 ? 15 : 1);
            running -= 1;
            handled.push({ id, count: ctx.deliveryCount, consumer });
            if (id === 4 && ctx.deliveryCount === 1) throw new Error('not yet');
          });
        }
        for (let id = 1; id <= 12; id += 1) await bus.publish('entry', { id });

        await waitFor(() => handled.length === 13, 'every entry and the retry');
        await sleep(100);
        expect(handled.map(({ id, count }) => `${id}#${count}`)).toEqual([
          '1#1',
          '2#1',
          '3#1',
          '4#1',
          '4#2',
          ...Array.from({ length: 8 }, (_, i) => `${i + 5}#1`),
        ]);
        expect(peak).toBe(1);
        expect(new Set(handled.map((entry) => entry.consumer))).toEqual(new Set(['one', 'two']));
      });

      it('keeps events for a durable while it is stopped and hands them over when it comes back', async () => {
        const first: number[] = [];
        const reader = bus.consume('note', 'resumer', async ({ id }) => {
          first.push(id);
        });
        await bus.publish('note', { id: 1, text: 'before' });
        await waitFor(() => first.length === 1, 'the first event');
        await reader.drain();

        await bus.publish('note', { id: 2, text: 'while stopped' });
        const second: number[] = [];
        bus.consume('note', 'resumer', async ({ id }) => {
          second.push(id);
        });
        await waitFor(() => second.length === 1, 'the kept event');
        await sleep(50);
        expect(first).toEqual([1]);
        expect(second).toEqual([2]);
      });
    });

    describe('work queues', () => {
      const worker = (gate: Gate, name: string) => async (payload: { n: number }, ctx: { queuedMs?: number }) => {
        await gate.pass(name, payload.n);
        return { n: payload.n, worker: name, queuedMs: ctx.queuedMs ?? -1 };
      };

      it('a responder runs at most maxInFlight at once; the rest wait in order, counted, and all complete', async () => {
        const gate = new Gate();
        await bus.serve('queued', worker(gate, 'a'), { maxInFlight: 2 }).ready;
        const replies = Array.from({ length: 6 }, (_, n) => bus.request('queued', { n }));
        await waitFor(() => gate.started.length === 2, 'two requests to start');
        await sleep(100);
        expect(gate.started).toEqual([0, 1]);
        const stats = await bus.queueStats('queued');
        // Running counts what was taken from the queue: on NATS, a request taken directly never waited there.
        expect(stats.waiting).toBe(4);
        expect(stats.running).toBeGreaterThanOrEqual(1);
        expect(stats.running).toBeLessThanOrEqual(2);
        expect(stats.oldestWaitingMs).toBeGreaterThanOrEqual(50);

        gate.release();
        const answered = await Promise.all(replies);
        expect(answered.map((reply) => reply.n)).toEqual([0, 1, 2, 3, 4, 5]);
        expect(gate.started).toEqual([0, 1, 2, 3, 4, 5]);
        expect(gate.peak.get('a')).toBe(2);
        expect(answered[5]!.queuedMs).toBeGreaterThanOrEqual(50);
        // A responder acknowledges after its reply has gone: the queue is empty once the last acknowledgements arrive.
        await waitFor(async () => (await bus.queueStats('queued')).running === 0, 'the last acknowledgements');
        expect(await bus.queueStats('queued')).toEqual({ waiting: 0, running: 0, oldestWaitingMs: 0 });
      });

      it('shares the queue between responders, each within its own limit, each request run once', async () => {
        const gate = new Gate();
        await bus.serve('queued', worker(gate, 'one'), { maxInFlight: 1 }).ready;
        await bus.serve('queued', worker(gate, 'two'), { maxInFlight: 2 }).ready;
        const replies = Array.from({ length: 9 }, (_, n) => bus.request('queued', { n }));
        await waitFor(() => gate.started.length === 3, 'three requests to start');
        await sleep(100);
        expect(gate.started).toHaveLength(3);
        gate.release();
        const answered = await Promise.all(replies);
        expect(answered.map((reply) => reply.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
        expect([...gate.started].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
        expect(gate.peak.get('one')).toBe(1);
        expect(gate.peak.get('two')).toBe(2);
        expect(new Set(answered.map((reply) => reply.worker))).toEqual(new Set(['one', 'two']));
      });

      it('refuses nothing while the queue has room; a full queue answers unavailable (queue_full) with Retry-After at once', async () => {
        const small = await factory(logger, { workQueues: { maxMessages: 4 } });
        try {
          const gate = new Gate();
          await small.bus.serve('queued', worker(gate, 'a'), { maxInFlight: 1 }).ready;
          const replies = Array.from({ length: 4 }, (_, n) => small.bus.request('queued', { n }));
          await waitFor(() => gate.started.length === 1, 'the first request to start');
          await sleep(50);
          const started = performance.now();
          const refused = await appErrorFrom(small.bus.request('queued', { n: 4 }));
          expect(performance.now() - started).toBeLessThan(500);
          expect(refused.code).toBe('unavailable');
          expect(refused.details).toEqual({ reason: 'queue_full' });
          expect(refused.retryAfterSeconds).toBeGreaterThan(0);
          gate.release();
          expect((await Promise.all(replies)).map((reply) => reply.n)).toEqual([0, 1, 2, 3]);
          expect(gate.started).toEqual([0, 1, 2, 3]);
        } finally {
          await small.cleanup();
        }
      });

      it('a request no responder takes within its queue timeout fails with queue_timeout and is never run', async () => {
        const gate = new Gate();
        await bus.serve('queued', worker(gate, 'a'), { maxInFlight: 1 }).ready;
        const first = bus.request('queued', { n: 0 });
        await waitFor(() => gate.started.length === 1, 'the first request to start');
        const started = performance.now();
        const error = await appErrorFrom(bus.request('queued', { n: 1 }, { queueTimeoutMs: 300 }));
        const waited = performance.now() - started;
        expect(error.code).toBe('unavailable');
        expect(error.details).toEqual({ reason: 'queue_timeout' });
        expect(waited).toBeGreaterThanOrEqual(280);
        expect(waited).toBeLessThan(1_500);
        gate.release();
        await expect(first).resolves.toMatchObject({ n: 0 });
        await expect(bus.request('queued', { n: 2 })).resolves.toMatchObject({ n: 2 });
        await sleep(100);
        expect(gate.started).toEqual([0, 2]);
      });

      it('keeps a request alive past its queue timeout while its responder works on it', async () => {
        bus.serve(
          'queued',
          async (payload) => {
            await sleep(2_200);
            return { n: payload.n, worker: 'slow', queuedMs: 0 };
          },
          { maxInFlight: 1 },
        );
        await expect(bus.request('queued', { n: 7 }, { queueTimeoutMs: 1_500 })).resolves.toMatchObject({ n: 7, worker: 'slow' });
      });

      it('a draining responder finishes what it runs; what waits goes to the next responder', async () => {
        const firstGate = new Gate();
        const leaving = bus.serve('queued', worker(firstGate, 'leaving'), { maxInFlight: 1 });
        await leaving.ready;
        const replies = Array.from({ length: 3 }, (_, n) => bus.request('queued', { n }));
        await waitFor(() => firstGate.started.length === 1, 'the first request to start');
        const drained = leaving.drain();
        await sleep(50);
        firstGate.release();
        await drained;
        const nextGate = new Gate();
        nextGate.release();
        await bus.serve('queued', worker(nextGate, 'next'), { maxInFlight: 2 }).ready;
        const answered = await Promise.all(replies);
        expect(answered.map((reply) => [reply.n, reply.worker])).toEqual([
          [0, 'leaving'],
          [1, 'next'],
          [2, 'next'],
        ]);
      });
    });

    describe('key-value buckets', () => {
      it('reads nothing from a key never written, and writes by compare-and-set: a stale revision is refused', async () => {
        const kv = await bus.keyValue('contract_kv');
        expect(await kv.get('head')).toEqual({ value: undefined, revision: null });
        expect(await kv.replace('head', 'one', null)).toBe(true);
        const first = await kv.get('head');
        expect(first.value).toBe('one');
        // Someone else's write between a read and a write: the later writer is told, nothing is overwritten.
        expect(await kv.replace('head', 'two', first.revision)).toBe(true);
        expect(await kv.replace('head', 'stale', first.revision)).toBe(false);
        expect(await kv.replace('head', 'again', null)).toBe(false);
        expect((await kv.get('head')).value).toBe('two');
      });

      it('gives the same bucket to every opening, and keeps buckets apart by name', async () => {
        const one = await bus.keyValue('contract_kv');
        const again = await bus.keyValue('contract_kv');
        const other = await bus.keyValue('contract_other');
        expect(await one.replace('head', 'one', null)).toBe(true);
        expect(await again.get('head')).toMatchObject({ value: 'one' });
        expect(await other.get('head')).toEqual({ value: undefined, revision: null });
      });
    });

    it('drain waits for in-flight request and event handlers to finish', async () => {
      const finished = { request: false, event: false };
      const started = { request: false, event: false };
      bus.serve('echo', async (payload, ctx) => {
        started.request = true;
        await sleep(150);
        finished.request = true;
        return { text: payload.text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject };
      });
      bus.consume('note', 'drainer', async () => {
        started.event = true;
        await sleep(150);
        finished.event = true;
      });
      const reply = bus.request('echo', { text: 'in flight' });
      await bus.publish('note', { id: 1, text: 'in flight' });
      await waitFor(() => started.request && started.event, 'both handlers to start');

      await bus.drain();
      expect(finished).toEqual({ request: true, event: true });
      await expect(reply).resolves.toMatchObject({ text: 'in flight' });
    });
  });
}
