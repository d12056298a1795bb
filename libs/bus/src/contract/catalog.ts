import { z } from 'zod';

/**
 * The catalog the bus contract tests run on (suite.ts), apart from the suite so that a
 * responder process started by a test can serve it without loading the test runner.
 */

const echoReply = z.object({ text: z.string(), requestId: z.string(), traceId: z.string(), subject: z.string() });
const retry = { maxDeliver: 3, backoffMs: [30, 60] };
/** An event alike ones of which (the same kind) are sent as one with their count (EventSpec.tally). */
const counted = z.object({ id: z.number().int(), kind: z.string(), count: z.number().int().min(2).optional() });
type Counted = z.infer<typeof counted>;

export const contractCatalog = {
  rpc: {
    echo: { subject: 'contract.echo', request: z.object({ text: z.string().min(1) }), response: echoReply, timeoutMs: 2_000, queue: 'contract' },
    // The same subject with nothing checked at the caller: how a test reaches the responder's own check.
    echoUnchecked: { subject: 'contract.echo', request: z.unknown(), response: echoReply, timeoutMs: 2_000, queue: 'contract' },
    work: {
      subject: 'contract.work',
      request: z.object({ n: z.number().int() }),
      response: z.object({ n: z.number().int(), worker: z.string() }),
      timeoutMs: 2_000,
      queue: 'contract',
    },
    // Responders that name themselves: a caller may offer a later request to the one that answered (RpcSpec.namedResponders).
    named: {
      subject: 'contract.named',
      request: z.object({ n: z.number().int(), fail: z.boolean().optional() }),
      response: z.object({ n: z.number().int(), worker: z.string(), responder: z.string().optional() }),
      timeoutMs: 2_000,
      queue: 'contract',
      namedResponders: true,
    },
    fail: {
      subject: 'contract.fail',
      request: z.object({ kind: z.enum(['app', 'bug', 'dependency', 'reference']) }),
      response: z.object({}),
      timeoutMs: 2_000,
      queue: 'contract',
    },
    slow: {
      subject: 'contract.slow',
      request: z.object({ ms: z.number().int(), beatEveryMs: z.number().int().optional() }),
      response: z.object({ sleptMs: z.number() }),
      timeoutMs: 5_000,
      idleTimeoutMs: 300,
      queue: 'contract',
    },
    nobody: { subject: 'contract.nobody', request: z.object({}), response: z.object({}), timeoutMs: 5_000, queue: 'contract' },
    queued: {
      subject: 'contract.queued',
      request: z.object({ n: z.number().int() }),
      response: z.object({ n: z.number().int(), worker: z.string(), queuedMs: z.number() }),
      timeoutMs: 10_000,
      queue: 'contract-workers',
      workQueue: { maxDeliver: 3 },
    },
  },
  events: {
    note: { subject: 'events.contract.note', payload: z.object({ id: z.number().int(), text: z.string() }), retry },
    noteUnchecked: { subject: 'events.contract.note', payload: z.unknown(), retry },
    entry: { subject: 'events.contract.entry', payload: z.object({ id: z.number().int() }), retry, ordered: true },
    tally: { subject: 'events.contract.tally', payload: z.object({ id: z.number().int(), text: z.string() }), retry, batch: { windowMs: 20, max: 25 } },
    tallyUnchecked: { subject: 'events.contract.tally', payload: z.unknown(), retry, batch: { windowMs: 20, max: 25 } },
    counted: {
      subject: 'events.contract.counted',
      payload: counted,
      retry,
      batch: { windowMs: 20, max: 25 },
      tally: { key: (event: Counted) => event.kind, merge: (into: Counted, next: Counted) => ({ ...into, count: (into.count ?? 1) + (next.count ?? 1) }) },
    },
  },
  broadcasts: {
    ping: { subject: 'broadcast.contract.ping', payload: z.object({ n: z.number().int() }) },
  },
};

export type ContractCatalog = typeof contractCatalog;
