import type { PlatformBus, RpcRequest } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import { createLinksService } from '@parley/links';
import { createMetricsRegistry } from '@parley/service';
import type { LiveEventLog } from '@parley/stores';
import { connectTestBus, createTestContext, type FakeLlm, linkTestKeys, startFakeLlm, Teardown, type TestContext } from '@parley/testing';
import type { UploadStore } from '@parley/uploads';
import { createAgentRunner } from '../src/app.js';
import { llmFromConfig } from '../src/turns/llm.js';

export type TurnRequest = RpcRequest<PlatformCatalog, 'runner.turn'>;

export interface RunnerHarness {
  ctx: TestContext;
  llm: FakeLlm;
  /** A caller's own connection, as the sessions service has one. */
  client: PlatformBus;
  /** An agent of the given config, saved through the links service; `version` is 1. */
  seedAgent(config: unknown, options?: { secrets?: Record<string, string> }): Promise<{ tenantId: string; agentId: string; name: string }>;
  stop(): Promise<void>;
}

/**
 * An agent-runner and the links service (where it gets agent configs) on the real NATS and
 * PostgreSQL, with the fake LLM server as the model. Nothing else serves this namespace: a
 * runner that called another service back would find no one there.
 */
export async function startRunnerHarness(
  options: {
    live?: LiveEventLog;
    uploads?: UploadStore;
    /** One LLM attempt's time (default 5 s). */
    llmTimeoutMs?: number;
    /** How often the runner tells a waiting caller it is still working on a turn (the bus's default: 1 s). */
    beatIntervalMs?: number;
    /** Turns offered straight to the runner before they are queued, as the platform offers them (RUNNER_QUEUE_DIRECT); off by default. */
    direct?: boolean;
    /** The image bytes the runner's turns read at once (default IMAGE_BYTES_IN_FLIGHT). */
    imageBytesInFlight?: number;
    /** Agents' tools: private addresses allowed (the test's own servers are on loopback), calls per tenant, the ledger. */
    tools?: Parameters<typeof createAgentRunner>[0]['tools'];
    /** Agents built elsewhere: private addresses allowed (the test's backends are on loopback). */
    backends?: Parameters<typeof createAgentRunner>[0]['backends'];
  } = {},
): Promise<RunnerHarness> {
  const ctx = await createTestContext({ name: 'agent-runner' });
  const llm = await startFakeLlm();
  const stops = new Teardown(
    async () => ctx.cleanup(),
    () => llm.close(),
  );
  const stop = () => stops.run();
  try {
    const direct = options.direct ? { direct: true } : {};
    const connect = (name: string) => connectTestBus(ctx, stops, name, direct);
    const bus = await connectTestBus(ctx, stops, 'links-and-runner', { beatIntervalMs: options.beatIntervalMs, ...direct });
    const links = createLinksService({ bus, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    const runner = createAgentRunner({
      bus,
      llm: llmFromConfig({ apiKey: undefined, baseUrl: llm.url, timeoutMs: options.llmTimeoutMs ?? 5_000, maxRetries: 0 }, ctx.logger),
      logger: ctx.logger,
      registry: createMetricsRegistry('agent-runner', { defaultMetrics: false }),
      live: options.live,
      uploads: options.uploads,
      imageBytesInFlight: options.imageBytesInFlight,
      tools: options.tools,
      backends: options.backends,
    });
    await runner.ready;
    stops.add(async () => {
      await Promise.all([links.drain(), runner.drain()]);
    });
    // A flush: the server has the services' subscriptions before the client's first request.
    await bus.ping();
    const client = await connect('client');
    let agents = 0;
    return {
      ctx,
      llm,
      client,
      async seedAgent(config, seeding = {}) {
        const name = `agent-${++agents}`;
        const tenant = await client.request('links.tenants.create', { name: `tenant of ${name}` });
        for (const [secret, value] of Object.entries(seeding.secrets ?? {})) {
          await client.request('links.tenant-secrets.create', { tenantId: tenant.id, name: secret, value });
        }
        const agent = await client.request('links.agents.create', { tenantId: tenant.id, name, config });
        return { tenantId: tenant.id, agentId: agent.id, name };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Greets with static text, then answers through the LLM; `fallback` is the prompt node's fallback_text. */
export function promptAgent(fallback?: string) {
  return {
    llm: { model: 'gpt-4o-mini', temperature: 0.2 },
    workflow: {
      initial_node: 'hello',
      nodes: [
        { id: 'hello', name: 'Hello', static_text: 'Ask me anything.', transitions: [{ to: 'answer', condition: 'user_responded' }] },
        { id: 'answer', name: 'Answer', prompt: 'You are a helpful assistant.', ...(fallback === undefined ? {} : { fallback_text: fallback }) },
      ],
    },
  };
}
