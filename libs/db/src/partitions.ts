import { type Kysely, sql } from 'kysely';

/** Tables partitioned BY RANGE (created_at), one partition per calendar month (UTC). */
export const monthlyPartitionedTables = ['text_conversation_messages', 'text_conversation_transitions'] as const;

export type MonthlyPartitionedTable = (typeof monthlyPartitionedTables)[number];

// biome-ignore lint/suspicious/noExplicitAny: raw SQL only, so it runs on any schema – typed or a migration's
type AnyKysely = Kysely<any>;

export interface EnsureMonthlyPartitionsOptions {
  /** Months after the current one to prepare: 0 creates only the current month. */
  monthsAhead: number;
  now?: Date;
}

interface MonthRange {
  name: string;
  from: Date;
  to: Date;
}

/** `<table>_default` holds any row no monthly partition covers, so an insert never fails. */
export function defaultPartitionName(table: MonthlyPartitionedTable): string {
  return `${table}_default`;
}

/** `<table>_yYYYYmMM` for the UTC month containing `date`. */
export function monthlyPartitionName(table: MonthlyPartitionedTable, date: Date): string {
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${table}_y${date.getUTCFullYear()}m${month}`;
}

function monthRanges(table: MonthlyPartitionedTable, now: Date, monthsAhead: number): MonthRange[] {
  return Array.from({ length: monthsAhead + 1 }, (_, offset) => {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
    const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset + 1, 1));
    return { name: monthlyPartitionName(table, from), from, to };
  });
}

async function missingPartitions(db: AnyKysely, ranges: MonthRange[]): Promise<MonthRange[]> {
  const names = ranges.map((range) => range.name);
  const { rows } = await sql<{ name: string }>`
    SELECT name FROM unnest(${names}::text[]) AS name WHERE to_regclass(name) IS NULL
  `.execute(db);
  const missing = new Set(rows.map((row) => row.name));
  return ranges.filter((range) => missing.has(range.name));
}

async function createPartition(trx: AnyKysely, table: MonthlyPartitionedTable, range: MonthRange): Promise<void> {
  const bounds = sql`FROM (${sql.lit(range.from.toISOString())}) TO (${sql.lit(range.to.toISOString())})`;
  const defaultPartition = sql.id(defaultPartitionName(table));
  const inRange = sql`created_at >= ${range.from} AND created_at < ${range.to}`;
  const { rows } = await sql<{ found: boolean }>`
    SELECT EXISTS (SELECT 1 FROM ${defaultPartition} WHERE ${inRange}) AS found
  `.execute(trx);
  if (!rows[0]?.found) {
    await sql`CREATE TABLE ${sql.id(range.name)} PARTITION OF ${sql.id(table)} FOR VALUES ${bounds}`.execute(trx);
    return;
  }
  // PostgreSQL refuses to create a partition while the default partition holds rows of its range,
  // so those rows move into a standalone table that is then attached as the partition.
  await sql`
    CREATE TABLE ${sql.id(range.name)} (LIKE ${sql.id(table)} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)
  `.execute(trx);
  await sql`
    WITH moved AS (DELETE FROM ${defaultPartition} WHERE ${inRange} RETURNING *)
    INSERT INTO ${sql.id(range.name)} SELECT * FROM moved
  `.execute(trx);
  await sql`ALTER TABLE ${sql.id(table)} ATTACH PARTITION ${sql.id(range.name)} FOR VALUES ${bounds}`.execute(trx);
}

/**
 * Creates the monthly partitions of the current month and the `monthsAhead` following ones where
 * missing, for every partitioned table, and returns the names it created. Safe to run from several
 * replicas at once and inside a migration's transaction.
 */
export async function ensureMonthlyPartitions(db: AnyKysely, options: EnsureMonthlyPartitionsOptions): Promise<string[]> {
  if (!Number.isInteger(options.monthsAhead) || options.monthsAhead < 0) {
    throw new RangeError(`monthsAhead must be a non-negative integer, got ${options.monthsAhead}`);
  }
  const now = options.now ?? new Date();
  const created: string[] = [];
  for (const table of monthlyPartitionedTables) {
    // Checked first without a lock: the scheduled run almost always finds nothing to do.
    if ((await missingPartitions(db, monthRanges(table, now, options.monthsAhead))).length === 0) continue;
    const run = async (trx: AnyKysely): Promise<void> => {
      // Taken before any check, this lock serialises concurrent callers and keeps inserts from
      // routing rows into the default partition between the check and the CREATE.
      await sql`LOCK TABLE ONLY ${sql.id(table)} IN ACCESS EXCLUSIVE MODE`.execute(trx);
      for (const range of await missingPartitions(trx, monthRanges(table, now, options.monthsAhead))) {
        await createPartition(trx, table, range);
        created.push(range.name);
      }
    };
    await (db.isTransaction ? run(db) : db.transaction().execute(run));
  }
  return created;
}
