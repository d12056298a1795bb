import { randomBytes } from 'node:crypto';
import { deleteNamespaceStreams } from '@parley/bus';
import { migrateToLatest, openDatabase } from '@parley/db';
import type { Logger } from '@parley/logger';
import { connectRedis } from '@parley/stores';
import { freePort } from '@parley/testing';
import { bundleService } from './bundles.js';
import { childEnv, type ServiceProcess, startService } from './child-process.js';
import { Cleanups, nodeFlags, repoRoot, type Stack, type StackOptions } from './stack.js';

/** The servers of this machine; the environment may point elsewhere. */
export interface ServerUrls {
  /** A server-level URL with rights to create and drop databases. */
  databaseUrl: string;
  natsUrl: string;
  redisUrl: string;
}

export function serverUrls(env: NodeJS.ProcessEnv = process.env): ServerUrls {
  return {
    databaseUrl: env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
  };
}

/** The services a Text Chat turn goes through; cleanup takes no part in it, memory only in an agent's knowledge (`withMemory`). */
const SERVICES = ['gateway', 'links', 'sessions', 'agent-runner'] as const;
type ServiceName = (typeof SERVICES)[number] | 'memory';

const READY_TIMEOUT_MS = 60_000;

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/** Runs one statement on the server (creating or dropping the run's database). */
export async function onServer(adminUrl: string, logger: Logger, statement: string): Promise<void> {
  const admin = await openDatabase({ url: adminUrl, logger, poolSize: 1, applicationName: 'parley-bench' });
  try {
    await admin.pool.query(statement);
  } finally {
    await admin.close();
  }
}

/** Deletes the run's nonce keys (they would expire by themselves after 11 minutes). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<void> {
  const redis = await connectRedis(redisUrl);
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 1000 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await redis.unlink(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * gateway, links, sessions (one process or more) and agent-runner, each its own node process, on the machine's
 * PostgreSQL (a database of the run's own, migrated here and dropped after), NATS (a namespace
 * of its own, its streams deleted after) and Redis (its keys deleted after).
 */
/** How often a service is started again on another port when the one chosen was taken meanwhile. */
const PORT_ATTEMPTS = 3;

