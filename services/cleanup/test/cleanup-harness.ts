import { createAgentRunner, llmFromConfig } from '@parley/agent-runner';
import type { PlatformBus } from '@parley/bus';
import { openDatabase } from '@parley/db';
import { createLinksService } from '@parley/links';
import { createMetricsRegistry } from '@parley/service';
import { createSessionsService } from '@parley/sessions';
import { connectRedis, type LiveEventLog, redisLiveEventLog } from '@parley/stores';
import { connectTestBus, createTestContext, linkTestKeys, Teardown, type TestContext } from '@parley/testing';
import type { UploadStore } from '@parley/uploads';
import { createCleanupService } from '../src/app.js';

export type CleanupReplica = ReturnType<typeof createCleanupService>;

export interface CleanupHarness {
  ctx: TestContext;
  /** A caller's own connection. */
  client: PlatformBus;
  /** Where the sessions service writes visitors' live events. */
  live: LiveEventLog;
  /** A cleanup replica on its own connection; its start-up runs are over when it resolves. */
  startReplica(options: { retentionDays: number; intervalMinutes: number }): Promise<CleanupReplica>;
  stop(): Promise<void>;
}

/**
 * The services cleanup drives – links, sessions (with live events in Redis, and the upload store
 * when given) and an agent-runner –
 * each on its own connection to the real NATS, on the real PostgreSQL; cleanup replicas are added
 * by the test.
 */
export async function startCleanupHarness(options: { uploads?: UploadStore } = {}): Promise<CleanupHarness> {
  const ctx = await createTestContext({ name: 'cleanup' });
  const stops = new Teardown(async () => ctx.cleanup());
  const stop = () => stops.run();
  try {
    const connect = (name: string) => connectTestBus(ctx, stops, name);
    const redis = await connectRedis(ctx.redisUrl);
    stops.add(async () => redis.disconnect());
    const live = redisLiveEventLog(redis, ctx.redisPrefix);
    stops.add(() => live.close());

    const linksBus = await connect('links');
    const links = createLinksService({ bus: linksBus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    stops.add(() => links.drain());
    const runnerBus = await connect('runner');
    const runner = createAgentRunner({
      bus: runnerBus,
      // The agents here never ask an LLM.
      llm: llmFromConfig({ apiKey: undefined, baseUrl: 'http://127.0.0.1:9/v1', timeoutMs: 1_000, maxRetries: 0 }, ctx.logger),
      logger: ctx.logger,
      registry: createMetricsRegistry('agent-runner', { defaultMetrics: false }),
    });
    await runner.ready;
    stops.add(() => runner.drain());
    const database = await openDatabase({ url: ctx.databaseUrl, logger: ctx.logger, poolSize: 4, applicationName: 'sessions' });
    stops.add(() => database.close());
    const sessionsBus = await connect('sessions');
    const sessions = createSessionsService({
      bus: sessionsBus,
      db: database.db,
      pool: database.pool,
      logger: ctx.logger,
      options: { runnerAttempts: 1 },
      live,
      uploads: options.uploads,
    });
    stops.add(() => sessions.drain());
    // Subscriptions reach NATS asynchronously: a round trip on each connection before the first request.
    await Promise.all([linksBus, runnerBus, sessionsBus].map((bus) => bus.ping()));

    const client = await connect('client');
    let replicas = 0;
    return {
      ctx,
      client,
      live,
      async startReplica({ retentionDays, intervalMinutes }) {
        const replica = createCleanupService({
          bus: await connect(`cleanup-${++replicas}`),
          db: ctx.db,
          logger: ctx.logger,
          options: { sessionTimeoutSeconds: 1800, cleanupIntervalMs: intervalMinutes * 60_000, partitionMonthsAhead: 3, retentionDays },
        });
        stops.add(() => replica.drain());
        await replica.started;
        return replica;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Longer than any test run (and than a timer can wait): only the runs a test asks for happen. */
export const ON_DEMAND_INTERVAL_MINUTES = 100_000;

/** One node that answers every message and keeps listening. */
export const listeningAgent = {
  workflow: {
    initial_node: 'listen',
    nodes: [{ id: 'listen', name: 'Listen', static_text: 'Go on.', transitions: [{ to: 'listen', condition: 'user_responded' }] }],
  },
};

/** Two cleanup replicas (RETENTION_DAYS 90) that run only when a test asks, and a tenant with a listening agent. */
export async function startTwoReplicas(h: CleanupHarness, tenantName: string) {
  const [a, b] = await Promise.all([
    h.startReplica({ retentionDays: 90, intervalMinutes: ON_DEMAND_INTERVAL_MINUTES }),
    h.startReplica({ retentionDays: 90, intervalMinutes: ON_DEMAND_INTERVAL_MINUTES }),
  ]);
  const tenantId = (await h.client.request('links.tenants.create', { name: tenantName })).id;
  const agentId = (await h.client.request('links.agents.create', { tenantId, name: 'listener', config: listeningAgent })).id;
  return { a, b, tenantId, agentId };
}
