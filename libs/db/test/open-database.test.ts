import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/index.js';
import { createScratchDatabase, type ScratchDatabase, silentLogger, withDatabase } from './scratch-database.js';

describe('openDatabase with a url', () => {
  let scratch: ScratchDatabase;
  let database: Database;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: silentLogger, applicationName: 'db-test' });
  });
  afterAll(async () => {
    await database.close();
    await scratch.drop();
  });

  it('connects, pings and names itself to the server', async () => {
    expect(database.embedded).toBe(false);
    expect(database.url).toBe(scratch.url);
    await database.ping();
    const { rows } = await sql<{ name: string }>`SELECT current_setting('application_name') AS name`.execute(database.db);
    expect(rows[0]?.name).toBe('db-test');
  });

  it('reads int8 as a number when exact, timestamptz as a Date', async () => {
    const { rows } = await sql<{ small: number; huge: string; counted: number; at: Date }>`
      SELECT 42::int8 AS small, 9007199254740993::int8 AS huge, count(*) AS counted, now() AS at
      FROM generate_series(1, 3)
    `.execute(database.db);
    expect(rows[0]).toMatchObject({ small: 42, huge: '9007199254740993', counted: 3 });
    expect(rows[0]?.at).toBeInstanceOf(Date);
  });

  it('close() ends the pool even when only ping() used it, and may be called twice', async () => {
    const other = await openDatabase({ url: scratch.url, logger: silentLogger });
    await other.ping();
    await other.close();
    await other.close();
    expect(other.pool.ended).toBe(true);
  });

  it('explains in one line when the server is unreachable', async () => {
    const error = await openDatabase({
      url: 'postgres://postgres@127.0.0.1:1/postgres',

      logger: silentLogger,
    }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:1 (connection refused)');
  });

  it('explains a missing database and a malformed url', async () => {
    await expect(openDatabase({ url: withDatabase(scratch.url, 'parley_no_such_db'), logger: silentLogger })).rejects.toThrow(
      /^DATABASE_URL: database "parley_no_such_db" does not exist at /,
    );
    await expect(openDatabase({ url: 'localhost:5432', logger: silentLogger })).rejects.toThrow(/^DATABASE_URL: not a PostgreSQL URL/);
  });
});
