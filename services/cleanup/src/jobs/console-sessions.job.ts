import type { PlatformBus } from '@parley/bus';

/** Sessions per question to the links service, and questions per run at most (a backlog goes over several runs). */
const SESSION_BATCH = 1_000;
const BATCHES_PER_RUN = 50;

/**
 * Expired console sessions (docs/management-api.md, "Console sessions") are removed: they are refused from
 * their expiry on anyway, but who was signed in when is staff's personal data, not kept longer
 * than it serves.
 */
export async function purgeExpiredConsoleSessions(bus: PlatformBus): Promise<string> {
  let deleted = 0;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const purged = await bus.request('links.console-sessions.purge-expired', { limit: SESSION_BATCH });
    deleted += purged.deleted;
    if (purged.deleted < SESSION_BATCH) break;
  }
  return `removed ${deleted} expired console sessions`;
}
