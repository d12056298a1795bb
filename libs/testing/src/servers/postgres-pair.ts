import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { access, chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../free-port.js';

const run = promisify(execFile);

/** Where Debian keeps the server's programs (initdb, pg_ctl, pg_basebackup are not on PATH). */
export async function postgresBinDir(): Promise<string | null> {
  for (const major of [17, 16, 15, 14]) {
    const dir = `/usr/lib/postgresql/${major}/bin`;
    const found = await access(join(dir, 'initdb')).then(
      () => true,
      () => false,
    );
    if (found) return dir;
  }
  return null;
}

/**
 * A PostgreSQL primary with a synchronous streaming standby, both of the test's own on loopback, behind an
 * address that follows the primary – what HAProxy with a primary check, Patroni or a managed
 * endpoint give production. `failover()` does what losing the primary does there: the primary
 * dies (immediate shutdown, as a crash), the standby is promoted, the address moves to it and the
 * connections through the old one are cut.
 */
export interface PostgresPair {
  /** postgres://postgres@127.0.0.1:<proxy>/postgres: through the address that follows the primary. */
  url: string;
  /** The primary's own address, which a failover takes away. */
  primaryUrl: string;
  /** Kills the primary, promotes the standby and moves the address; resolves once the new primary takes writes through it. */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

/** The server programs run as this user when the test runs as root (initdb refuses root). */
const SERVER_USER = 'postgres';

interface Node {
  dir: string;
  port: number;
  child: ChildProcess;
}

export async function startPostgresPair(binDir: string): Promise<PostgresPair> {
  const root = await mkdtemp(join(tmpdir(), 'parley-pg-pair-'));
  const asRoot = process.getuid?.() === 0;
  let uid = 0;
  let gid = 0;
  if (asRoot) {
    uid = Number((await run('id', ['-u', SERVER_USER])).stdout.trim());
    gid = Number((await run('id', ['-g', SERVER_USER])).stdout.trim());
    await chown(root, uid, gid);
  }
  const tool = (name: string, args: string[]) =>
    run(join(binDir, name), args, { ...(asRoot ? { uid, gid } : {}), env: { ...process.env, PGUSER: 'postgres' }, maxBuffer: 8 * 1024 * 1024 });
  const nodes: Node[] = [];
  let proxy: FollowingProxy | undefined;

  const startNode = async (dir: string, port: number): Promise<Node> => {
    const child = spawn(join(binDir, 'postgres'), ['-D', dir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1'], {
      ...(asRoot ? { uid, gid } : {}),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.resume();
    await ready(port);
    return { dir, port, child };
  };

  try {
    const primaryDir = join(root, 'primary');
    const standbyDir = join(root, 'standby');
    await tool('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await writeFile(
      join(primaryDir, 'postgresql.auto.conf'),
      ['wal_level = replica', 'max_wal_senders = 5', 'hot_standby = on', 'fsync = off', 'synchronous_commit = on', 'max_connections = 200', ''].join('\n'),
    );
    await writeFile(
      join(primaryDir, 'pg_hba.conf'),
      ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ''].join('\n'),
    );
    const primary = await startNode(primaryDir, await freePort());
    nodes.push(primary);
    await tool('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', standbyDir, '-R', '-X', 'stream', '--no-sync']);
    await chmod(standbyDir, 0o700);
    const standby = await startNode(standbyDir, await freePort());
    nodes.push(standby);
    // Synchronous: a commit is acknowledged once the standby has it, so a failover loses nothing
    // acknowledged (with asynchronous replication the last commits may be lost with the primary).
    // Set after the copy, so the promoted standby does not wait for a standby of its own.
    await onPrimary(primary.port, ["ALTER SYSTEM SET synchronous_standby_names = '*'", 'SELECT pg_reload_conf()']);
    await synchronous(primary.port);
    proxy = await FollowingProxy.start(primary.port);
    const through = proxy;
    return {
      url: `postgres://postgres@127.0.0.1:${through.port}/postgres`,
      primaryUrl: `postgres://postgres@127.0.0.1:${primary.port}/postgres`,
      async failover() {
        // A crash: no checkpoint, no goodbye to the clients.
        primary.child.kill('SIGKILL');
        await once(primary.child, 'exit').catch(() => undefined);
        through.cut();
        await tool('pg_ctl', ['promote', '-w', '-D', standbyDir]);
        through.follow(standby.port);
        await writable(`postgres://postgres@127.0.0.1:${through.port}/postgres`);
      },
      async stop() {
        through.close();
        await Promise.all(nodes.map((node) => stopNode(node)));
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    proxy?.close();
    await Promise.all(nodes.map((node) => stopNode(node)));
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = once(node.child, 'exit');
  // SIGQUIT: immediate shutdown (nothing to keep).
  node.child.kill('SIGQUIT');
  await exited;
}

async function onPrimary(port: number, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Resolves once the primary has a synchronous standby. */
async function synchronous(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_replication WHERE sync_state = 'sync'");
      if (Number(rows[0]?.n) > 0) return;
      if (Date.now() > deadline) throw new Error('the standby did not become synchronous');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/** Resolves once the server on `port` answers a query. */
async function ready(port: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`PostgreSQL on port ${port} did not start`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/** Resolves once the server behind `url` takes writes (a promoted standby has left recovery). */
async function writable(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      const { rows } = await client.query<{ recovering: boolean }>('SELECT pg_is_in_recovery() AS recovering');
      if (rows[0]?.recovering === false) return;
    } catch {
      // Not yet.
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error('the promoted standby did not take writes');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A TCP address forwarding to one server's port at a time, as a proxy with a primary check does. */
class FollowingProxy {
  private readonly open = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    private target: number | null,
  ) {}

  static async start(target: number): Promise<FollowingProxy> {
    const port = await freePort();
    const server = createServer();
    const proxy = new FollowingProxy(server, port, target);
    server.on('connection', (client) => proxy.accept(client));
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return proxy;
  }

  /** Cuts every connection through it and refuses new ones until it follows another server. */
  cut(): void {
    this.target = null;
    for (const socket of this.open) socket.destroy();
    this.open.clear();
  }

  follow(target: number): void {
    this.target = target;
  }

  close(): void {
    this.cut();
    this.server.close();
  }

  private accept(client: Socket): void {
    if (this.target === null) {
      client.destroy();
      return;
    }
    const upstream = tcpConnect(this.target, '127.0.0.1');
    this.open.add(client);
    this.open.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      this.open.delete(client);
      this.open.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
