import './provided-context.js';
import type { TestProject } from 'vitest/node';

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

interface ProvidedServers {
  databaseAdminUrl: string;
  natsUrl: string;
  redisUrl: string;
  testRunId: string;
  /** Drops this run's databases and stops what setup started. */
  teardown(): Promise<void>;
}

/** The one start of a run's servers, shared by the projects that need them, and how many still do. */
interface SharedServers {
  started: Promise<ProvidedServers>;
  users: number;
}

// Kept on globalThis: vitest loads this file once per project that declares it, all in its main
// process, and a module-level variable might exist once per load.
const SHARED = Symbol.for('parley.testing.servers');
type WithShared = typeof globalThis & { [SHARED]?: SharedServers };

/**
 * Finds or starts PostgreSQL, NATS and Redis, builds the migrated template database every test
 * clones, and provides the URLs to the test workers of each project that declares this file.
 *
 * Only the projects of the tiers that need servers declare it (see the root vitest.config.ts), and
 * vitest calls it only for a project with test files in the run: a run of unit tests alone starts
 * nothing. Several projects in one run share one start; the last project's teardown drops this
 * run's databases and stops what setup started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const holder = globalThis as WithShared;
  holder[SHARED] ??= { started: startServers(), users: 0 };
  const shared = holder[SHARED];
  shared.users++;
  const servers = await shared.started;

  project.provide('databaseAdminUrl', servers.databaseAdminUrl);
  project.provide('natsUrl', servers.natsUrl);
  project.provide('redisUrl', servers.redisUrl);
  project.provide('testRunId', servers.testRunId);

  return async () => {
    shared.users--;
    if (shared.users > 0) return;
    delete holder[SHARED];
    await servers.teardown();
  };
}

async function startServers(): Promise<ProvidedServers> {
  // Loaded here, not at the top, so a run that needs no servers never loads them.
  const { createLogger } = await import('@parley/logger');
  const { resolveServers } = await import('./servers/resolve-servers.js');
  const { createTemplateDatabase, dropRunDatabases, dropStaleDatabases, newRunId } = await import('./test-databases.js');

  const logger = createLogger({ service: 'test-harness', level: process.env.TEST_LOG === '1' ? 'debug' : 'warn' });
  const runId = newRunId();
  const servers = await resolveServers(process.env, logger);
  try {
    await dropStaleDatabases(servers.databaseUrl, STALE_AFTER_MS, logger);
    await createTemplateDatabase(servers.databaseUrl, runId, logger);
  } catch (error) {
    await dropRunDatabases(servers.databaseUrl, runId).catch(() => undefined);
    await servers.stop();
    throw error;
  }

  return {
    databaseAdminUrl: servers.databaseUrl,
    natsUrl: servers.natsUrl,
    redisUrl: servers.redisUrl,
    testRunId: runId,
    teardown: async () => {
      try {
        await dropRunDatabases(servers.databaseUrl, runId);
      } finally {
        await servers.stop();
      }
    },
  };
}
