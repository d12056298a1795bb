import './provided-context.js';
import type { TestProject } from 'vitest/node';

const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

/**
 * Once per test run: finds or starts PostgreSQL, NATS and Redis, builds the migrated template
 * database every test clones, and provides the URLs to the test workers. Teardown drops this run's
 * databases and stops what setup started.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Every project inherits this file from the root config and vitest runs it once per project;
  // the root project's provided values reach all of them, so only the root does the work.
  if (!project.isRootProject()) return undefined;

  // Loaded here, not at the top, so the per-project calls above stay cheap.
  const { createLogger } = await import('@parley/logger');
  const { resolveServers } = await import('./servers/resolve-servers.js');
  const { createTemplateDatabase, dropRunDatabases, dropStaleDatabases, newRunId } = await import(
    './test-databases.js'
  );

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

  project.provide('databaseAdminUrl', servers.databaseUrl);
  project.provide('natsUrl', servers.natsUrl);
  project.provide('redisUrl', servers.redisUrl);
  project.provide('testRunId', runId);

  return async () => {
    try {
      await dropRunDatabases(servers.databaseUrl, runId);
    } finally {
      await servers.stop();
    }
  };
}
