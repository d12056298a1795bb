import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrateToLatest, openDatabase } from '@parley/db';
import type { Logger } from '@parley/logger';
import pg from 'pg';

/**
 * `<unix seconds><4 hex>`. The timestamp lets a later run recognise what a crashed run left;
 * the fixed length keeps names built from it unambiguous.
 */
export function newRunId(now = new Date()): string {
  return `${Math.floor(now.getTime() / 1000)}${randomBytes(2).toString('hex')}`;
}

export function templateDatabaseName(runId: string): string {
  return `parley_tpl_${runId}`;
}

export function testDatabaseName(runId: string, suffix: string): string {
  return `parley_t_${runId}_${suffix}`;
}

const harnessDatabase = /^parley_(?:tpl|t)_(\d{10})[0-9a-f]{4}(?:_|$)/;

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'parley-test-harness' });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** WITH (FORCE): a connection a test forgot to close must not keep its database alive. */
async function dropDatabases(client: pg.Client, names: string[]): Promise<void> {
  for (const name of names) {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  }
}

/**
 * Creates the run's template: a database with every migration applied, which each test clones.
 * Connections to it are then forbidden, because PostgreSQL refuses to clone a database that has
 * a session open.
 */
export async function createTemplateDatabase(adminUrl: string, runId: string, logger: Logger): Promise<void> {
  const name = templateDatabaseName(runId);
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`));
  const database = await openDatabase({ url: withDatabase(adminUrl, name), logger, poolSize: 1 });
  try {
    await migrateToLatest(database.db, logger);
  } finally {
    await database.close();
  }
  await withAdmin(adminUrl, (client) => client.query(`ALTER DATABASE ${client.escapeIdentifier(name)} WITH ALLOW_CONNECTIONS false`));
}

const OBJECT_IN_USE = '55006';

/**
 * Clones the run's template into a new database. PostgreSQL waits a few seconds for sessions on
 * the template to end and then fails with 55006; a clone retried after that succeeds.
 */
export async function cloneTemplateDatabase(adminUrl: string, runId: string, name: string): Promise<void> {
  const template = templateDatabaseName(runId);
  await withAdmin(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)} TEMPLATE ${client.escapeIdentifier(template)}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt >= 5) throw error;
        await sleep(100 * attempt);
      }
    }
  });
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdmin(adminUrl, (client) => dropDatabases(client, [name]));
}

/** Drops the template and every test database of this run. */
export async function dropRunDatabases(adminUrl: string, runId: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR starts_with(datname, $2)`, [
      templateDatabaseName(runId),
      `parley_t_${runId}_`,
    ]);
    await dropDatabases(
      client,
      rows.map((row) => row.datname),
    );
  });
}

/** Drops what crashed runs left behind: harness databases whose run began over `maxAgeMs` ago. */
export async function dropStaleDatabases(adminUrl: string, maxAgeMs: number, logger: Logger): Promise<void> {
  const cutoff = Math.floor((Date.now() - maxAgeMs) / 1000);
  await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, 'parley_t')`);
    const stale = rows
      .map((row) => row.datname)
      .filter((name) => {
        const started = harnessDatabase.exec(name)?.[1];
        return started !== undefined && Number(started) < cutoff;
      });
    if (stale.length > 0) logger.info({ databases: stale }, 'dropping databases left by crashed test runs');
    await dropDatabases(client, stale);
  });
}
