import type { PlatformBus } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';

export interface MemoryDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
}

/**
 * The memory service process. It will own per-(agent, user) memory for public links and
 * summarise it in the background; for now it runs, reports health and shuts down cleanly so
 * deployments already carry it. It answers no subject yet.
 */
export function createMemoryService(deps: MemoryDeps) {
  deps.logger.debug('memory service has no subjects yet');
  return {
    drain: async () => {},
  };
}
