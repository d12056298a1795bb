import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.js';
import { createScratchDatabase, type ScratchDatabase } from './scratch-database.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const names = Object.keys(migrations);
const last = names.at(-1) as string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run migrate -- …args` from the repository's root, as an operator types it. */
function start(args: string[], databaseUrl: string | undefined): { child: ChildProcess; done: Promise<Run> } {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  if (databaseUrl !== undefined) env.DATABASE_URL = databaseUrl;
  const child = spawn('npm', ['run', '--silent', 'migrate', '--', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}

const migrate = (args: string[], databaseUrl: string | undefined) => start(args, databaseUrl).done;

/** Any command, to its end. */
function run(command: string, args: string[], cwd: string, vars: Record<string, string>): Promise<Run> {
  const env = { ...process.env, ...vars };
  if (vars.DATABASE_URL === undefined) delete env.DATABASE_URL;
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** status's lines for the migrations (its last line is the count). */
const states = (stdout: string) =>
  Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .slice(0, -1)
      .map((line) => {
        const [name, state] = line.split(/\s+/);
        return [name, state];
      }),
  );

describe('npm run migrate', () => {
  let scratch: ScratchDatabase;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
  });
  afterAll(async () => scratch?.drop());

  it('status on an empty database lists every migration as pending', async () => {
    const run = await migrate(['status'], scratch.url);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(states(run.stdout)).toEqual(Object.fromEntries(names.map((name) => [name, 'pending'])));
    expect(run.stdout.trim().split('\n').at(-1)).toBe(`${names.length} migrations: 0 applied, ${names.length} pending`);
  });

  it('down on a database with nothing applied refuses', async () => {
    const run = await migrate(['down'], scratch.url);
    expect(run).toEqual({ code: 1, stdout: '', stderr: 'nothing to revert: no migration is applied\n' });
  });

  it('up applies every pending migration and says which; status then shows them applied', async () => {
    const run = await migrate(['up'], scratch.url);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(`${names.map((name) => `applied ${name}\n`).join('')}${names.length} applied\n`);

    const status = await migrate(['status'], scratch.url);
    expect(status.code).toBe(0);
    expect(states(status.stdout)).toEqual(Object.fromEntries(names.map((name) => [name, 'applied'])));
    // Each applied line says when.
    expect(status.stdout).toMatch(new RegExp(`${last}\\s+applied\\s+\\d{4}-\\d{2}-\\d{2}T`));
  });

  it('up again applies nothing', async () => {
    expect(await migrate(['up'], scratch.url)).toEqual({ code: 0, stdout: 'nothing to apply: every migration is applied\n', stderr: '' });
  });

  it('down reverts the last applied migration only, and up applies it again', async () => {
    const down = await migrate(['down'], scratch.url);
    expect(down).toEqual({ code: 0, stdout: `reverted ${last}\n`, stderr: '' });
    const status = await migrate(['status'], scratch.url);
    expect(states(status.stdout)).toEqual(Object.fromEntries(names.map((name) => [name, name === last ? 'pending' : 'applied'])));

    expect(await migrate(['up'], scratch.url)).toEqual({ code: 0, stdout: `applied ${last}\n1 applied\n`, stderr: '' });
  });

  it('waits while another process holds the migration lock (a service starting), then migrates', async () => {
    await migrate(['down'], scratch.url);
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    try {
      // The lock a starting service takes in migrateToLatest.
      await holder.query('SELECT pg_advisory_lock($1)', [0x7061726c]);
      const { child, done } = start(['up'], scratch.url);
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no waiting message within 20 s')), 20_000);
        child.stderr?.on('data', (chunk) => {
          if (String(chunk).includes('another process is migrating: waiting for it to finish')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      const { rows } = await holder.query('SELECT count(*)::int AS n FROM kysely_migration WHERE name = $1', [last]);
      expect(rows[0].n).toBe(0);
      await holder.query('SELECT pg_advisory_unlock($1)', [0x7061726c]);
      expect(await done).toMatchObject({ code: 0, stdout: `applied ${last}\n1 applied\n` });
    } finally {
      await holder.end();
    }
  });

  it('a database a newer version migrated: status lists what this version does not know, up and down refuse saying why', async () => {
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      await client.query("INSERT INTO kysely_migration (name, timestamp) VALUES ('2099010101_from_a_newer_version', now())");
      const status = await migrate(['status'], scratch.url);
      expect(status.code).toBe(0);
      expect(status.stdout).toMatch(/^2099010101_from_a_newer_version\s+applied\s+\(not known to this version\)$/m);
      const refusal =
        'the database has migrations this version does not know (2099010101_from_a_newer_version): a newer version migrated it; ' +
        'run that version, or revert them with its `npm run migrate -- down` (docs/operations.md, "Migrations")\n';
      expect(await migrate(['up'], scratch.url)).toEqual({ code: 1, stdout: '', stderr: refusal });
      expect(await migrate(['down'], scratch.url)).toEqual({ code: 1, stdout: '', stderr: refusal });
    } finally {
      await client.query("DELETE FROM kysely_migration WHERE name = '2099010101_from_a_newer_version'");
      await client.end();
    }
    expect(await migrate(['up'], scratch.url)).toMatchObject({ code: 0, stdout: 'nothing to apply: every migration is applied\n' });
  });

  it('an unknown command, extra words or none answer the usage on stderr with exit code 2', async () => {
    for (const args of [['sideways'], ['up', 'now'], []]) {
      const run = await migrate(args, scratch.url);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('usage: npm run migrate -- <command>');
    }
    expect((await migrate(['sideways'], scratch.url)).stderr).toMatch(/^unknown command: sideways\n/);
  });

  it("is in a service's image as dist/migrate.js: the bundle tsdown builds answers status like the checkout's command", async () => {
    // Built as `npm run build` builds it, into a folder under node_modules so its bare imports resolve.
    const outDir = join(ROOT, 'node_modules', '.cache', 'parley-migrate-test', `cleanup-${process.pid}`);
    try {
      const built = await run(
        process.execPath,
        [join(ROOT, 'node_modules', 'tsdown', 'dist', 'run.mjs'), '--out-dir', outDir],
        join(ROOT, 'services', 'cleanup'),
        {},
      );
      expect(built.code, built.stderr).toBe(0);
      const status = await run(process.execPath, [join(outDir, 'migrate.js'), 'status'], ROOT, { DATABASE_URL: scratch.url });
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).toBe((await migrate(['status'], scratch.url)).stdout);
      expect(Object.keys(states(status.stdout))).toEqual(names);
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('without DATABASE_URL, or with one that cannot be reached, says so and exits 1', async () => {
    expect(await migrate(['status'], undefined)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'DATABASE_URL is required: the database to migrate, postgres://user:password@host:5432/database\n',
    });
    const unreachable = new URL(scratch.url);
    unreachable.port = '1';
    const run = await migrate(['status'], unreachable.toString());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^DATABASE_URL: cannot reach PostgreSQL at .+:1 \(connection refused\)\n$/);
  });
});