export async function startRealStack(options: StackOptions & { logger: Logger; servers?: ServerUrls }): Promise<Stack> {
  const servers = options.servers ?? serverUrls();
  const runId = `${Date.now()}${randomBytes(2).toString('hex')}`;
  const databaseName = `parley_bench_${runId}`;
  const namespace = `bench${runId}`;
  const adminApiKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  const chatApiSecret = `bench-chat-${randomBytes(12).toString('hex')}`;
  const cleanups = new Cleanups();
  const processes: ServiceProcess[] = [];

  try {
    await onServer(servers.databaseUrl, options.logger, `CREATE DATABASE "${databaseName}"`);
    cleanups.add(`drop database ${databaseName}`, () =>
      onServer(servers.databaseUrl, options.logger, `DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`),
    );
    cleanups.add(`delete NATS streams of ${namespace}`, () => deleteNamespaceStreams(servers.natsUrl, namespace));
    cleanups.add(`delete Redis keys of ${namespace}`, () => deleteRedisKeys(servers.redisUrl, `${namespace}:`));
    const databaseUrl = withDatabase(servers.databaseUrl, databaseName);
    const database = await openDatabase({ url: databaseUrl, logger: options.logger, poolSize: 1, applicationName: 'parley-bench' });
    try {
      await migrateToLatest(database.db, options.logger);
    } finally {
      await database.close();
    }

    const services: ServiceName[] = [...SERVICES, ...(options.withMemory ? (['memory'] as const) : [])];
    const entries = new Map<ServiceName, string[]>();
    if (options.runtime === 'bundle') {
      options.log('bundling the services with tsdown');
      for (const name of services) entries.set(name, [await bundleService(name)]);
    } else {
      for (const name of services) entries.set(name, ['--import', 'tsx', `services/${name}/src/main.ts`]);
    }

    // Each process gets a HEALTH_PORT of its own, where /readyz answers; the gateway's public port is apart from it.
    let gatewayPort = await freePort();
    const instances: Array<{ name: string; service: ServiceName; healthPort: number }> = [];
    for (const service of services) {
      const replicas = service === 'sessions' ? options.sessionsReplicas : 1;
      for (let i = 1; i <= replicas; i++) {
        instances.push({ name: replicas === 1 ? service : `${service}-${i}`, service, healthPort: await freePort() });
      }
    }
    const common = {
      NATS_URL: servers.natsUrl,
      DATABASE_URL: databaseUrl,
      REDIS_URL: servers.redisUrl,
      BUS_NAMESPACE: namespace,
      ADMIN_API_KEY: adminApiKey,
      CHAT_API_SECRET: chatApiSecret,
      // The links process's own keys: fresh for each run, like its database.
      AUDIT_KEY: randomBytes(24).toString('hex'),
      VERIFICATION_KEY: randomBytes(24).toString('hex'),
      SECRETS_KEY: randomBytes(24).toString('hex'),
    };
    cleanups.add('stop the services', () => Promise.all(processes.map((p) => p.stop())));
    const launch = (instance: (typeof instances)[number]): ServiceProcess => {
      const own: Record<string, string> = { ...options.serviceEnv, HEALTH_PORT: String(instance.healthPort) };
      if (instance.service === 'gateway') Object.assign(own, options.gatewayEnv ?? {}, { PORT: String(gatewayPort), HOST: '127.0.0.1' });
      if (instance.service === 'agent-runner' && options.llmBaseUrl) Object.assign(own, { OPENAI_BASE_URL: options.llmBaseUrl, OPENAI_API_KEY: 'bench' });
      if (instance.service === 'agent-runner') Object.assign(own, options.runnerEnv ?? {});
      if (instance.service === 'memory') Object.assign(own, options.memoryEnv ?? {});
      return startService(instance.name, [...nodeFlags(instance.name, options), ...(entries.get(instance.service) ?? [])], {
        cwd: repoRoot,
        env: childEnv({ ...common, ...own }),
      });
    };
    const names = instances.map((instance) => instance.name);
    options.log(`starting ${names.join(', ')} (${options.runtime})`);
    await Promise.all(
      instances.map(async (instance) => {
        // A free port may be taken by another process before the service listens on it (tests run
        // side by side): the service then exits saying so, and starts again on another.
        for (let attempt = 1; ; attempt++) {
          const service = launch(instance);
          processes.push(service);
          try {
            await service.waitForHttp(`http://127.0.0.1:${instance.healthPort}/readyz`, READY_TIMEOUT_MS);
            return;
          } catch (error) {
            if (attempt >= PORT_ATTEMPTS || !/already in use/.test(String((error as Error).message))) throw error;
            processes.splice(processes.indexOf(service), 1);
            instance.healthPort = await freePort();
            if (instance.service === 'gateway') gatewayPort = await freePort();
          }
        }
      }),
    );

    // What `perf report --pid` takes, with the map files the processes write.
    if (options.perfMap) options.log(`process ids: ${processes.map((p) => `${p.name} ${p.pid}`).join(', ')}`);
    return {
      mode: 'real',
      description: `${names.join(', ')} as ${names.length} processes (${options.runtime === 'bundle' ? 'tsdown bundles' : 'tsx'}); PostgreSQL, NATS, Redis servers`,
      url: `http://127.0.0.1:${gatewayPort}`,
      adminApiKey,
      chatApiSecret,
      processes,
      servers: ['postgres', 'nats', 'redis'],
      database: databaseName,
      metricsUrls: instances.map(({ name, healthPort }) => ({ name, url: `http://127.0.0.1:${healthPort}/metrics` })),
      nats: { url: servers.natsUrl, namespace },
      assertRunning() {
        const dead = processes.find((p) => !p.running);
        if (dead) throw dead.failure('died during the benchmark');
      },
      stop: () => cleanups.runAll(),
    };
  } catch (error) {
    await cleanups.runAll().catch((cleanupError: unknown) => options.log(String(cleanupError)));
    throw error;
  }
}
