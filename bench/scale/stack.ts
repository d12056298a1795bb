import { randomBytes } from 'node:crypto';
import { deleteNamespaceStreams } from '@parley/bus';
import { migrateToLatest, openDatabase } from '@parley/db';
import type { Logger } from '@parley/logger';
import { freePort } from '@parley/testing';
import { bundleService } from '../common/bundles.js';
import { childEnv, type ServiceProcess, startService } from '../common/child-process.js';
import { deleteRedisKeys, onServer, type ServerUrls, serverUrls } from '../common/real-stack.js';
import { Cleanups, repoRoot, type Runtime } from '../common/stack.js';

/** The services of the scaling run; memory and cleanup take no part in a turn. */
type Service = 'gateway' | 'links' | 'sessions' | 'agent-runner';

export interface ScaleProcess {
  name: string;
  service: Service;
  proc: ServiceProcess;
  healthUrl: string;
  /** The gateway's public URL. */
  publicUrl?: string;
  /** What it was started with, so `restart` brings it back the same (same ports). */
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface ScaleStackOptions {
  runtime: Runtime;
  logger: Logger;
  log: (line: string) => void;
  runnerEnv: Record<string, string>;
  /** Variables of the gateways only (e.g. raised public rate limits). */
  gatewayEnv?: Record<string, string>;
  /** Servers of the stack's own instead of the machine's (the database is still created through `databaseUrl`). */
  servers?: ServerUrls;
  /** `host:port` the services reach PostgreSQL through instead of `servers.databaseUrl`'s (a proxy in front of it). */
  databaseAddress?: string;
}

/**
 * A stack whose processes are added one at a time: its own database, NATS namespace and Redis
 * keys on the machine's servers, removed by `stop()`.
 */
export class ScaleStack {
  readonly processes: ScaleProcess[] = [];
  readonly adminApiKey = `bench-admin-${randomBytes(12).toString('hex')}`;
  readonly chatApiSecret = `bench-chat-${randomBytes(12).toString('hex')}`;
  readonly namespace: string;
  readonly natsUrl: string;
  private readonly cleanups = new Cleanups();
  private readonly entries = new Map<Service, string[]>();
  private common: Record<string, string> = {};

  /** The stack's own database (`parley_bench_<namespace>`) and the URL its services use. */
  readonly database: string;
  databaseUrl = '';

  private constructor(
    private readonly options: ScaleStackOptions,
    runId: string,
  ) {
    this.namespace = `scale${runId}`;
    this.natsUrl = (options.servers ?? serverUrls()).natsUrl;
    this.database = `parley_bench_${this.namespace}`;
  }

  static async create(options: ScaleStackOptions): Promise<ScaleStack> {
    const stack = new ScaleStack(options, `${Date.now()}${randomBytes(2).toString('hex')}`);
    try {
      await stack.prepare();
    } catch (error) {
      await stack.stop();
      throw error;
    }
    return stack;
  }

  get gateways(): ScaleProcess[] {
    return this.processes.filter((p) => p.service === 'gateway');
  }

  runners(): ScaleProcess[] {
    return this.processes.filter((p) => p.service === 'agent-runner');
  }

  /** Starts `count` more processes of a service and waits until each answers /readyz. */
  async add(service: Service, count = 1): Promise<ScaleProcess[]> {
    const started: ScaleProcess[] = [];
    for (let i = 0; i < count; i++) {
      const index = this.processes.filter((p) => p.service === service).length + 1;
      const healthPort = await freePort();
      const own: Record<string, string> = { HEALTH_PORT: String(healthPort) };
      let publicUrl: string | undefined;
      if (service === 'gateway') {
        const port = await freePort();
        Object.assign(own, { PORT: String(port), HOST: '127.0.0.1' });
        publicUrl = `http://127.0.0.1:${port}`;
        Object.assign(own, this.options.gatewayEnv ?? {});
      }
      if (service === 'agent-runner') Object.assign(own, this.options.runnerEnv);
      const name = `${service}-${index}`;
      const args = this.entries.get(service) ?? [];
      const env = childEnv({ ...this.common, ...own });
      const proc = startService(name, args, { cwd: repoRoot, env });
      const entry: ScaleProcess = { name, service, proc, healthUrl: `http://127.0.0.1:${healthPort}`, ...(publicUrl ? { publicUrl } : {}), args, env };
      this.processes.push(entry);
      started.push(entry);
    }
    await Promise.all(started.map((p) => p.proc.waitForHttp(`${p.healthUrl}/readyz`, 60_000)));
    return started;
  }

  /**
   * Stops one process – SIGKILL as in a crash, or SIGTERM as in a rolling restart – and starts it
   * again as it was (same ports and variables); resolves once it answers /readyz.
   */
  async restart(entry: ScaleProcess, how: 'kill' | 'term'): Promise<void> {
    if (how === 'kill') {
      entry.proc.killNow();
      await entry.proc.stop();
    } else {
      await entry.proc.stop();
    }
    entry.proc = startService(entry.name, entry.args, { cwd: repoRoot, env: entry.env });
    await entry.proc.waitForHttp(`${entry.healthUrl}/readyz`, 60_000);
  }

  assertRunning(): void {
    const dead = this.processes.find((p) => !p.proc.running);
    if (dead) throw dead.proc.failure('died during the benchmark');
  }

  stop(): Promise<void> {
    return this.cleanups.runAll();
  }

  private async prepare(): Promise<void> {
    const servers = this.options.servers ?? serverUrls();
    const database = this.database;
    await onServer(servers.databaseUrl, this.options.logger, `CREATE DATABASE "${database}"`);
    this.cleanups.add(`drop database ${database}`, () =>
      onServer(servers.databaseUrl, this.options.logger, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`),
    );
    this.cleanups.add(`delete NATS streams of ${this.namespace}`, () => deleteNamespaceStreams(servers.natsUrl, this.namespace));
    this.cleanups.add(`delete Redis keys of ${this.namespace}`, () => deleteRedisKeys(servers.redisUrl, `${this.namespace}:`));
    const url = new URL(servers.databaseUrl);
    url.pathname = `/${database}`;
    const db = await openDatabase({ url: url.toString(), logger: this.options.logger, poolSize: 1, applicationName: 'parley-bench' });
    if (this.options.databaseAddress) url.host = this.options.databaseAddress;
    this.databaseUrl = url.toString();
    try {
      await migrateToLatest(db.db, this.options.logger);
    } finally {
      await db.close();
    }
    for (const service of ['gateway', 'links', 'sessions', 'agent-runner'] as const) {
      if (this.options.runtime === 'bundle') {
        this.options.log(`bundling ${service} with tsdown`);
        this.entries.set(service, [await bundleService(service)]);
      } else {
        this.entries.set(service, ['--import', 'tsx', `services/${service}/src/main.ts`]);
      }
    }
    this.common = {
      NATS_URL: servers.natsUrl,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: servers.redisUrl,
      BUS_NAMESPACE: this.namespace,
      ADMIN_API_KEY: this.adminApiKey,
      CHAT_API_SECRET: this.chatApiSecret,
      // The links process's own keys: fresh for each run, like its database.
      AUDIT_KEY: randomBytes(24).toString('hex'),
      VERIFICATION_KEY: randomBytes(24).toString('hex'),
      SECRETS_KEY: randomBytes(24).toString('hex'),
      LOG_LEVEL: 'warn',
    };
    this.cleanups.add('stop the services', () => Promise.all(this.processes.map((p) => p.proc.stop())));
  }
}
