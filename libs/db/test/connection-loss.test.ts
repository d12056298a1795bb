import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Database, openDatabase } from '../src/index.js';
import { createScratchDatabase, recordingLogger, type ScratchDatabase, withDatabase } from './scratch-database.js';

/** A statement on the server as an administrator, from the `postgres` database. */
async function asAdmin(statement: (client: pg.Client) => string, values: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(inject('databaseAdminUrl'), 'postgres') });
  await client.connect();
  try {
    await client.query(statement(client), values);
  } finally {
    await client.end();
  }
}

const terminateBackends = (name: string) =>
  asAdmin(() => 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
const allowConnections = (name: string, allowed: boolean) =>
  asAdmin((client) => `ALTER DATABASE ${client.escapeIdentifier(name)} WITH ALLOW_CONNECTIONS ${allowed}`);

/**
 * Until the pool holds no connection, checked as each one it drops is gone. (A plain listener:
 * `events.once` would also listen for 'error', which the pool emits for each of them.)
 */
async function poolEmptied(pool: pg.Pool): Promise<void> {
  while (pool.totalCount > 0) await new Promise((resolve) => pool.once('remove', resolve));
}

/** The SQLSTATE (or pg's message, for failures without one) a query failed with. */
async function failureOf(query: Promise<unknown>): Promise<string> {
  return query.then(
    () => 'succeeded',
    (error: { code?: string; message?: string }) => error.code ?? error.message ?? 'unknown',
  );
}

describe('the pool when PostgreSQL drops or refuses connections', () => {
  let scratch: ScratchDatabase;
  let database: Database;
  const log = recordingLogger();

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    database = await openDatabase({ url: scratch.url, logger: log.logger, poolSize: 4, applicationName: 'db-test' });
  });
  afterAll(async () => {
    await database?.close();
    await allowConnections(scratch.name, true).catch(() => undefined);
    await scratch?.drop();
  });

  it('a connection lost while checked out (between two statements of a transaction) fails that transaction, not the process', async () => {
    let checkedOut: pg.PoolClient | undefined;
    database.pool.once('acquire', (client) => {
      checkedOut = client;
    });
    const outcome = await failureOf(
      database.db.transaction().execute(async (trx) => {
        await sql`SELECT 1`.execute(trx);
        // A plain listener: one for 'error' here would keep the process alive without the pool's.
        const ended = new Promise((resolve) => (checkedOut as pg.PoolClient).once('end', resolve));
        await terminateBackends(scratch.name);
        // The backend's goodbye arrives while no statement is running: pg emits it as an 'error'
        // event on the client, which without a listener would end the process, and then 'end'.
        await ended;
        await sql`SELECT 1`.execute(trx);
      }),
    );
    expect(outcome).toMatch(/^57P01$|not queryable|Connection terminated/);
    expect(await failureOf(sql`SELECT 1`.execute(database.db))).toBe('succeeded');
  });

  it('idle connections losing their backends are logged and replaced', async () => {
    // Fill the pool with idle connections, then have the server end them all.
    await Promise.all([1, 2, 3].map(() => sql`SELECT pg_sleep(0.05)`.execute(database.db)));
    expect(database.pool.idleCount).toBeGreaterThan(1);
    await terminateBackends(scratch.name);
    await poolEmptied(database.pool);
    expect(log.messages()).toContain('idle database connection failed');
    expect(await failureOf(sql`SELECT 1`.execute(database.db))).toBe('succeeded');
  });

  it('while the database refuses connections every query fails with its SQLSTATE, and the pool recovers once it accepts them again', async () => {
    await sql`SELECT 1`.execute(database.db);
    await allowConnections(scratch.name, false);
    await terminateBackends(scratch.name);
    // The pool drops its idle connection once the server's goodbye arrives; a query given that
    // connection before then fails as "Connection terminated", with no SQLSTATE to check.
    await poolEmptied(database.pool);
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        expect(await failureOf(sql`SELECT 1`.execute(database.db))).toMatch(/^(55000|57P01)$/);
      }
      expect(await failureOf(database.ping())).toBe('55000');
    } finally {
      await allowConnections(scratch.name, true);
    }
    expect(await failureOf(sql`SELECT 1`.execute(database.db))).toBe('succeeded');
    expect(await failureOf(database.ping())).toBe('succeeded');
  });
});
