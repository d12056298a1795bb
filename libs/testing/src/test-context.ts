import './provided-context.js';
import { randomBytes } from 'node:crypto';
import { type DB, openDatabase } from '@parley/db';
import { createLogger, type Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { inject } from 'vitest';
import { deleteNamespaceStreams } from './nats-streams.js';
import { deletePrefixedKeys } from './redis-keys.js';
import { cloneTemplateDatabase, dropDatabase, testDatabaseName, withDatabase } from './test-databases.js';

export interface TestContext {
  /** A database of its own, cloned from the run's migrated template. */
  databaseUrl: string;
  db: Kysely<DB>;
  /** The pool behind `db`, for what runs prepared statements on it. */
  pool: pg.Pool;
  natsUrl: string;
  /** Prefix for NATS subjects and JetStream streams, unique to this context. */
  namespace: string;
  redisUrl: string;
  /** Prefix for Redis keys, unique to this context. */
  redisPrefix: string;
  /** Silent unless TEST_LOG=1. */
  logger: Logger;
  /** Closes the pool, drops the database, deletes the namespace's streams and the prefix's keys. */
  cleanup(): Promise<void>;
}

export interface CreateTestContextOptions {
  /** Names the logger's service, to tell contexts apart in TEST_LOG output. */
  name?: string;
}

/**
 * Everything an integration test needs, isolated from every other test of the run. Call it in
 * `beforeAll` and `cleanup()` in `afterAll`.
 */
export async function createTestContext(options: CreateTestContextOptions = {}): Promise<TestContext> {
  const adminUrl = inject('databaseAdminUrl');
  const runId = inject('testRunId');
  const natsUrl = inject('natsUrl');
  const redisUrl = inject('redisUrl');
  if (!adminUrl || !runId) {
    throw new Error(
      'createTestContext: no test servers provided – run tests through vitest with the root config; a unit test (beside the code) has none: list a file that needs them in `serverTestsBesideCode` of the root vitest.config.ts',
    );
  }
  // Random rather than counted: test files run in several worker processes at once.
  const suffix = randomBytes(4).toString('hex');
  const databaseName = testDatabaseName(runId, suffix);
  const namespace = `t${runId}${suffix}`;
  const redisPrefix = `${namespace}:`;
  const logger = createLogger({
    service: options.name ?? 'test',
    level: process.env.TEST_LOG === '1' ? 'debug' : 'silent',
  });

  await cloneTemplateDatabase(adminUrl, runId, databaseName);
  const databaseUrl = withDatabase(adminUrl, databaseName);
  const database = await openDatabase({
    url: databaseUrl,
    logger,
    poolSize: 5,
    applicationName: options.name ?? 'test',
  }).catch(async (error: unknown) => {
    await dropDatabase(adminUrl, databaseName);
    throw error;
  });

  let cleaning: Promise<void> | undefined;
  return {
    databaseUrl,
    db: database.db,
    pool: database.pool,
    natsUrl,
    namespace,
    redisUrl,
    redisPrefix,
    logger,
    cleanup: () => {
      cleaning ??= (async () => {
        await database.close();
        const results = await Promise.allSettled([
          dropDatabase(adminUrl, databaseName),
          deleteNamespaceStreams(natsUrl, namespace),
          deletePrefixedKeys(redisUrl, redisPrefix),
        ]);
        const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
        if (failures.length > 0) throw new AggregateError(failures, `test context ${namespace}: cleanup failed`);
      })();
      return cleaning;
    },
  };
}
