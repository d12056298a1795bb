import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { type HeldPort, holdPort } from '../free-port.js';
import { waitFor } from '../wait-for.js';
import { killed, launch } from './spawn-server.js';

export interface RedisAddress {
  host: string;
  port: number;
}

/** A Redis primary with one replica, watched by three sentinels, on loopback. */
export interface RedisSentinelGroup {
  /** The name the sentinels monitor the primary under: REDIS_SENTINEL_NAME. */
  readonly name: string;
  readonly sentinels: readonly RedisAddress[];
  /** The sentinels as REDIS_SENTINELS lists them: `127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3`. */
  readonly sentinelList: string;
  /** The primary's and replica's password (REDIS_PASSWORD), when the group was started with one. */
  readonly password: string | undefined;
  /** The sentinels' password (REDIS_SENTINEL_PASSWORD), when the group was started with one. */
  readonly sentinelPassword: string | undefined;
  /** Where the primary is now, as a sentinel answers `SENTINEL get-master-addr-by-name`. */
  currentPrimary(): Promise<RedisAddress>;
  /** SIGKILLs the current primary, as in a crash; resolves with its address once it is gone. */
  killPrimary(): Promise<RedisAddress>;
  /** Kills every process and removes the sentinels' configuration files. */
  close(): Promise<void>;
}

export interface RedisSentinelGroupOptions {
  /** The monitored name (default `parley-primary`). */
  name?: string;
  password?: string;
  sentinelPassword?: string;
  /** How long the sentinels wait on a silent primary before they call it down (default 1000 ms; Sentinel's own is 30 s). */
  downAfterMs?: number;
  /** How long the group may take to start and be in sync (default 30 s). */
  timeoutMs?: number;
}

const SENTINELS = 3;

/**
 * Starts a primary, a replica of it (`--replicaof`) and three sentinels (`redis-server <conf>
 * --sentinel`, quorum 2) on free loopback ports, keeping nothing on disk but the sentinels'
 * configuration files (Sentinel rewrites its own) in a temporary directory. Resolves once the
 * replica is in sync and every sentinel knows the primary, the replica and the other sentinels:
 * a failover can then happen. Multi-process fault tests kill the primary through `killPrimary`.
 */
