import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@parley/logger';
import pg from 'pg';
import { inject } from 'vitest';

// Provided by the test harness's global setup (libs/testing): the server every test run uses.
declare module 'vitest' {
  export interface ProvidedContext {
    databaseAdminUrl: string;
    testRunId: string;
  }
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('databaseAdminUrl') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * An empty database of its own for one test. Named like the harness's per-run databases, so the
 * run's teardown drops it even if the test never gets to.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `parley_t_${inject('testRunId')}_db${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  return {
    name,
    url: withDatabase(inject('databaseAdminUrl'), name),
    drop: async () => {
      await admin((client) => client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

export const silentLogger: Logger = createLogger({ service: 'db-test', level: 'silent' });

/** A logger whose JSON lines the test can read back. */
export function recordingLogger(): { logger: Logger; messages: () => string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = createLogger({ service: 'db-test', level: 'info', destination });
  return { logger, messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg) };
}
