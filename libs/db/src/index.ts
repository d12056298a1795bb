export { type DatabaseTarget, describeConnectionError, parseDatabaseUrl } from './connection-error.js';
export { afterPageKey, decodeKeysetCursor, encodeKeysetCursor, keysetPage, type PageKey, pageKeyOf } from './keyset-page.js';
export { type MigrateOptions, type MigrationState, type MigrationStatus, migrateDown, migrateToLatest, migrateUp, migrationStatus } from './migrate.js';
export { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.js';
export {
  defaultPartitionName,
  type EnsureMonthlyPartitionsOptions,
  ensureMonthlyPartitions,
  type MonthlyPartitionedTable,
  monthlyPartitionedTables,
  monthlyPartitionName,
} from './partitions.js';
export { PreparedStatements } from './prepared-statements.js';
export { timeOrderedUuid } from './row-ids.js';
export * from './schema.js';
export { StatementGroups, type StatementGroupsOptions, type StatementTiming, statementRolledBack } from './statement-groups.js';
