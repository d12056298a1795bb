import { randomBytes } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createLogger } from '@parley/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { contractCatalog, runBusContract, stallingWorker } from '../contract/suite.js';
import { createNatsBus } from './bus.js';
import { deleteNamespaceStreams, eventStreamName } from './events.js';
import { queueAtRest } from './queue-at-rest.test-kit.js';
import { workQueueStreamName } from './work-queue.js';

const servers = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const newNamespace = () => `t_${randomBytes(6).toString('hex')}`;

runBusContract('nats', async (logger, options) => {
  const namespace = newNamespace();
  const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, name: 'bus-contract', ...options });
  return {
    bus,
    cleanup: async () => {
      await bus.drain();
      await deleteNamespaceStreams(servers, namespace);
    },
  };
});

describe('nats bus: connecting', () => {
  const logger = createLogger({ service: 'bus-test', level: 'silent' });
  let listening: Server | undefined;
  // The client leaves its socket open after a handshake timeout; the server side ends it.
  const sockets = new Set<Socket>();

  afterEach(async () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await new Promise((resolve) => (listening ? listening.close(resolve) : resolve(undefined)));
    listening = undefined;
  });

  /** A TCP server on a free loopback port that accepts connections and never says a word. */
  const listenSilently = async () => {
    listening = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => listening?.listen(0, '127.0.0.1', resolve));
    const address = listening.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  };

  it('rejects at once, naming the server, when nothing listens there', async () => {
    const port = await listenSilently();
    await new Promise((resolve) => listening?.close(resolve));
    listening = undefined;
    const url = `nats://127.0.0.1:${port}`;

    const started = performance.now();
    await expect(createNatsBus({ catalog: contractCatalog, servers: url, namespace: newNamespace(), logger })).rejects.toThrow(
      `could not connect to NATS at ${url}`,
    );
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('rejects within connectTimeoutMs when the server accepts but never speaks', async () => {
    const port = await listenSilently();
    const url = `nats://127.0.0.1:${port}`;

    const started = performance.now();
    await expect(createNatsBus({ catalog: contractCatalog, servers: url, namespace: newNamespace(), logger, connectTimeoutMs: 200 })).rejects.toThrow(
      `could not connect to NATS at ${url}`,
    );
    expect(performance.now() - started).toBeLessThan(700);
  });

  it("keeps the namespace's events in one stream, which deleteNamespaceStreams removes", async () => {
    const namespace = newNamespace();
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger });
    await bus.publish('note', { id: 1, text: 'stored' });
    await bus.drain();

    const nc = await connect({ servers });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(eventStreamName(namespace));
      expect(info.config.subjects).toEqual([`${namespace}.events.>`]);
      expect(info.state.messages).toBe(1);

      await deleteNamespaceStreams(servers, namespace);
      await expect(jsm.streams.info(eventStreamName(namespace))).rejects.toThrow(/stream not found/);
    } finally {
      await nc.close();
    }
  });

  it('keeps a work queue in memory by default, in a file when told, and leaves an existing queue its storage', async () => {
    const namespace = newNamespace();
    const nc = await connect({ servers });
    const jsm = await jetstreamManager(nc);
    const serveQueue = async (storage: 'memory' | 'file' | undefined) => {
      const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, ...(storage ? { workQueues: { storage } } : {}) });
      await bus.serve('queued', async ({ n }) => ({ n, worker: 'w', queuedMs: 0 }), { maxInFlight: 1 }).ready;
      await expect(bus.request('queued', { n: 1 })).resolves.toMatchObject({ n: 1 });
      await bus.drain();
      return (await jsm.streams.info(workQueueStreamName(namespace, 'queued'))).config.storage;
    };
    try {
      expect(await serveQueue(undefined)).toBe(StorageType.Memory);
      // JetStream cannot change a stream's storage: the queue stays as it was (and a warning says so).
      expect(await serveQueue('file')).toBe(StorageType.Memory);
      await deleteNamespaceStreams(servers, namespace);
      expect(await serveQueue('file')).toBe(StorageType.File);
    } finally {
      await deleteNamespaceStreams(servers, namespace);
      await nc.close();
    }
  });

  it('runs a request once when its delivery comes back to the responder still running it (stalled past the ack wait)', async () => {
    const namespace = newNamespace();
    // A one-second ack wait, and a responder whose event loop is stuck for longer: no beat can go
    // out, so JetStream delivers the request again – to the same responder's free slot.
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, workQueues: { ackWaitMs: 1_000 } });
    const stalled = stallingWorker();
    try {
      await bus.serve('queued', stalled.handler, { maxInFlight: 2 }).ready;
      await expect(bus.request('queued', { n: 1 })).resolves.toMatchObject({ n: 1, worker: 'stalled' });
      // Every delivery of it acknowledged, none left to come: a redelivery during the stall was recognised, not run.
      await queueAtRest(servers, namespace);
      expect(stalled.runs()).toBe(1);
      expect(await bus.queueStats('queued')).toEqual({ waiting: 0, running: 0, oldestWaitingMs: 0 });
      // The responder goes on taking requests with both its slots.
      await expect(Promise.all([bus.request('queued', { n: 2 }), bus.request('queued', { n: 3 })])).resolves.toHaveLength(2);
      expect(stalled.runs()).toBe(3);
    } finally {
      await bus.drain();
      await deleteNamespaceStreams(servers, namespace);
    }
  }, 20_000);

  it('refuses what JetStream does not store: a queued request with no queue yet (no_responders), an event with no stream', async () => {
    const namespace = newNamespace();
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger });
    try {
      // No responder ever started: no stream takes the queue's subject.
      const started = performance.now();
      const queued = await bus.request('queued', { n: 1 }).catch((error: unknown) => error);
      expect(queued).toMatchObject({ code: 'unavailable', details: { reason: 'no_responders' } });
      expect((queued as Error).message).toContain('contract.queued');
      expect(performance.now() - started).toBeLessThan(2_000);
      // The event stream gone (an operator deleted it): the publisher hears so.
      await deleteNamespaceStreams(servers, namespace);
      await expect(bus.publish('note', { id: 1, text: 'lost?' })).rejects.toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('could not store the event'),
      });
    } finally {
      await bus.drain();
      await deleteNamespaceStreams(servers, namespace);
    }
  });
});

