import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { StandaloneEnv } from '@parley/config';
import { type DB, migrateToLatest, openDatabase } from '@parley/db';
import { createLogger, type Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import type { Registry } from 'prom-client';
import { type ReadinessChecks, startHealthServer } from './health-server.js';
import { registerBusMetrics } from './bus-metrics.js';
import { createMetricsRegistry } from './metrics.js';
import { registerPoolMetrics } from './pool-metrics.js';
import { exitOnStartupFailure, runProcess } from './process.js';

/** What every standalone service reads from its environment (see loadStandaloneEnv). */
export type StandaloneConfig = StandaloneEnv;

export interface StandaloneDeps {
  bus: PlatformBus;
  db: Kysely<DB> | undefined;
  /** The pool behind `db`, for services that prepare their hot statements. */
  pool: pg.Pool | undefined;
  logger: Logger;
  registry: Registry;
}

export interface Drainable {
  drain(): Promise<void>;
  /** Extra /readyz checks (e.g. Redis). */
  checks?: ReadinessChecks;
}

/**
 * Runs one service as its own process against NATS (and PostgreSQL when it owns tables):
 * connects, migrates (unless DATABASE_MIGRATE=false), builds the service, serves /healthz, /readyz
 * and /metrics, and on SIGTERM answers /readyz 503 at once, keeps serving for
 * SHUTDOWN_DELAY_SECONDS, then stops taking work, finishes what is in flight, drains NATS, closes
 * the pool and exits 0.
 */
export async function runStandalone<C extends StandaloneConfig>(options: {
  name: string;
  loadConfig: () => C;
  build: (deps: StandaloneDeps, config: C) => Promise<Drainable> | Drainable;
}): Promise<void> {
  let config: C;
  try {
    config = options.loadConfig();
  } catch (error) {
    exitOnStartupFailure(options.name, error);
  }
  const logger = createLogger({ service: options.name, level: config.logLevel });
  await runProcess({
    name: options.name,
    logger,
    shutdownDelaySeconds: config.shutdownDelaySeconds,
    shutdownTimeoutSeconds: config.shutdownTimeoutSeconds,
    start: async () => {
      const database = config.databaseUrl ? await openDatabase({ url: config.databaseUrl, logger, applicationName: options.name }) : undefined;
      // DATABASE_MIGRATE=false: the schema is migrated by its owner apart from the service (least privilege).
      if (database && config.migrate !== false) await migrateToLatest(database.db, logger);
      else if (database) logger.info('migrations skipped (DATABASE_MIGRATE=false)');
      const bus = await connectPlatformBus({
        natsUrl: config.natsUrl,
        natsReplicas: config.natsReplicas,
        namespace: config.namespace,
        logger,
        name: options.name,
        workQueues: config.workQueues,
      });
      const registry = createMetricsRegistry(options.name);
      registerBusMetrics(registry, bus);
      if (database) registerPoolMetrics(registry, database.pool);
      const service = await options.build({ bus, db: database?.db, pool: database?.pool, logger, registry }, config);
      const health = await startHealthServer({
        port: config.healthPort,
        logger,
        registry,
        accessLog: config.accessLog,
        checks: {
          nats: () => bus.ping(),
          ...(database ? { postgres: () => database.ping() } : {}),
          ...service.checks,
        },
      });
      logger.info({ healthPort: health.port }, `${options.name} started`);
      return {
        startDraining: () => health.markStopping(),
        stop: async () => {
          await service.drain();
          await bus.drain();
          await database?.close();
          await health.close();
        },
      };
    },
  });
}
