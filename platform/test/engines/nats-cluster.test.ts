import { delimiter } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { createTestContext, findExecutable, type NatsCluster, startNatsCluster, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineEnv, type FaultPlatform, servedAgain, startFaultPlatform, startLoad, verifyLoad } from './engine-load.js';

// Debian installs nats-server in /usr/sbin, which is not on every user's PATH.
const binary = await findExecutable('nats-server', [process.env.PATH ?? '', '/usr/sbin', '/usr/local/bin'].join(delimiter));

/** Served again within this after the node is lost (docs/deployment.md "The engines' own failures"). */
const RECOVERY_BOUND_MS = 30_000;

/**
 * A node of a three-node NATS cluster lost under load, with streams and buckets kept in three
 * replicas (NATS_REPLICAS=3): the node that leads the event stream is killed, so JetStream elects
 * new leaders while turns run and their events are stored. Clients reconnect to the other nodes;
 * a turn's events the stream did not take meanwhile are kept with its commit and relayed
 * (docs/architecture.md "Events kept with their commit"), so analytics and webhooks miss none.
 */
describe.skipIf(binary === null)('a NATS cluster node lost under load', () => {
  let ctx: TestContext;
  let cluster: NatsCluster;
  let engines: EngineEnv;
  let platform: FaultPlatform;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'nats-cluster-fault' });
    cluster = await startNatsCluster(binary as string);
    engines = {
      vars: { NATS_URL: cluster.url, NATS_REPLICAS: '3', REDIS_URL: ctx.redisUrl, DATABASE_URL: ctx.databaseUrl },
      databaseUrl: ctx.databaseUrl,
      namespace: ctx.namespace,
    };
    platform = await startFaultPlatform(engines);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await cluster?.close();
    await ctx?.cleanup();
  });

  /** The node that leads the namespace's event stream now, and the stream's replica count. */
  async function eventStream(): Promise<{ leader: string; replicas: number }> {
    const nc = await connect({ servers: cluster.url.split(',') });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(`${ctx.namespace}_events`.replace(/[^A-Za-z0-9_-]/g, '_'));
      return { leader: info.cluster?.leader ?? '', replicas: info.config.num_replicas };
    } finally {
      await nc.close();
    }
  }

  it('serves again within 30 s, and loses, doubles and hangs nothing; analytics and webhooks miss no acknowledged turn', async () => {
    const stream = await eventStream();
    expect(stream.replicas).toBe(3);
    const victim = cluster.nodes.find((node) => node.name === stream.leader);
    expect(victim, `the event stream's leader ${stream.leader} is a node of the cluster`).toBeDefined();

    const load = startLoad(platform, { apiClients: 6, visitors: 4 });
    let lostAt = 0;
    let recovery = Number.POSITIVE_INFINITY;
    try {
      await servedAgain(load.record, 0, 30);
      lostAt = Date.now();
      await victim!.kill();
      recovery = await servedAgain(load.record, lostAt, 1, RECOVERY_BOUND_MS + 10_000);
      await servedAgain(load.record, Date.now(), 40);
      // The node comes back and catches up; the stream has another leader meanwhile.
      await victim!.start();
      await servedAgain(load.record, Date.now(), 20);
    } finally {
      await load.stop();
    }
    const verdict = await verifyLoad(platform, engines, load.record);
    console.info(
      `NATS node lost under load: ${verdict.requests} requests, ${verdict.turns} turns kept, served again ${recovery} ms after the node was killed; ` +
        `${load.record.answers.filter((a) => a.status === 503).length} answered 503; lost ${verdict.lost.length}, doubled ${verdict.doubled.length}, hung ${verdict.hung.length}, 500 ${verdict.serverErrors.length}, uncounted ${verdict.uncounted}, unannounced ${verdict.unannounced.length}`,
    );
    expect(recovery).toBeLessThan(RECOVERY_BOUND_MS);
    expect(verdict.unanswered).toEqual([]);
    expect(verdict.lost).toEqual([]);
    expect(verdict.doubled).toEqual([]);
    expect(verdict.hung).toEqual([]);
    expect(verdict.serverErrors).toEqual([]);
    expect(verdict.uncounted).toBe(0);
    expect(verdict.unannounced).toEqual([]);
    expect((await eventStream()).replicas).toBe(3);
  }, 300_000);
});
