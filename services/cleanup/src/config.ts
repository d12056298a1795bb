import { type Env, loadStandaloneEnv, vars } from '@parley/config';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS } from './app.js';
import { DEFAULT_SCHEDULE_CATCH_UP_MINUTES } from './jobs/link-schedules.job.js';

export const cleanupEnv = {
  /** Idle time after which an active session is marked abandoned. */
  SESSION_TIMEOUT_SECONDS: vars.positiveInt.default(1800),
  /** How often the idle-session sweep runs. */
  CLEANUP_INTERVAL_MINUTES: vars.positiveInt.default(5),
  /** Monthly partitions of messages and transitions are created this many months ahead. */
  PARTITION_MONTHS_AHEAD: vars.positiveInt.default(3),
  /** Days an ended conversation (Text Chat API, or a link without its own retention_days) keeps its messages; after that only its row and counts stay. */
  RETENTION_DAYS: vars.positiveInt.max(36_500).default(DEFAULT_RETENTION_DAYS),
  /** Minutes a link schedule's slot missed while the platform was down may still run on its return; older ones are recorded skipped (0: none run late). */
  SCHEDULE_CATCH_UP_MINUTES: vars.nonNegativeInt.max(7 * 24 * 60).default(DEFAULT_SCHEDULE_CATCH_UP_MINUTES),
};

export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv({ defaultHealthPort: 8086, needsDatabase: true, extra: z.object(cleanupEnv) }, env);
  return {
    ...standalone,
    cleanup: {
      sessionTimeoutSeconds: own.SESSION_TIMEOUT_SECONDS,
      cleanupIntervalMs: own.CLEANUP_INTERVAL_MINUTES * 60_000,
      partitionMonthsAhead: own.PARTITION_MONTHS_AHEAD,
      retentionDays: own.RETENTION_DAYS,
      scheduleCatchUpMinutes: own.SCHEDULE_CATCH_UP_MINUTES,
    },
  };
}
