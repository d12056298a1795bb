/**
 * `npm run migrate -- status|up|down` (and `dist/migrate.js` in the images of the services that own
 * tables): the start-up migration as a command, for an operator who
 * migrates apart from the services (a least-privilege role, a release applied before the rollout)
 * or reverts one. Takes the same advisory lock as a starting service (docs/operations.md,
 * "Migrations").
 */
import { createLogger } from '@parley/logger';
import { type Database, openDatabase } from './open-database.js';
import { migrateDown, migrateUp, migrationStatus } from './migrate.js';

const USAGE = `usage: npm run migrate -- <command>   (in a checkout)
       node services/<name>/dist/migrate.js <command>   (in the image of links, sessions, memory or cleanup)

commands:
  status   lists every migration, applied (with when) or pending
  up       applies every pending migration
  down     reverts the last applied migration (its tables and their data go)

DATABASE_URL names the database: postgres://user:password@host:5432/database`;

// Errors are reported as one line each on stderr, not as log lines.
const silent = createLogger({ service: 'migrate', level: 'silent' });

/** Exit codes: 0 done, 1 refused or failed, 2 not understood. */
type ExitCode = 0 | 1 | 2;

interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

// The one place this process reads its environment (the services' rule: config at the entry).
function databaseUrlFrom(env: NodeJS.ProcessEnv): string | undefined {
  const url = env.DATABASE_URL?.trim();
  return url ? url : undefined;
}

async function status(database: Database, io: Output): Promise<ExitCode> {
  const { migrations, unknown } = await migrationStatus(database.db);
  const width = Math.max(...migrations.map((migration) => migration.name.length), ...unknown.map((name) => name.length));
  for (const migration of migrations) {
    const state = migration.appliedAt ? `applied  ${migration.appliedAt.toISOString()}` : 'pending';
    io.out(`${migration.name.padEnd(width)}  ${state}`);
  }
  for (const name of unknown) io.out(`${name.padEnd(width)}  applied  (not known to this version)`);
  const applied = migrations.filter((migration) => migration.appliedAt).length;
  io.out(`${migrations.length} migrations: ${applied} applied, ${migrations.length - applied} pending`);
  return 0;
}

async function up(database: Database, io: Output, onWait: () => void): Promise<ExitCode> {
  const applied = await migrateUp(database.db, { logger: silent, onWait });
  for (const name of applied) io.out(`applied ${name}`);
  io.out(applied.length === 0 ? 'nothing to apply: every migration is applied' : `${applied.length} applied`);
  return 0;
}

async function down(database: Database, io: Output, onWait: () => void): Promise<ExitCode> {
  const reverted = await migrateDown(database.db, { logger: silent, onWait });
  if (reverted === undefined) {
    io.err('nothing to revert: no migration is applied');
    return 1;
  }
  io.out(`reverted ${reverted}`);
  return 0;
}

const commands = { status, up, down } as const;
const isCommand = (name: string | undefined): name is keyof typeof commands => name !== undefined && Object.hasOwn(commands, name);

async function runMigrateCli(args: readonly string[], env: NodeJS.ProcessEnv, io: Output): Promise<ExitCode> {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (!isCommand(command) || rest.length > 0) {
    io.err(command === undefined ? 'no command given' : `unknown command: ${[command, ...rest].join(' ')}`);
    io.err(USAGE);
    return 2;
  }
  const url = databaseUrlFrom(env);
  if (url === undefined) {
    io.err('DATABASE_URL is required: the database to migrate, postgres://user:password@host:5432/database');
    return 1;
  }
  let database: Database;
  try {
    database = await openDatabase({ url, logger: silent, poolSize: 2, applicationName: 'parley-migrate' });
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
  try {
    return await commands[command](database, io, () => io.err('another process is migrating: waiting for it to finish'));
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await runMigrateCli(process.argv.slice(2), process.env, {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
