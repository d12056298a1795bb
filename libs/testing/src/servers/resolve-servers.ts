import type { Logger } from '@parley/logger';
import { dockerAvailable, type ServerKind, startContainer } from './containers.js';
import { findExecutable } from './find-executable.js';
import { startEmbeddedPostgres, startNatsServer, startRedisServer } from './local-servers.js';
import type { SpawnedServer } from './spawn-server.js';

export interface TestServers {
  databaseUrl: string;
  natsUrl: string;
  redisUrl: string;
  /** Stops whatever this run started; servers given by URL are left alone. */
  stop(): Promise<void>;
}

const variables: Record<ServerKind, 'DATABASE_URL' | 'NATS_URL' | 'REDIS_URL'> = {
  postgres: 'DATABASE_URL',
  nats: 'NATS_URL',
  redis: 'REDIS_URL',
};

/** How to start each server without Docker, or why that is impossible here. */
async function localStarters(kinds: ServerKind[], env: NodeJS.ProcessEnv, logger: Logger): Promise<Map<ServerKind, () => Promise<SpawnedServer>>> {
  const starters = new Map<ServerKind, () => Promise<SpawnedServer>>();
  const missing: string[] = [];
  for (const kind of kinds) {
    if (kind === 'postgres') {
      starters.set(kind, () => startEmbeddedPostgres(logger));
      continue;
    }
    const binary = kind === 'nats' ? 'nats-server' : 'redis-server';
    const command = await findExecutable(binary, env.PATH);
    if (!command) missing.push(`${variables[kind]} is unset and ${binary} is not on PATH`);
    else starters.set(kind, () => (kind === 'nats' ? startNatsServer(command) : startRedisServer(command)));
  }
  if (missing.length > 0) {
    throw new Error(`Test servers: no Docker engine answered, ${missing.join(', ')}. Set the variable, start Docker, or install the binary.`);
  }
  return starters;
}

/**
 * DATABASE_URL, NATS_URL and REDIS_URL when set; otherwise containers when a Docker engine answers;
 * otherwise embedded PostgreSQL and nats-server / redis-server from PATH.
 */
export async function resolveServers(env: NodeJS.ProcessEnv, logger: Logger): Promise<TestServers> {
  const given: Record<ServerKind, string | undefined> = {
    postgres: env.DATABASE_URL || undefined,
    nats: env.NATS_URL || undefined,
    redis: env.REDIS_URL || undefined,
  };
  const needed = (Object.keys(given) as ServerKind[]).filter((kind) => !given[kind]);
  const started = new Map<ServerKind, SpawnedServer>();
  const stopAll = async () => {
    await Promise.allSettled([...started.values()].map((server) => server.stop()));
  };

  if (needed.length > 0) {
    const docker = await dockerAvailable();
    const starters = docker ? new Map(needed.map((kind) => [kind, () => startContainer(kind)] as const)) : await localStarters(needed, env, logger);
    logger.info({ servers: needed, via: docker ? 'testcontainers' : 'local binaries' }, 'starting test servers');
    const results = await Promise.allSettled(
      needed.map(async (kind) => {
        const start = starters.get(kind);
        if (!start) throw new Error(`no way to start ${kind}`);
        started.set(kind, await start());
      }),
    );
    const failures = results.flatMap((result, index) => (result.status === 'rejected' ? [`${needed[index]}: ${(result.reason as Error).message}`] : []));
    if (failures.length > 0) {
      await stopAll();
      throw new Error(`Test servers failed to start – ${failures.join('; ')}`);
    }
  }

  const url = (kind: ServerKind): string => {
    const value = given[kind] ?? started.get(kind)?.url;
    if (!value) throw new Error(`Test servers: no URL for ${kind}`);
    return value;
  };
  return { databaseUrl: url('postgres'), natsUrl: url('nats'), redisUrl: url('redis'), stop: stopAll };
}