describe('nats bus: batched events', () => {
  const logger = createLogger({ service: 'bus-test', level: 'silent' });

  it('stores the events published within a window as one message of the stream, up to the batch size', async () => {
    const namespace = newNamespace();
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, name: 'bus-batches' });
    const nc = await connect({ servers });
    try {
      // 60 at once: batches of at most 25 (the catalog's max), so 3 stored messages, not 60.
      await Promise.all(Array.from({ length: 60 }, (_, i) => bus.publish('tally', { id: i, text: 'n' })));
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(eventStreamName(namespace), { subjects_filter: `${namespace}.events.contract.tally` });
      expect(info.state.messages).toBe(3);
      // An event that is not batched is a message of its own, as before.
      await bus.publish('note', { id: 1, text: 'alone' });
      expect((await jsm.streams.info(eventStreamName(namespace))).state.messages).toBe(4);
    } finally {
      await nc.close();
      await bus.drain();
      await deleteNamespaceStreams(servers, namespace);
    }
  });

  it('sends alike events of a tallied subject as one with their count, each publish settled with its batch', async () => {
    const namespace = newNamespace();
    const bus = await createNatsBus({ catalog: contractCatalog, servers, namespace, logger, name: 'bus-tally' });
    const received: { id: number; kind: string; count?: number | undefined }[] = [];
    try {
      const consumer = bus.consume('counted', 'tally-test', async (event) => {
        received.push(event);
      });
      // 30 at once: 20 of one kind, 10 of another, each batch holding one event of each kind.
      const published = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => bus.publish('counted', { id: i, kind: i % 3 === 2 ? 'b' : 'a' })));
      expect(published.every((result) => result.status === 'fulfilled')).toBe(true);
      await vi.waitFor(() => expect(received.reduce((sum, event) => sum + (event.count ?? 1), 0)).toBe(30), { timeout: 10_000 });
      // The first of each kind stands for the rest: two events, not thirty.
      expect(received.sort((x, y) => x.id - y.id)).toEqual([
        { id: 0, kind: 'a', count: 20 },
        { id: 2, kind: 'b', count: 10 },
      ]);
      // Published later, after that batch went out: an event of its own, with no count.
      await bus.publish('counted', { id: 30, kind: 'a' });
      await vi.waitFor(() => expect(received).toHaveLength(3), { timeout: 10_000 });
      expect(received[2]).toEqual({ id: 30, kind: 'a' });
      await consumer.drain();
    } finally {
      await bus.drain();
      await deleteNamespaceStreams(servers, namespace);
    }
  });
});
