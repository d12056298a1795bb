import { randomBytes } from 'node:crypto';
import { delimiter } from 'node:path';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createLogger } from '@parley/logger';
import { findExecutable, type NatsCluster, type NatsClusterNode, startNatsCluster, waitFor } from '@parley/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { contractCatalog } from '../src/contract/suite.js';
import { createNatsBus } from '../src/nats/bus.js';
import { durableConsumerName, eventStreamName, toJetStreamName } from '../src/nats/events.js';
import { keyValueBucketName } from '../src/nats/key-value.js';
import { workQueueStreamName } from '../src/nats/work-queue.js';
import type { Bus, KeyValueBucket } from '../src/types.js';

/**
 * The bus on a NATS cluster of three servers (docs/deployment.md, "NATS as a cluster"): its
 * streams and buckets kept in three copies, and its callers, responders and consumers riding the
 * loss of the server they are connected to. The cluster is this file's own (three nats-server
 * processes), so the e2e tier runs it (vitest.config.ts).
 */

// Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
const binary = await findExecutable('nats-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/local/bin'].join(delimiter));
const logger = createLogger({ service: 'bus-test', level: 'silent' });

type ContractBus = Bus<typeof contractCatalog>;

/** What the load sends: core request/reply, work-queue requests, event publishes and key-value writes. */
const kinds = ['echo', 'queued', 'publish', 'kv'] as const;
type Kind = (typeof kinds)[number];

/** Each kind's own timeout (the catalog's, a queued request's patience, JetStream's store wait), and 5 s of slack: past it, an operation hangs. */
const HANG_BOUND_MS: Record<Kind, number> = { echo: 2_000 + 5_000, queued: 20_000 + 5_000, publish: 5_000 + 5_000, kv: 5_000 + 5_000 };

interface Outcome {
  kind: Kind;
  id: number;
  startedAt: number;
  endedAt: number;
  result: 'ok' | 'failed' | 'hung';
}

/** How often the load starts an operation of each kind, whether or not the ones before have settled. */
const LOAD_INTERVAL_MS = 50;

/**
 * A steady load from one caller: every LOAD_INTERVAL_MS an operation of each kind, with a unique
 * id, recorded as answered, refused or hung (not settled within its HANG_BOUND_MS). Operations do
 * not wait for each other, so one caught by the loss does not delay the next.
 */
function startLoad(caller: ContractBus, kv: KeyValueBucket) {
  const outcomes: Outcome[] = [];
  const operations: Record<Kind, (id: number) => Promise<unknown>> = {
    echo: (id) => caller.request('echo', { text: `e${id}` }),
    queued: (id) => caller.request('queued', { n: id }, { timeoutMs: 20_000, queueTimeoutMs: 20_000 }),
    publish: (id) => caller.publish('note', { id, text: `n${id}` }),
    kv: async (id) => {
      if (!(await kv.replace(`k${id}`, String(id), null))) throw new Error(`k${id} was written already`);
    },
  };
  const inFlight = new Set<Promise<void>>();
  const run = async (kind: Kind, id: number) => {
    const startedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'hung'>((resolve) => {
      timer = setTimeout(() => resolve('hung'), HANG_BOUND_MS[kind]);
    });
    const settled = operations[kind](id).then(
      () => 'ok' as const,
      () => 'failed' as const,
    );
    const result = await Promise.race([settled, bound]);
    clearTimeout(timer);
    outcomes.push({ kind, id, startedAt, endedAt: Date.now(), result });
  };
  let next = 1;
  const ticks = setInterval(() => {
    const id = next++;
    for (const kind of kinds) {
      const running = run(kind, id);
      inFlight.add(running);
      void running.finally(() => inFlight.delete(running));
    }
  }, LOAD_INTERVAL_MS);
  const answeredSince = (kind: Kind, since: number) =>
    outcomes.filter((outcome) => outcome.kind === kind && outcome.result === 'ok' && outcome.startedAt >= since);
  return {
    /** Every operation settled so far. */
    outcomes: outcomes as readonly Outcome[],
    /** The first operation of the kind started at `since` or later to be answered. */
    firstAnswered: (kind: Kind, since: number) =>
      answeredSince(kind, since).reduce<Outcome | undefined>((first, outcome) => (first && first.endedAt <= outcome.endedAt ? first : outcome), undefined),
    /** Until each kind has `count` operations answered that started at `since` or later. */
    untilEach: (count: number, since: number, timeoutMs = 10_000) =>
      waitFor(() => kinds.every((kind) => answeredSince(kind, since).length >= count), { timeoutMs, intervalMs: 20 }),
    /** Stops sending, and resolves with every outcome once the last operations settled. */
    stop: async () => {
      clearInterval(ticks);
      await Promise.all(inFlight);
      return outcomes;
    },
  };
}

