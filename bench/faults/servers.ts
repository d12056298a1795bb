import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findExecutable, freePort } from '@parley/testing';

const READY_TIMEOUT_MS = 15_000;

/**
 * A server binary of the run's own (nats-server, redis-server) on a loopback port and a directory
 * of its own, which the run may stop and start again on the same port and directory. Never the
 * machine's shared servers.
 */
export class DedicatedServer {
  private child: ChildProcess | undefined;

  private constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly ready: RegExp,
    readonly url: string,
    private readonly dir: string,
  ) {}

  static async start(kind: 'nats' | 'redis'): Promise<DedicatedServer> {
    const binary = kind === 'nats' ? 'nats-server' : 'redis-server';
    const command = await findExecutable(binary);
    if (!command) throw new Error(`${binary} is not on PATH: the faults bench runs servers of its own`);
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), `parley-faults-${kind}-`));
    const server =
      kind === 'nats'
        ? new DedicatedServer('NATS', command, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], /Server is ready/, `nats://127.0.0.1:${port}`, dir)
        : // Nothing on disk: a restart starts empty, as a Redis without persistence does.
          new DedicatedServer(
            'Redis',
            command,
            ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
            /Ready to accept connections/,
            `redis://127.0.0.1:${port}`,
            dir,
          );
    try {
      await server.up();
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return server;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it (again) and resolves once it prints its ready line. */
  async up(): Promise<void> {
    const child = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
      const onData = (chunk: Buffer) => {
        output += chunk.toString('utf8');
        if (this.ready.test(output)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', () => resolve(false));
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (!ready) {
      await this.down('SIGKILL');
      throw new Error(`${this.name} (${this.command}) did not start: ${output.trim().split('\n').slice(-3).join(' | ')}`);
    }
    // Keep draining its output so a chatty server never blocks on a full pipe.
    child.stdout?.removeAllListeners('data').resume();
    child.stderr?.removeAllListeners('data').resume();
  }

  /** Stops it (SIGTERM: a clean stop; SIGKILL after 10 s) and resolves once it has exited. */
  async down(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Stops it for good and removes its directory. */
  async remove(): Promise<void> {
    await this.down();
    await rm(this.dir, { recursive: true, force: true });
  }
}

/**
 * A TCP proxy on a loopback port in front of PostgreSQL, which the services reach the database
 * through: `refuse()` closes its port and drops every connection through it – to the services,
 * PostgreSQL is down and refuses connections – and `accept()` opens the port again.
 */
export class PostgresProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<Socket>();
  /** Connections made through the proxy, and those dropped by `refuse`. */
  connections = 0;
  dropped = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  /** `databaseUrl`: the PostgreSQL it forwards to. */
  static async start(databaseUrl: string): Promise<PostgresProxy> {
    const url = new URL(databaseUrl);
    const proxy = new PostgresProxy(await freePort(), { host: url.hostname || '127.0.0.1', port: Number(url.port || 5432) });
    await proxy.accept();
    return proxy;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get refusing(): boolean {
    return this.server === undefined;
  }

  async accept(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    this.server = server;
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
  }

  async refuse(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    this.dropped += this.pairs.size / 2;
    for (const socket of this.pairs) socket.destroy();
    this.pairs.clear();
    await closed;
  }

  async stop(): Promise<void> {
    await this.refuse();
  }

  private forward(client: Socket): void {
    this.connections++;
    const upstream = connect(this.target.port, this.target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    this.pairs.add(client);
    this.pairs.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.pairs.delete(client);
      this.pairs.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
