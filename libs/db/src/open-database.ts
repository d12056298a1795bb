import type { Logger } from '@parley/logger';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describeConnectionError, parseDatabaseUrl } from './connection-error.js';
import { type EmbeddedServer, startEmbeddedServer } from './embedded/embedded-server.js';
import { pgTypes } from './pg-types.js';
import type { DB } from './schema.js';

export interface OpenDatabaseOptions {
  /** DATABASE_URL; unset starts embedded PostgreSQL with its data under dataDir. */
  url?: string;
  /** Embedded mode keeps its cluster in `${dataDir}/postgres`; unused with a url. */
  dataDir: string;
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
  embedded: boolean;
  ping(): Promise<void>;
  /** Closes the pool, and stops the embedded server if this call started one. */
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'parley';

function createPool(url: string, options: OpenDatabaseOptions): pg.Pool {
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

function wrap(pool: pg.Pool, url: string, server: EmbeddedServer | undefined): Database {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    db,
    pool,
    url,
    embedded: server !== undefined,
    ping: async () => {
      await pool.query('SELECT 1');
    },
    close: () => {
      closing ??= (async () => {
        await db.destroy();
        // Kysely ends the pool only if it ever ran a query through it.
        if (!pool.ending) await pool.end();
        await server?.stop();
      })();
      return closing;
    },
  };
}

/** Creates the `parley` database on the first start of an embedded cluster. */
async function ensureEmbeddedDatabase(server: EmbeddedServer, logger: Logger): Promise<void> {
  const client = new pg.Client({ connectionString: server.urlFor('postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
    if (rowCount) return;
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(EMBEDDED_DATABASE)}`);
    logger.info({ database: EMBEDDED_DATABASE }, 'created embedded database');
  } finally {
    await client.end();
  }
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const server = await startEmbeddedServer({ dataDir: options.dataDir, logger: options.logger });
  try {
    await ensureEmbeddedDatabase(server, options.logger);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return wrap(createPool(server.urlFor(EMBEDDED_DATABASE), options), server.urlFor(EMBEDDED_DATABASE), server);
}

async function openUrl(url: string, options: OpenDatabaseOptions): Promise<Database> {
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
  return wrap(pool, url, undefined);
}

/**
 * Connects to DATABASE_URL (checked with `SELECT 1`; failures throw a one-line `DATABASE_URL: …`
 * error) or, without a url, starts embedded PostgreSQL and opens its `parley` database.
 */
export function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  return options.url ? openUrl(options.url, options) : openEmbedded(options);
}