describe.skipIf(binary === null)('nats bus on a three-node NATS cluster', () => {
  let cluster: NatsCluster;
  let admin: NatsConnection;
  let jsm: JetStreamManager;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    cluster = await startNatsCluster(binary as string, { nodes: 3 });
    admin = await connect({ servers: cluster.url.split(','), name: 'cluster-test-admin', maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    jsm = await jetstreamManager(admin);
  }, 60_000);

  afterAll(async () => {
    await admin?.close();
    await cluster?.close();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    cleanups.length = 0;
  });

  const newNamespace = () => `t_${randomBytes(6).toString('hex')}`;

  async function startBus(namespace: string, name: string, replicas: number): Promise<ContractBus> {
    const bus = await createNatsBus({
      catalog: contractCatalog,
      servers: cluster.url,
      namespace,
      logger,
      name,
      replicas,
      // A request or event a lost server held is offered again after 2 s rather than the defaults' 10 s and 30 s.
      workQueues: { ackWaitMs: 2_000 },
      eventAckWaitMs: 2_000,
    });
    cleanups.push(() => bus.drain());
    return bus;
  }

  /** The three streams a bus keeps for a namespace: its events, the `queued` work queue, the `checkpoints` bucket. */
  const streamsOf = (namespace: string) => ({
    events: eventStreamName(namespace),
    queue: workQueueStreamName(namespace, 'queued'),
    kv: `KV_${keyValueBucketName(namespace, 'checkpoints')}`,
  });

  const replicasOf = async (streams: Record<string, string>) =>
    Object.fromEntries(await Promise.all(Object.entries(streams).map(async ([what, name]) => [what, (await jsm.streams.info(name)).config.num_replicas])));

  it('keeps the events stream, a work queue and a key-value bucket in three copies, and brings those a bus made with one to three', async () => {
    const namespace = newNamespace();
    const streams = streamsOf(namespace);

    const single = await startBus(namespace, 'single', 1);
    await single.serve('queued', async ({ n }) => ({ n, worker: 'single', queuedMs: 0 })).ready;
    await single.keyValue('checkpoints');
    expect(await replicasOf(streams)).toEqual({ events: 1, queue: 1, kv: 1 });
    await single.drain();

    const triple = await startBus(namespace, 'triple', 3);
    await triple.serve('queued', async ({ n }) => ({ n, worker: 'triple', queuedMs: 0 })).ready;
    const kv = await triple.keyValue('checkpoints');
    expect(await replicasOf(streams)).toEqual({ events: 3, queue: 3, kv: 3 });
    // And every copy is placed on its own server, each current.
    for (const name of Object.values(streams))
      await waitFor(async () => expect(peersOf(await jsm.streams.info(name))).toEqual(wholeCluster()), { timeoutMs: 15_000 });
    // The work queue's consumer follows its stream.
    await waitFor(
      async () => expect((await jsm.consumers.info(streams.queue, toJetStreamName(contractCatalog.rpc.queued.queue))).cluster?.replicas?.length).toBe(2),
      { timeoutMs: 15_000 },
    );

    // And the bus works on them: a scaled stream elects its leader anew (within a second on an idle
    // machine; the bound allows for a busy one), refusing writes meanwhile.
    await waitFor(() => triple.request('queued', { n: 1 }).then((reply) => expect(reply).toMatchObject({ n: 1, worker: 'triple' })), { timeoutMs: 20_000 });
    await waitFor(() => kv.replace('k', 'v', null).then(() => undefined), { timeoutMs: 20_000 });
    expect((await kv.get('k')).value).toBe('v');
  }, 60_000);

  it('rides the loss of the server its caller is on, which leads the streams: every request answered, no acknowledged event lost or doubled, served again within 30 s', async () => {
    const namespace = newNamespace();
    const streams = streamsOf(namespace);
    const durable = 'cluster-test';
    const service = await startBus(namespace, 'cluster-service', 3);
    const caller = await startBus(namespace, 'cluster-caller', 3);

    service.serve('echo', async (payload, ctx) => ({ text: payload.text, requestId: ctx.requestId, traceId: ctx.traceId, subject: ctx.subject }));
    const runs = new Map<number, number>();
    await service.serve('queued', async ({ n }) => {
      runs.set(n, (runs.get(n) ?? 0) + 1);
      return { n, worker: 'service', queuedMs: 0 };
    }).ready;
    /** Every time the durable consumer's handler ran, with the delivery JetStream said it was. */
    const handled: Array<{ id: number; deliveryCount: number; at: number }> = [];
    service.consume('note', durable, async ({ id }, ctx) => {
      handled.push({ id, deliveryCount: ctx.deliveryCount, at: Date.now() });
    });
    const kv = await caller.keyValue('checkpoints');
    const consumer = durableConsumerName(durable, 'note');
    await waitFor(async () => expect(peersOf(await jsm.consumers.info(streams.events, consumer))).toEqual(wholeCluster()), { timeoutMs: 15_000 });

    // The worst of one server's loss: the one the caller is on, leading the three streams.
    const doomed = await nodeHolding('cluster-caller');
    for (const stream of Object.values(streams)) await leadOn(stream, doomed);

    const load = startLoad(caller, kv);
    cleanups.push(() => load.stop());
    await load.untilEach(5, 0);
    const killedAt = Date.now();
    await doomed.kill();
    // Served again: an operation of each kind started after the kill answered, and an event
    // published after it handled, within 30 s of it.
    await load.untilEach(1, killedAt, 45_000);
    const recoveryMs: Record<string, number> = {};
    for (const kind of kinds) recoveryMs[kind] = (load.firstAnswered(kind, killedAt)?.endedAt ?? Number.NaN) - killedAt;
    const consumedAgain = await waitFor(
      () => {
        const publishedSince = new Set(load.outcomes.filter((o) => o.kind === 'publish' && o.result === 'ok' && o.startedAt >= killedAt).map((o) => o.id));
        return handled.find((event) => publishedSince.has(event.id)) ?? false;
      },
      { timeoutMs: 45_000, intervalMs: 20 },
    );
    recoveryMs.consume = consumedAgain.at - killedAt;
    for (const [what, ms] of Object.entries(recoveryMs)) expect(ms, what).toBeLessThan(30_000);

    // Back on the same ports and store: it catches up, and the cluster is whole again.
    await doomed.start();
    const startedAt = Date.now();
    const whole = async () => {
      for (const stream of Object.values(streams)) expect(peersOf(await jsm.streams.info(stream))).toEqual(wholeCluster());
      expect(peersOf(await jsm.consumers.info(streams.events, consumer))).toEqual(wholeCluster());
    };
    await waitFor(whole, { timeoutMs: 30_000, intervalMs: 250 });
    const wholeMs = Date.now() - startedAt;
    await load.untilEach(5, Date.now(), 30_000);
    const outcomes = await load.stop();

    // Every request answered, one way or the other, within its own timeout (and 5 s of slack).
    const hung = outcomes.filter((outcome) => outcome.result === 'hung');
    // Refused only while the cluster was electing leaders, never once each kind was served again.
    const failed = outcomes.filter((outcome) => outcome.result === 'failed');
    const failedAfterRecovery = failed.filter((outcome) => outcome.startedAt >= killedAt + (recoveryMs[outcome.kind] ?? 0));

    // Every event whose publish was acknowledged is handled, and none twice but as a redelivery.
    const published = outcomes.filter((outcome) => outcome.kind === 'publish' && outcome.result === 'ok').map((outcome) => outcome.id);
    const handledIds = () => new Set(handled.map((event) => event.id));
    await waitFor(() => published.every((id) => handledIds().has(id)), { timeoutMs: 20_000 }).catch(() => {});
    const lostEvents = published.filter((id) => !handledIds().has(id));
    const firstDeliveries = new Map<number, number>();
    for (const event of handled) if (event.deliveryCount === 1) firstDeliveries.set(event.id, (firstDeliveries.get(event.id) ?? 0) + 1);
    const doubledEvents = [...firstDeliveries].filter(([, count]) => count > 1).map(([id]) => id);

    // Every acknowledged key-value write reads back.
    const written = outcomes.filter((outcome) => outcome.kind === 'kv' && outcome.result === 'ok').map((outcome) => outcome.id);
    const lostWrites: number[] = [];
    for (const id of written) if ((await kv.get(`k${id}`)).value !== String(id)) lostWrites.push(id);

    // Every answered work-queue request ran (a run caught by the loss may have run twice: at least once).
    const answeredQueued = outcomes.filter((outcome) => outcome.kind === 'queued' && outcome.result === 'ok').map((outcome) => outcome.id);
    const unrun = answeredQueued.filter((n) => (runs.get(n) ?? 0) === 0);

    console.info(
      `cluster failover: ${outcomes.length} operations, ${failed.length} refused during the election; served again after ${JSON.stringify(recoveryMs)} ms; ` +
        `whole again ${wholeMs} ms after the restart; ${handled.filter((event) => event.deliveryCount > 1).length} events redelivered, ` +
        `${[...runs.values()].filter((count) => count > 1).length} queued requests run twice`,
    );
    expect({
      hung: hung.length,
      failedAfterRecovery: failedAfterRecovery.length,
      lostEvents: lostEvents.length,
      doubledEvents: doubledEvents.length,
      lostWrites: lostWrites.length,
      unrun: unrun.length,
    }).toEqual({ hung: 0, failedAfterRecovery: 0, lostEvents: 0, doubledEvents: 0, lostWrites: 0, unrun: 0 });
    // The load was real: each kind kept being served before, during and after.
    for (const kind of kinds) expect(outcomes.filter((outcome) => outcome.kind === kind && outcome.result === 'ok').length, kind).toBeGreaterThan(10);
  }, 150_000);

  /** The node a bus (by its connection name) is connected to, from the nodes' monitoring. */
  async function nodeHolding(connectionName: string): Promise<NatsClusterNode> {
    for (const node of cluster.nodes) {
      const connz = (await (await fetch(`${node.monitorUrl}/connz`)).json()) as { connections?: Array<{ name?: string }> };
      if (connz.connections?.some((connection) => connection.name === connectionName)) return node;
    }
    throw new Error(`no node holds ${connectionName}`);
  }

  /**
   * Asks the stream's leader to step down until the node leads it: each step down hands the lead
   * to another current replica, so the next waits until every replica is current again.
   */
  async function leadOn(stream: string, node: NatsClusterNode): Promise<void> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const info = await waitFor(
        async () => {
          const info = await jsm.streams.info(stream);
          expect(peersOf(info)).toEqual(wholeCluster());
          return info;
        },
        { timeoutMs: 10_000, intervalMs: 50 },
      );
      const leader = info.cluster?.leader;
      if (leader === node.name) return;
      await admin.request(`$JS.API.STREAM.LEADER.STEPDOWN.${stream}`, undefined, { timeout: 5_000 });
      await waitFor(
        async () => {
          const now = (await jsm.streams.info(stream)).cluster?.leader;
          return now !== undefined && now !== leader;
        },
        { timeoutMs: 10_000, intervalMs: 50 },
      );
    }
    throw new Error(`${node.name} did not come to lead ${stream}`);
  }

  /** Which servers hold a stream, and whether each is current: `{ n1: true, … }`. */
  function peersOf(info: { cluster?: { leader?: string; replicas?: Array<{ name: string; current: boolean; offline?: boolean }> } }) {
    const peers: Record<string, boolean> = {};
    if (info.cluster?.leader) peers[info.cluster.leader] = true;
    for (const replica of info.cluster?.replicas ?? []) peers[replica.name] = replica.current && replica.offline !== true;
    return peers;
  }

  const wholeCluster = () => Object.fromEntries(cluster.nodes.map((node) => [node.name, true]));
});
