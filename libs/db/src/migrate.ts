import type { Logger } from '@parley/logger';
import { type Kysely, sql } from 'kysely';
import { type MigrationProvider, Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';

/** Session advisory lock held while migrating ("parl" in ASCII), so replicas starting together migrate once. */
const MIGRATION_LOCK_ID = 0x7061726c;

// A static provider: services are bundled, so migrations cannot be found by scanning a folder.
const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Applies every pending migration. Concurrent callers wait on the advisory lock, then find nothing
 * left to do. Throws naming the migration that failed; that migration is rolled back.
 */
export async function migrateToLatest(db: Kysely<DB>, logger: Logger): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(connection);
    try {
      const { error, results = [] } = await new Migrator({ db: connection, provider }).migrateToLatest();
      for (const result of results) {
        if (result.status === 'Success') logger.info({ migration: result.migrationName }, 'migration applied');
      }
      if (error !== undefined) {
        const failed = results.find((result) => result.status === 'Error')?.migrationName;
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(failed ? `migration ${failed} failed: ${message}` : `migrations failed: ${message}`, {
          cause: error,
        });
      }
    } finally {
      // A lost connection releases the lock by itself; a failed unlock must not hide the real error.
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(connection).catch((unlockError: unknown) => {
        logger.warn({ err: unlockError }, 'could not release the migration lock');
      });
    }
  });
}
