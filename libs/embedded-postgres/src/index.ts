import { type Database, openDatabase } from '@parley/db';
import type { Logger } from '@parley/logger';
import pg from 'pg';
import { type EmbeddedServer, startEmbeddedServer } from './embedded-server.js';

export { type EmbeddedServer, startEmbeddedServer } from './embedded-server.js';

/**
 * Embedded PostgreSQL: what `npm start` runs on when DATABASE_URL is unset. A package of its own
 * so that only the one-process mode (and the test helpers standing in for a server) installs the
 * 60 MB of PostgreSQL binaries; a standalone service always has DATABASE_URL.
 */
export interface OpenEmbeddedDatabaseOptions {
  /** The cluster lives in `${dataDir}/postgres`. */
  dataDir: string;
  logger: Logger;
  /** Connections in the pool; 10 by default. */
  poolSize?: number;
  applicationName?: string;
  /** Aborts the start (see startEmbeddedServer); the server is stopped again if it got as far as starting. */
  signal?: AbortSignal;
}

const EMBEDDED_DATABASE = 'parley';

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

/** Starts embedded PostgreSQL under dataDir and opens its `parley` database; close() also stops the server. */
export async function openEmbeddedDatabase(options: OpenEmbeddedDatabaseOptions): Promise<Database> {
  const server = await startEmbeddedServer({ dataDir: options.dataDir, logger: options.logger, ...(options.signal ? { signal: options.signal } : {}) });
  let database: Database;
  try {
    options.signal?.throwIfAborted();
    await ensureEmbeddedDatabase(server, options.logger);
    database = await openDatabase({
      url: server.urlFor(EMBEDDED_DATABASE),
      logger: options.logger,
      ...(options.poolSize === undefined ? {} : { poolSize: options.poolSize }),
      ...(options.applicationName === undefined ? {} : { applicationName: options.applicationName }),
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    ...database,
    embedded: true,
    close: () => {
      closing ??= (async () => {
        try {
          await database.close();
        } finally {
          await server.stop();
        }
      })();
      return closing;
    },
  };
}
export { distinctPorts, freeLoopbackPort, listenOnce } from './free-port.js';
