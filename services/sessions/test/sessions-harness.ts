import type { LlmPrices } from '@parley/config';
import { createAgentRunner, llmFromConfig, type RunnerDeps } from '@parley/agent-runner';
import type { PlatformBus, RpcHandlerInput } from '@parley/bus';
import type { PlatformCatalog, TurnOutcome } from '@parley/contracts';
import { type Database, openDatabase } from '@parley/db';
import { createLinksService } from '@parley/links';
import { createMetricsRegistry } from '@parley/service';
import type { LiveEventLog } from '@parley/stores';
import { connectTestBus, createTestContext, type FakeLlm, linkTestKeys, startFakeLlm, Teardown, type TestContext } from '@parley/testing';
import { createSessionsService } from '../src/app.js';
import type { EventOutboxOptions } from '../src/store/event-outbox.js';

export type RunnerTurnRequest = RpcHandlerInput<PlatformCatalog, 'runner.turn'>;

export interface SessionsReplica {
  bus: PlatformBus;
  database: Database;
  service: ReturnType<typeof createSessionsService>;
  /** `sessions.send` requests this replica took from the queue group. */
  sends: number;
  /** Every request this replica asked of other services, by subject, in order. */
  asked: string[];
  /** The replica's own metrics (what its /metrics would serve). */
  registry: ReturnType<typeof createMetricsRegistry>;
}

export interface SessionsHarness {
  ctx: TestContext;
  llm: FakeLlm;
  /** A caller's own connection, as the gateway has one. */
  client: PlatformBus;
  replicas: SessionsReplica[];
  /** Every `runner.turn` request the runner was given, in order. */
  runnerTurns: RunnerTurnRequest[];
  /** Every request the runner asked of other services, by subject, in order. */
  runnerAsked: string[];
  /** A tenant with one agent of the given config, through the links service. */
  seedAgent(config: unknown, name?: string): Promise<{ tenantId: string; agentId: string }>;
  stop(): Promise<void>;
}

/**
 * The bus as it is, except that each request a handler is given is first shown to `seen`, and
 * each the service asks is noted in `asked`: how a test sees what a service received and asked
 * over real NATS without standing in for the service.
 */
function observed(bus: PlatformBus, seen: (name: string, payload: unknown) => void, asked: string[] = []): PlatformBus {
  return {
    namespace: bus.namespace,
    request: (name, payload, options) => {
      asked.push(name);
      return bus.request(name, payload, options);
    },
    serve: (name, handler, options) =>
      bus.serve(
        name,
        (payload, ctx) => {
          seen(name, payload);
          return handler(payload, ctx);
        },
        options,
      ),
    queueStats: (name) => bus.queueStats(name),
    publish: (name, payload, headers) => bus.publish(name, payload, headers),
    consume: (name, durable, handler) => bus.consume(name, durable, handler),
    broadcast: (name, payload) => bus.broadcast(name, payload),
    keyValue: (bucket) => bus.keyValue(bucket),
    listen: (name, handler) => bus.listen(name, handler),
    ping: () => bus.ping(),
    connectionStats: () => bus.connectionStats(),
    drain: () => bus.drain(),
  };
}

/**
 * `replicas` sessions services – each with its own NATS connection and database pool, as
 * separate processes would have – plus links and an agent-runner whose LLM is the fake server,
 * all in one namespace of the real NATS and one database of the real PostgreSQL.
 */
export async function startSessionsHarness(options: {
  replicas: number;
  live?: (ctx: TestContext) => Promise<LiveEventLog>;
  /** The replicas' event outbox timings (createSessionsService's `eventOutbox`). */
  eventOutbox?: EventOutboxOptions;
  /**
   * Turns answered by this instead of an agent-runner: what a runner's outcome carries, decided by
   * the test (its LLM is then never asked). Each request is still in `runnerTurns`.
   */
  runner?: (request: RunnerTurnRequest) => Promise<TurnOutcome>;
  /** The agent-runner's tools settings (createAgentRunner's `tools`), e.g. private addresses allowed for a tool served on loopback. */
  runnerTools?: RunnerDeps['tools'];
  /** LLM_PRICES: what each traced LLM call costs at its commit (docs/workflow.md "Traces"); none by default. */
  llmPrices?: LlmPrices;
}): Promise<SessionsHarness> {
  const ctx = await createTestContext({ name: 'sessions' });
  const llm = await startFakeLlm();
  const stops = new Teardown(
    async () => ctx.cleanup(),
    () => llm.close(),
  );
  const stop = () => stops.run();
  try {
    const connect = (name: string) => connectTestBus(ctx, stops, name);

    const runnerTurns: RunnerTurnRequest[] = [];
    const runnerAsked: string[] = [];
    const services = await connect('links-and-runner');
    const links = createLinksService({ bus: services, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    const answer = options.runner;
    if (answer) {
      const standIn = services.serve('runner.turn', async (request) => {
        runnerTurns.push(request);
        return answer(request);
      });
      stops.add(() => standIn.drain());
    }
    const runner = answer
      ? undefined
      : createAgentRunner({
          bus: observed(
            services,
            (name, payload) => {
              if (name === 'runner.turn') runnerTurns.push(payload as RunnerTurnRequest);
            },
            runnerAsked,
          ),
          llm: llmFromConfig({ apiKey: undefined, baseUrl: llm.url, timeoutMs: 5_000, maxRetries: 0 }, ctx.logger),
          logger: ctx.logger,
          registry: createMetricsRegistry('agent-runner', { defaultMetrics: false }),
          tools: options.runnerTools,
        });
    await runner?.ready;
    stops.add(async () => {
      await Promise.all([links.drain(), runner?.drain()]);
    });

    const live = options.live ? await options.live(ctx) : undefined;
    if (live) stops.add(() => live.close());
    const replicas: SessionsReplica[] = [];
    for (let i = 1; i <= options.replicas; i++) {
      const database = await openDatabase({ url: ctx.databaseUrl, logger: ctx.logger, poolSize: 4, applicationName: `sessions-${i}` });
      stops.add(() => database.close());
      const bus = await connect(`sessions-${i}`);
      const replica = {
        bus,
        database,
        sends: 0,
        asked: [] as string[],
        registry: createMetricsRegistry('sessions', { defaultMetrics: false }),
      } as SessionsReplica;
      replica.service = createSessionsService({
        bus: observed(
          bus,
          (name) => {
            if (name === 'sessions.send') replica.sends++;
          },
          replica.asked,
        ),
        db: database.db,
        pool: database.pool,
        logger: ctx.logger,
        options: { runnerAttempts: 3, ...(options.llmPrices ? { llmPrices: options.llmPrices } : {}) },
        live,
        registry: replica.registry,
        eventOutbox: options.eventOutbox,
      });
      stops.add(() => replica.service.drain());
      replicas.push(replica);
    }
    // A subscription reaches the NATS server asynchronously: a round trip on each connection makes
    // sure every service answers before the first request comes in from another connection.
    await Promise.all([services, ...replicas.map((replica) => replica.bus)].map((bus) => bus.ping()));

    const client = await connect('client');
    let agents = 0;
    return {
      ctx,
      llm,
      client,
      replicas,
      runnerTurns,
      runnerAsked,
      async seedAgent(config, name = `agent-${++agents}`) {
        const tenant = await client.request('links.tenants.create', { name: `tenant of ${name}` });
        const agent = await client.request('links.agents.create', { tenantId: tenant.id, name, config });
        return { tenantId: tenant.id, agentId: agent.id };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
