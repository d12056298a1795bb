import type { PlatformBus } from '@parley/bus';
import { type DB, ensureMonthlyPartitions } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { JobClaimsRepository } from './job-claims.repository.js';
import { endSessionsOfClosedLinks, purgeEndedConversations } from './public-session.jobs.js';
import { type Job, Scheduler } from './scheduler.js';

export interface CleanupOptions {
  /** Sessions idle longer than this become abandoned. */
  sessionTimeoutSeconds: number;
  /** How often the idle sweep runs. */
  cleanupIntervalMs: number;
  /** Monthly partitions are kept this many months ahead. */
  partitionMonthsAhead: number;
  /** Ended public conversations keep their messages this many days (default DEFAULT_RETENTION_DAYS). */
  retentionDays?: number | undefined;
}

export const DEFAULT_RETENTION_DAYS = 90;

export interface CleanupDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  options: CleanupOptions;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The cleanup service: scheduled housekeeping, each job run by exactly one replica per interval. */
export function createCleanupService(deps: CleanupDeps) {
  const claims = new JobClaimsRepository(deps.db);
  const jobs: Job[] = [
    {
      name: 'abandon-idle-sessions',
      intervalMs: deps.options.cleanupIntervalMs,
      run: async () => {
        const { abandoned } = await deps.bus.request('sessions.abandonIdle', { idleSeconds: deps.options.sessionTimeoutSeconds });
        return `abandoned ${abandoned}`;
      },
    },
    {
      name: 'end-closed-link-sessions',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => endSessionsOfClosedLinks(deps.bus),
    },
    {
      name: 'purge-ended-conversations',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => purgeEndedConversations(deps.bus, deps.options.retentionDays ?? DEFAULT_RETENTION_DAYS),
    },
    {
      name: 'create-partitions',
      intervalMs: DAY_MS,
      run: async () => {
        const created = await ensureMonthlyPartitions(deps.db, { monthsAhead: deps.options.partitionMonthsAhead });
        await claims.prune();
        return created.length > 0 ? `created ${created.join(', ')}` : 'partitions up to date';
      },
    },
  ];
  const scheduler = new Scheduler(jobs, claims, deps.logger);
  return {
    scheduler,
    jobs,
    /** Resolves when the start-up runs (each job's current slot) are over. */
    started: scheduler.start(),
    drain: () => scheduler.stop(),
  };
}
