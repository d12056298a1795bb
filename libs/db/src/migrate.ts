import type { Logger } from '@parley/logger';
import { type Kysely, sql } from 'kysely';
import { type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import { migrations } from './migrations/index.js';
import type { DB } from './schema.js';

/**
 * Session advisory lock held while migrating ("parl" in ASCII), so replicas starting together
 * migrate once, and `npm run migrate` never runs beside a starting service.
 */
const MIGRATION_LOCK_ID = 0x7061726c;

// A static provider: services are bundled, so migrations cannot be found by scanning a folder.
const provider: MigrationProvider = { getMigrations: async () => migrations };

/**
 * Runs `work` on one connection holding the migration lock. When another process holds it,
 * `onWait` is called once and the call waits for it to finish.
 */
async function withMigrationLock<T>(db: Kysely<DB>, logger: Logger, onWait: () => void, work: (connection: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${MIGRATION_LOCK_ID}) AS locked`.execute(connection);
    if (!rows[0]?.locked) {
      onWait();
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(connection);
    }
    try {
      return await work(connection);
    } finally {
      // A lost connection releases the lock by itself; a failed unlock must not hide the real error.
      await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(connection).catch((unlockError: unknown) => {
        logger.warn({ err: unlockError }, 'could not release the migration lock');
      });
    }
  });
}

/**
 * The names a result set ran successfully, or a thrown error naming the migration that failed.
 * The migrator runs them in one transaction on PostgreSQL, so then none of them stays applied.
 */
function succeeded({ error, results = [] }: MigrationResultSet): string[] {
  if (error !== undefined) {
    const failed = results.find((result) => result.status === 'Error')?.migrationName;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(failed ? `migration ${failed} failed: ${message}` : `migrations failed: ${message}`, { cause: error });
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

const waitingLogger = (logger: Logger) => () => logger.info('another process is migrating: waiting for it to finish');

/**
 * Applies every pending migration. Concurrent callers wait on the advisory lock, then find nothing
 * left to do. Throws naming the migration that failed; none of the pending ones stays applied.
 */
export async function migrateToLatest(db: Kysely<DB>, logger: Logger): Promise<void> {
  for (const name of await migrateUp(db, { logger })) logger.info({ migration: name }, 'migration applied');
}

export interface MigrationState {
  name: string;
  /** When it was applied; undefined while it is pending. */
  appliedAt: Date | undefined;
}

export interface MigrationStatus {
  /** Every migration this version knows, in the order they apply. */
  migrations: MigrationState[];
  /** Applied to the database but unknown to this version (the database was migrated by a newer one). */
  unknown: string[];
}

/** Which migrations the database has applied and which are pending. Reads only: creates nothing, takes no lock. */
export async function migrationStatus(db: Kysely<DB>): Promise<MigrationStatus> {
  const known = await new Migrator({ db, provider }).getMigrations();
  const { rows } = await sql<{ exists: boolean }>`SELECT to_regclass('kysely_migration') IS NOT NULL AS exists`.execute(db);
  const applied = rows[0]?.exists ? (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows : [];
  const names = new Set(known.map((migration) => migration.name));
  return {
    migrations: known.map((migration) => ({ name: migration.name, appliedAt: migration.executedAt })),
    unknown: applied.map((row) => row.name).filter((name) => !names.has(name)),
  };
}

export interface MigrateOptions {
  logger: Logger;
  /** Called once when another process holds the migration lock and this call waits for it. */
  onWait?: () => void;
}

/**
 * A database migrated by a newer version has migrations this one cannot revert or build on: said
 * plainly, with what to do, rather than as the migrator's "corrupted migrations".
 */
function refuseUnknown({ unknown }: MigrationStatus): void {
  if (unknown.length === 0) return;
  throw new Error(
    `the database has migrations this version does not know (${unknown.join(', ')}): a newer version migrated it; ` +
      'run that version, or revert them with its `npm run migrate -- down` (docs/operations.md, "Migrations")',
  );
}

/** Applies every pending migration under the migration lock; returns the names it applied (none when up to date). */
export async function migrateUp(db: Kysely<DB>, options: MigrateOptions): Promise<string[]> {
  return withMigrationLock(db, options.logger, options.onWait ?? waitingLogger(options.logger), async (connection) => {
    refuseUnknown(await migrationStatus(connection));
    return succeeded(await new Migrator({ db: connection, provider }).migrateToLatest());
  });
}

/**
 * Reverts the last applied migration under the migration lock (its `down`, in one transaction);
 * returns its name, or undefined when no migration is applied.
 */
export async function migrateDown(db: Kysely<DB>, options: MigrateOptions): Promise<string | undefined> {
  return withMigrationLock(db, options.logger, options.onWait ?? waitingLogger(options.logger), async (connection) => {
    // Asked first: on a database never migrated, migrateDown would create kysely's tables to revert nothing.
    const status = await migrationStatus(connection);
    refuseUnknown(status);
    if (status.migrations.every((migration) => migration.appliedAt === undefined)) return undefined;
    return succeeded(await new Migrator({ db: connection, provider }).migrateDown())[0];
  });
}
