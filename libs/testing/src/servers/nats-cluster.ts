import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { type HeldPort, holdPort } from '../free-port.js';
import { killed, launch } from './spawn-server.js';

/** One nats-server of a test cluster. */
export interface NatsClusterNode {
  /** Its server name (`n1`, `n2`, …): how JetStream names a stream's leader and replicas. */
  readonly name: string;
  /** This node alone. */
  readonly url: string;
  /** Its monitoring endpoint (`/connz`, `/jsz`, `/routez`): which clients it holds, what it stores. */
  readonly monitorUrl: string;
  /** Kills it with SIGKILL, as in a crash (or a lost machine). */
  kill(): Promise<void>;
  /** Starts it again on the same ports and store; resolves once it is ready and relays JetStream requests again. */
  start(): Promise<void>;
}

/** A NATS cluster with JetStream on loopback, each node with its own ports and store. */
export interface NatsCluster {
  /** Every node's URL, comma-separated: what NATS_URL holds for a cluster. */
  readonly url: string;
  readonly nodes: readonly NatsClusterNode[];
  /** Kills every node and removes their stores. */
  close(): Promise<void>;
}

export interface NatsClusterOptions {
  /** How many servers (default 3: the smallest cluster that outlives the loss of one). */
  nodes?: number;
  /** How long a node, and then JetStream's meta leader, may take to be ready (default 30 s). */
  timeoutMs?: number;
}

/**
 * Starts `nodes` nats-server processes with JetStream, routed to each other as one cluster, and
 * resolves once every node is ready and JetStream answers through each (a meta leader is elected).
 * Multi-process fault tests kill a node and start it again through `nodes`.
 */
export async function startNatsCluster(binary: string, options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const count = options.nodes ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const clusterName = `parley-test-${randomBytes(4).toString('hex')}`;
  const root = await mkdtemp(join(tmpdir(), 'parley-test-nats-cluster-'));
  // Every port is known before the first node starts (each names the others' routes) and held
  // until its own node listens on it, so nothing else takes it meanwhile.
  const held: Array<{ client: HeldPort; route: HeldPort; monitor: HeldPort }> = [];
  const children: Array<ChildProcess | undefined> = [];
  const stopAll = async () => {
    await Promise.all(children.map((child) => (child ? killed(child) : undefined)));
    await Promise.all(held.flatMap((ports) => [ports.client, ports.route, ports.monitor]).map((port) => port.release().catch(() => {})));
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < count; i++) held.push({ client: await holdPort(), route: await holdPort(), monitor: await holdPort() });
    const routeUrl = (i: number) => `nats://127.0.0.1:${held[i]?.route.port}`;
    const launchers: Array<() => Promise<void>> = [];
    const nodes = held.map((ports, i): NatsClusterNode => {
      const name = `n${i + 1}`;
      const dir = join(root, name);
      const url = `nats://127.0.0.1:${ports.client.port}`;
      const args = [
        '-js',
        '-a',
        '127.0.0.1',
        '-p',
        String(ports.client.port),
        '-m',
        String(ports.monitor.port),
        '-sd',
        dir,
        '-n',
        name,
        '--cluster_name',
        clusterName,
        '--cluster',
        routeUrl(i),
        '--routes',
        held.flatMap((_, j) => (j === i ? [] : [routeUrl(j)])).join(','),
      ];
      const launchNode = async () => {
        const running = await launch({ command: binary, args: () => args, ready: /Server is ready/, url: () => url, timeoutMs }, ports.client.port, dir);
        if ('failure' in running) throw new Error(`nats-server ${name} did not start: ${running.failure}`);
        children[i] = running.child;
      };
      launchers.push(async () => {
        await mkdir(dir, { recursive: true });
        await Promise.all([ports.client.release(), ports.route.release(), ports.monitor.release()]);
        await launchNode();
      });
      return {
        name,
        url,
        monitorUrl: `http://127.0.0.1:${ports.monitor.port}`,
        kill: async () => {
          const child = children[i];
          if (child) await killed(child);
        },
        start: async () => {
          const child = children[i];
          if (child && child.exitCode === null && child.signalCode === null) throw new Error(`nats-server ${name} is running`);
          await launchNode();
          await jetStreamAnswers(url, timeoutMs);
        },
      };
    });
    for (const launchNode of launchers) await launchNode();
    for (const node of nodes) await jetStreamAnswers(node.url, timeoutMs);
    let closing: Promise<void> | undefined;
    return {
      url: nodes.map((node) => node.url).join(','),
      nodes,
      close: () => {
        closing ??= stopAll();
        return closing;
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Until a JetStream request through this node alone is answered: the node is routed into the
 * cluster and the cluster has a meta leader.
 */
async function jetStreamAnswers(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const nc = await connect({ servers: url, reconnect: false, ignoreClusterUpdates: true, timeout: 2_000, name: 'parley-test-cluster-check' });
      try {
        const jsm = await jetstreamManager(nc, { checkAPI: false });
        await jsm.getAccountInfo();
        return;
      } finally {
        await nc.close();
      }
    } catch (error) {
      last = error;
      await sleep(100);
    }
  }
  throw new Error(`JetStream did not answer through ${url} within ${timeoutMs} ms`, { cause: last });
}
