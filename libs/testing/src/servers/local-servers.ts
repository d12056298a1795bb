import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedDatabase } from '@parley/embedded-postgres';
import type { Logger } from '@parley/logger';
import { type RestartableServer, type SpawnedServer, spawnServer } from './spawn-server.js';

/** Embedded PostgreSQL (the same mode `npm start` uses) in a temporary directory. */
export async function startEmbeddedPostgres(logger: Logger): Promise<SpawnedServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'parley-test-pg-'));
  try {
    // One connection is enough: this handle only keeps the server and its URL.
    const database = await openEmbeddedDatabase({ dataDir, logger, poolSize: 1 });
    // Test data is thrown away, so durability is traded for speed (clones get several times faster).
    await database.pool.query(`ALTER SYSTEM SET fsync = off`);
    await database.pool.query(`ALTER SYSTEM SET synchronous_commit = off`);
    await database.pool.query(`SELECT pg_reload_conf()`);
    return {
      url: database.url,
      stop: async () => {
        await database.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** nats-server with JetStream storing under its directory, so a restart finds its streams again. */
export function startNatsServer(command: string): Promise<RestartableServer> {
  return spawnServer({
    command,
    args: (port, dir) => ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir],
    ready: /Server is ready/,
    url: (port) => `nats://127.0.0.1:${port}`,
  });
}

/** redis-server keeping nothing on disk: a restart (`restart()`) comes back empty, as a Redis that lost its data. */
export function startRedisServer(command: string): Promise<RestartableServer> {
  return spawnServer({
    command,
    // Nothing persisted: test data dies with the server.
    args: (port, dir) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    ready: /Ready to accept connections/,
    url: (port) => `redis://127.0.0.1:${port}`,
  });
}
