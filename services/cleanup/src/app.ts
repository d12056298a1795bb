import type { PlatformBus } from '@parley/bus';
import { type DB, ensureMonthlyPartitions } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { purgeExpiredConsoleSessions } from './jobs/console-sessions.job.js';
import { DEFAULT_SCHEDULE_CATCH_UP_MINUTES, linkSchedulesJob } from './jobs/link-schedules.job.js';
import { endSessionsOfClosedLinks, purgeEndedConversations } from './jobs/public-session.jobs.js';
import { sweepUnfinishedUploads } from './jobs/unfinished-uploads.job.js';
import { purgeSmsNumbers } from './jobs/sms-retention.job.js';
import { purgeWebhookBodies } from './jobs/webhook-retention.job.js';
import { JobClaimsRepository } from './scheduling/job-claims.repository.js';
import { type Job, Scheduler } from './scheduling/scheduler.js';

export interface CleanupOptions {
  /** Sessions idle longer than this become abandoned. */
  sessionTimeoutSeconds: number;
  /** How often the idle sweep runs. */
  cleanupIntervalMs: number;
  /** Monthly partitions are kept this many months ahead. */
  partitionMonthsAhead: number;
  /** Ended conversations (Text Chat API, and links without their own retention_days) keep their messages this many days (default DEFAULT_RETENTION_DAYS). */
  retentionDays?: number | undefined;
  /** A link schedule's slot missed by longer than this is recorded skipped (default DEFAULT_SCHEDULE_CATCH_UP_MINUTES). */
  scheduleCatchUpMinutes?: number | undefined;
}

export const DEFAULT_RETENTION_DAYS = 90;

export interface CleanupDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  options: CleanupOptions;
  /** The clock slots are cut by (epoch ms); tests step it across days. Default Date.now. */
  now?: () => number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPIRY_ANNOUNCE_INTERVAL_MS = 60_000;

/** The cleanup service: scheduled housekeeping, each job run by exactly one replica per interval. */
export function createCleanupService(deps: CleanupDeps) {
  const claims = new JobClaimsRepository(deps.db);
  const now = deps.now ?? Date.now;
  const jobs: Job[] = [
    {
      name: 'abandon-idle-sessions',
      intervalMs: deps.options.cleanupIntervalMs,
      run: async () => {
        const { abandoned } = await deps.bus.request('sessions.abandon-idle', { idleSeconds: deps.options.sessionTimeoutSeconds });
        return `abandoned ${abandoned}`;
      },
    },
    {
      name: 'end-closed-link-sessions',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => endSessionsOfClosedLinks(deps.bus),
    },
    {
      // Expiry happens by itself; announcing it (link.closed) ends the link's sessions and tells
      // webhooks (link.expired). Every minute, so a webhook hears of it within one.
      name: 'announce-expired-links',
      intervalMs: EXPIRY_ANNOUNCE_INTERVAL_MS,
      run: async () => `announced ${(await deps.bus.request('links.links.announce-expired', {})).announced} expired links`,
    },
    {
      // A conversation whose end was stored but not resolved (docs/management-api.md "Outcomes") is resolved here.
      name: 'resolve-missed-ends',
      intervalMs: deps.options.cleanupIntervalMs,
      run: async () => `resolved ${(await deps.bus.request('sessions.resolutions.sweep', { limit: 1_000 })).resolved} missed ends`,
    },
    {
      name: 'purge-ended-conversations',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => purgeEndedConversations(deps.bus, deps.options.retentionDays ?? DEFAULT_RETENTION_DAYS),
    },
    {
      name: 'purge-webhook-bodies',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => purgeWebhookBodies(deps.bus, deps.options.retentionDays ?? DEFAULT_RETENTION_DAYS),
    },
    {
      name: 'purge-sms-numbers',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => purgeSmsNumbers(deps.bus, deps.options.retentionDays ?? DEFAULT_RETENTION_DAYS),
    },
    {
      name: 'purge-expired-console-sessions',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => purgeExpiredConsoleSessions(deps.bus),
    },
    {
      name: 'sweep-unfinished-uploads',
      intervalMs: deps.options.cleanupIntervalMs,
      run: () => sweepUnfinishedUploads(deps.bus),
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
    linkSchedulesJob({
      bus: deps.bus,
      claims,
      logger: deps.logger,
      now,
      catchUpMinutes: deps.options.scheduleCatchUpMinutes ?? DEFAULT_SCHEDULE_CATCH_UP_MINUTES,
    }),
  ];
  const scheduler = new Scheduler(jobs, claims, deps.logger, now);
  return {
    scheduler,
    jobs,
    /** Resolves when the start-up runs (each job's current slot) are over. */
    started: scheduler.start(),
    drain: () => scheduler.stop(),
  };
}
