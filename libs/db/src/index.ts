export { describeConnectionError, parseDatabaseUrl, type DatabaseTarget } from './connection-error.js';
export { migrateToLatest } from './migrate.js';
export { type Database, type OpenDatabaseOptions, openDatabase } from './open-database.js';
export {
  defaultPartitionName,
  type EnsureMonthlyPartitionsOptions,
  ensureMonthlyPartitions,
  type MonthlyPartitionedTable,
  monthlyPartitionName,
  monthlyPartitionedTables,
} from './partitions.js';
export * from './schema.js';
