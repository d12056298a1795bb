import type { Logger } from '@parley/logger';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describeConnectionError, parseDatabaseUrl } from './connection-error.js';
import { pgTypes } from './pg-types.js';
import type { DB } from './schema.js';

export interface OpenDatabaseOptions {
  /** DATABASE_URL. (One-process mode without one opens embedded PostgreSQL through @parley/embedded-postgres.) */
  url: string;
  logger: Logger;
  /** Connections in the pool; 10 by default. */
  poolSize?: number;
  /** Shown in pg_stat_activity, so an operator sees which service holds a connection. */
  applicationName?: string;
}

export interface Database {
  db: Kysely<DB>;
  pool: pg.Pool;
  /** The database's URL (embedded mode: the `parley` database on the embedded server). */
  url: string;
  /** True for embedded PostgreSQL, which @parley/embedded-postgres opens. */
  embedded: boolean;
  ping(): Promise<void>;
  /** Closes the pool (and, for embedded PostgreSQL, stops the server). */
  close(): Promise<void>;
}

function createPool(url: string, options: Omit<OpenDatabaseOptions, 'url'>): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: options.applicationName ?? 'parley',
    connectionTimeoutMillis: 10_000,
    types: pgTypes,
  });
  // An idle client losing its connection (server restart, failover) must not crash the process;
  // the pool drops it and the next query opens a new one. pool.end() does not wait for sockets to
  // close, so a server stopped right after it may still cut them: expected, not worth a warning.
  pool.on('error', (error) => {
    if (!pool.ending) options.logger.warn({ err: error }, 'idle database connection failed');
  });
  // The pool listens for errors on idle clients only. A client checked out while no statement
  // runs on it (a transaction between two statements) that loses its backend emits 'error' with
  // no listener, which would end the process. Its next statement fails on its own, and the pool
  // discards it when it comes back, so this listener only has to be there.
  pool.on('connect', (client) => {
    client.on('error', (error) => options.logger.debug({ err: error }, 'database connection lost'));
  });
  return pool;
}

function wrap(pool: pg.Pool, url: string): Database {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    db,
    pool,
    url,
    embedded: false,
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => {
      closing ??= (async () => {
        await db.destroy();
        // Kysely ends the pool only if it ever ran a query through it.
        if (!pool.ending) await pool.end();
      })();
      return closing;
    },
  };
}

/**
 * Connects to DATABASE_URL, checked with `SELECT 1`; a failure throws a one-line `DATABASE_URL: …`
 * error that says what to check.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const { url } = options;
  const target = parseDatabaseUrl(url);
  if (!target) {
    throw new Error('DATABASE_URL: not a PostgreSQL URL (expected postgres://user:password@host:port/database)');
  }
  const pool = createPool(url, options);
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(describeConnectionError(error, target), { cause: error });
  }
  options.logger.info({ host: target.host, port: target.port, database: target.database }, 'database connected');
  return wrap(pool, url);
}
