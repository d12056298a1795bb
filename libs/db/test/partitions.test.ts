import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type DB, ensureMonthlyPartitions, migrateToLatest, monthlyPartitionName, openDatabase } from '../src/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger } from './scratch-database.js';

function monthsFromNow(offset: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
}

async function partitionsOf(db: Kysely<DB>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT inhrelid::regclass::text AS name FROM pg_inherits
    WHERE inhparent = ${table}::regclass ORDER BY 1
  `.execute(db);
  return rows.map((row) => row.name);
}

async function partitionHolding(db: Kysely<DB>, table: 'text_conversation_messages' | 'text_conversation_transitions', id: string) {
  const { rows } = await sql<{ partition: string }>`
    SELECT tableoid::regclass::text AS partition FROM ${sql.table(table)} WHERE id = ${id}
  `.execute(db);
  return rows.map((row) => row.partition);
}

async function insertMessage(db: Kysely<DB>, createdAt: Date): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('text_conversation_messages')
    .values({ id, conversation_id: randomUUID(), sequence: 0, role: 'user', content: 'hi', created_at: createdAt })
    .execute();
  return id;
}

async function insertTransition(db: Kysely<DB>, createdAt: Date): Promise<string> {
  const row = await db
    .insertInto('text_conversation_transitions')
    .values({ conversation_id: randomUUID(), turn_number: 1, sequence: 0, from_node: 'a', to_node: 'b', created_at: createdAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('monthly partitions', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  let db: Kysely<DB>;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger });
    db = database.db;
    await migrateToLatest(db, silentLogger);
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  it('the migration creates a default and this month and the next two for each table', async () => {
    for (const table of ['text_conversation_messages', 'text_conversation_transitions'] as const) {
      const expected = [0, 1, 2].map((offset) => monthlyPartitionName(table, monthsFromNow(offset)));
      expect(await partitionsOf(db, table)).toEqual([`${table}_default`, ...expected].sort());
    }
    expect(await ensureMonthlyPartitions(db, { monthsAhead: 2 })).toEqual([]);
  });

  it('adds the missing months once', async () => {
    const created = await ensureMonthlyPartitions(db, { monthsAhead: 3 });
    expect(created).toEqual([
      monthlyPartitionName('text_conversation_messages', monthsFromNow(3)),
      monthlyPartitionName('text_conversation_transitions', monthsFromNow(3)),
    ]);
    expect(await ensureMonthlyPartitions(db, { monthsAhead: 3 })).toEqual([]);
  });

  it('is safe when replicas run it at the same time', async () => {
    const other = await openDatabase({ url: scratch.url, logger: silentLogger });
    try {
      const now = new Date(Date.UTC(2040, 0, 15));
      const results = await Promise.all([ensureMonthlyPartitions(db, { monthsAhead: 1, now }), ensureMonthlyPartitions(other.db, { monthsAhead: 1, now })]);
      expect(results.flat().sort()).toEqual([
        'text_conversation_messages_y2040m01',
        'text_conversation_messages_y2040m02',
        'text_conversation_transitions_y2040m01',
        'text_conversation_transitions_y2040m02',
      ]);
    } finally {
      await other.close();
    }
  });

  it('routes rows to their month', async () => {
    const id = await insertMessage(db, new Date());
    expect(await partitionHolding(db, 'text_conversation_messages', id)).toEqual([monthlyPartitionName('text_conversation_messages', new Date())]);
    const transition = await insertTransition(db, monthsFromNow(1));
    expect(await partitionHolding(db, 'text_conversation_transitions', transition)).toEqual([
      monthlyPartitionName('text_conversation_transitions', monthsFromNow(1)),
    ]);
  });

  it('keeps a row with no month yet in the default partition and moves it when the month is created', async () => {
    const at = new Date('2031-03-15T12:00:00Z');
    const message = await insertMessage(db, at);
    const transition = await insertTransition(db, at);
    const unrelated = await insertMessage(db, new Date('2032-07-01T00:00:00Z'));
    expect(await partitionHolding(db, 'text_conversation_messages', message)).toEqual(['text_conversation_messages_default']);
    expect(await partitionHolding(db, 'text_conversation_transitions', transition)).toEqual(['text_conversation_transitions_default']);

    const created = await ensureMonthlyPartitions(db, { monthsAhead: 0, now: new Date('2031-03-31T23:59:59Z') });
    expect(created).toEqual(['text_conversation_messages_y2031m03', 'text_conversation_transitions_y2031m03']);
    expect(await partitionHolding(db, 'text_conversation_messages', message)).toEqual(['text_conversation_messages_y2031m03']);
    expect(await partitionHolding(db, 'text_conversation_transitions', transition)).toEqual(['text_conversation_transitions_y2031m03']);
    expect(await partitionHolding(db, 'text_conversation_messages', unrelated)).toEqual(['text_conversation_messages_default']);

    // The attached partition carries the parent's keys and checks like any other.
    const { rows } = await sql<{ tablename: string; indexes: number }>`
      SELECT tablename, count(*)::int AS indexes FROM pg_indexes
      WHERE tablename IN ('text_conversation_messages', 'text_conversation_messages_y2031m03') GROUP BY tablename
    `.execute(db);
    const count = (table: string) => rows.find((row) => row.tablename === table)?.indexes;
    expect(count('text_conversation_messages_y2031m03')).toBeGreaterThanOrEqual(2);
    expect(count('text_conversation_messages_y2031m03')).toBe(count('text_conversation_messages'));
    await expect(
      db
        .insertInto('text_conversation_messages')
        .values({ id: message, conversation_id: randomUUID(), sequence: 0, role: 'user', content: 'again', created_at: at })
        .execute(),
    ).rejects.toThrow(/duplicate key/);
  });
});
