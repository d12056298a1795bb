import { delimiter } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { findExecutable, type NatsCluster, startNatsCluster } from '@parley/testing';
import { describe, expect, it } from 'vitest';
import { expectNothingLost, faultUnderLoad, useFaultPlatform } from './engine-load.js';

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
  let cluster: NatsCluster;
  const suite = useFaultPlatform('nats-cluster-fault', async () => {
    cluster = await startNatsCluster(binary as string);
    return { vars: { NATS_URL: cluster.url, NATS_REPLICAS: '3' }, stop: () => cluster.close() };
  });

  /** The node that leads the namespace's event stream now, and the stream's replica count. */
  async function eventStream(): Promise<{ leader: string; replicas: number }> {
    const nc = await connect({ servers: cluster.url.split(',') });
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.streams.info(`${suite.ctx.namespace}_events`.replace(/[^A-Za-z0-9_-]/g, '_'));
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

    const run = await faultUnderLoad(
      suite.platform,
      suite.engines,
      () => victim!.kill(),
      // The node comes back and catches up; the stream has another leader meanwhile.
      () => victim!.start(),
    );
    expectNothingLost('NATS node lost under load', run, { recoveryBoundMs: RECOVERY_BOUND_MS });
    expect((await eventStream()).replicas).toBe(3);
  }, 300_000);
});
