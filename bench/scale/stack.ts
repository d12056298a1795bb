import { randomBytes } from 'node:crypto';
import { deleteNamespaceStreams } from '@parley/bus';
import { migrateToLatest, openDatabase } from '@parley/db';
import type { Logger } from '@parley/logger';
import { freePort } from '@parley/testing';
import { bundleService } from '../common/bundles.js';
import { childEnv, ServiceProcess } from '../common/child-process.js';
import { deleteRedisKeys, onServer, serverUrls } from '../common/real-stack.js';
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

  private constructor(
    private readonly options: { runtime: Runtime; logger: Logger; log: (line: string) => void; runnerEnv: Record<string, string> },
    runId: string,
  ) {
    this.namespace = `scale${runId}`;
    this.natsUrl = serverUrls().natsUrl;
  }

  static async create(options: { runtime: Runtime; logger: Logger; log: (line: string) => void; runnerEnv: Record<string, string> }): Promise<ScaleStack> {
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
      }
      if (service === 'agent-runner') Object.assign(own, this.options.runnerEnv);
      const name = `${service}-${index}`;
      const proc = new ServiceProcess(name, this.entries.get(service) ?? [], { cwd: repoRoot, env: childEnv({ ...this.common, ...own }) });
      const entry: ScaleProcess = { name, service, proc, healthUrl: `http://127.0.0.1:${healthPort}`, ...(publicUrl ? { publicUrl } : {}) };
      this.processes.push(entry);
      started.push(entry);
    }
    await Promise.all(started.map((p) => p.proc.waitForHttp(`${p.healthUrl}/readyz`, 60_000)));
    return started;
  }

  assertRunning(): void {
    const dead = this.processes.find((p) => !p.proc.running);
    if (dead) throw dead.proc.failure('died during the benchmark');
  }

  stop(): Promise<void> {
    return this.cleanups.runAll();
  }

  private async prepare(): Promise<void> {
    const servers = serverUrls();
    const database = `parley_bench_${this.namespace}`;
    await onServer(servers.databaseUrl, this.options.logger, `CREATE DATABASE "${database}"`);
    this.cleanups.add(`drop database ${database}`, () => onServer(servers.databaseUrl, this.options.logger, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    this.cleanups.add(`delete NATS streams of ${this.namespace}`, () => deleteNamespaceStreams(servers.natsUrl, this.namespace));
    this.cleanups.add(`delete Redis keys of ${this.namespace}`, () => deleteRedisKeys(servers.redisUrl, `${this.namespace}:`));
    const url = new URL(servers.databaseUrl);
    url.pathname = `/${database}`;
    const db = await openDatabase({ url: url.toString(), dataDir: '.', logger: this.options.logger, poolSize: 1, applicationName: 'parley-bench' });
    try {
      await migrateToLatest(db.db, this.options.logger);
    } finally {
      await db.close();
    }
    for (const service of ['gateway', 'links', 'sessions', 'agent-runner'] as const) {
      if (this.options.runtime === 'bundle') {
        this.options.log(`bundling ${service} with tsup`);
        this.entries.set(service, [await bundleService(service)]);
      } else {
        this.entries.set(service, ['--import', 'tsx', `services/${service}/src/main.ts`]);
      }
    }
    this.common = {
      NATS_URL: servers.natsUrl,
      DATABASE_URL: url.toString(),
      REDIS_URL: servers.redisUrl,
      BUS_NAMESPACE: this.namespace,
      ADMIN_API_KEY: this.adminApiKey,
      CHAT_API_SECRET: this.chatApiSecret,
      LOG_LEVEL: 'warn',
    };
    this.cleanups.add('stop the services', () => Promise.all(this.processes.map((p) => p.proc.stop())));
  }
}