export async function startRedisSentinelGroup(redisServerBinary: string, options: RedisSentinelGroupOptions = {}): Promise<RedisSentinelGroup> {
  const name = options.name ?? 'parley-primary';
  const timeoutMs = options.timeoutMs ?? 30_000;
  const downAfterMs = options.downAfterMs ?? 1_000;
  const root = await mkdtemp(join(tmpdir(), 'parley-test-redis-sentinel-'));
  // Every port is known before the first process starts (the replica and the sentinels name the
  // primary's) and held until its own process listens on it.
  const held: HeldPort[] = [];
  const children = new Map<number, ChildProcess>();
  const stopAll = async () => {
    await Promise.all([...children.values()].map((child) => killed(child)));
    await Promise.all(held.map((port) => port.release().catch(() => {})));
    await rm(root, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < 2 + SENTINELS; i++) held.push(await holdPort());
    const [primaryPort, replicaPort, ...sentinelPorts] = held.map((port) => port.port) as [number, number, ...number[]];
    const start = async (index: number, label: string, args: string[], ready: RegExp) => {
      const port = held[index] as HeldPort;
      await port.release();
      const running = await launch({ command: redisServerBinary, args: () => args, ready, url: () => '', timeoutMs }, port.port, root);
      if ('failure' in running) throw new Error(`redis-server (${label}) did not start: ${running.failure}`);
      children.set(port.port, running.child);
    };
    const redisArgs = async (port: number, role: string) => {
      const dir = join(root, role);
      await mkdir(dir);
      return [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir],
        // Nothing persisted, and a full sync streamed from memory to memory: no RDB file on either side.
        ...['--save', '', '--appendonly', 'no', '--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', '--repl-diskless-load', 'on-empty-db'],
        // masterauth on both: the primary of now is the replica of after a failover.
        ...(options.password ? ['--requirepass', options.password, '--masterauth', options.password] : []),
      ];
    };

    await start(0, 'primary', await redisArgs(primaryPort, 'primary'), /Ready to accept connections/);
    await start(1, 'replica', [...(await redisArgs(replicaPort, 'replica')), '--replicaof', '127.0.0.1', String(primaryPort)], /Ready to accept connections/);
    // In sync before the sentinels start: their first look at the primary finds the replica.
    const replica = { host: '127.0.0.1', port: replicaPort };
    await waitFor(async () => /master_link_status:up/.test(await ask(replica, options.password, (redis) => redis.info('replication'))), {
      timeoutMs,
      intervalMs: 50,
    });

    for (const [i, port] of sentinelPorts.entries()) {
      const conf = join(root, `sentinel-${i + 1}.conf`);
      await writeFile(
        conf,
        [
          `port ${port}`,
          'bind 127.0.0.1',
          `dir ${root}`,
          `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
          `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
          // Also how long before a failed attempt is tried again (twice this): small, for a test.
          `sentinel failover-timeout ${name} ${Math.max(2 * downAfterMs, 2_000)}`,
          `sentinel parallel-syncs ${name} 1`,
          ...(options.password ? [`sentinel auth-pass ${name} ${options.password}`] : []),
          // Sentinels speak to each other with their own password too.
          ...(options.sentinelPassword ? [`requirepass ${options.sentinelPassword}`] : []),
          '',
        ].join('\n'),
      );
      await start(2 + i, `sentinel ${i + 1}`, [conf, '--sentinel'], /\+monitor master/);
    }

    const sentinels = sentinelPorts.map((port) => ({ host: '127.0.0.1', port }));
    await Promise.all(sentinels.map((sentinel) => sentinelReady(sentinel, name, options.sentinelPassword, timeoutMs)));

    const currentPrimary = async (): Promise<RedisAddress> => {
      let last: unknown;
      for (const sentinel of sentinels) {
        try {
          return await primaryOf(sentinel, name, options.sentinelPassword);
        } catch (error) {
          last = error;
        }
      }
      throw new Error(`no sentinel of ${name} answers`, { cause: last });
    };
    let closing: Promise<void> | undefined;
    return {
      name,
      sentinels,
      sentinelList: sentinels.map(({ host, port }) => `${host}:${port}`).join(','),
      password: options.password,
      sentinelPassword: options.sentinelPassword,
      currentPrimary,
      killPrimary: async () => {
        const primary = await currentPrimary();
        const child = children.get(primary.port);
        if (!child) throw new Error(`the primary ${primary.host}:${primary.port} is not a process of this group`);
        await killed(child);
        return primary;
      },
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

/** Runs `use` on a connection of its own that never retries, closed after: a check, not a client. */
async function ask<T>(address: RedisAddress, password: string | undefined, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({
    ...address,
    password,
    lazyConnect: true,
    retryStrategy: () => null,
    connectTimeout: 1_000,
    commandTimeout: 1_000,
    maxRetriesPerRequest: 0,
  });
  redis.on('error', () => {});
  try {
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

async function primaryOf(sentinel: RedisAddress, name: string, password: string | undefined): Promise<RedisAddress> {
  const answer = (await ask(sentinel, password, (redis) => redis.call('SENTINEL', 'get-master-addr-by-name', name))) as [string, string] | null;
  if (!answer) throw new Error(`sentinel ${sentinel.port} knows no primary named ${name}`);
  return { host: answer[0], port: Number(answer[1]) };
}

/** Until the sentinel sees the replica linked to the primary and knows the two other sentinels (hello messages, every 2 s). */
async function sentinelReady(sentinel: RedisAddress, name: string, password: string | undefined, timeoutMs: number): Promise<void> {
  await waitFor(
    () =>
      ask(sentinel, password, async (redis) => {
        const replicas = (await redis.call('SENTINEL', 'replicas', name)) as string[][];
        const others = (await redis.call('SENTINEL', 'sentinels', name)) as string[][];
        const linked = replicas.some((fields) => field(fields, 'flags') === 'slave' && field(fields, 'master-link-status') === 'ok');
        return linked && others.length === SENTINELS - 1;
      }),
    { timeoutMs, intervalMs: 100 },
  );
}

/** A field of Sentinel's flat `name value name value …` answers. */
function field(fields: string[], key: string): string | undefined {
  const at = fields.indexOf(key);
  return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
}
