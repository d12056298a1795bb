import { createHmac } from 'node:crypto';
import { createAgentRunner, llmFromConfig } from '@parley/agent-runner';
import { randomToken, sha256Hex } from '@parley/auth';
import { connectPlatformBus, type PlatformBus } from '@parley/bus';
import type { LinkAccess } from '@parley/contracts';
import { openDatabase } from '@parley/db';
import { createLinksService } from '@parley/links';
import { createMetricsRegistry } from '@parley/service';
import { createSessionsService } from '@parley/sessions';
import { createTestContext, type FakeLlm, linkTestKeys, type RecordedRequest, startFakeLlm, type TestContext } from '@parley/testing';
import { createMemoryService } from '../src/app.js';
import { memoryLlmFrom } from '../src/memories/llm.js';
import { summaryInstructions } from '../src/memories/summary-prompt.js';

/** An agent whose only node is a prompt node: every turn asks the LLM, at the start too. */
export const promptAgent = {
  workflow: {
    initial_node: 'chat',
    nodes: [{ id: 'chat', name: 'Chat', prompt: 'You help visitors of the museum.', fallback_text: 'One moment.' }],
  },
};

export interface MemoryReplica {
  stop(): Promise<void>;
}

export interface Visitor {
  conversationId: string;
  /** The identity realm of a signed-in visitor's link (their user is the pair realm, id). */
  realm?: string;
  /** Sends a message in this session; answers the agent's reply. */
  say(content: string): Promise<string | null>;
}

export interface MemoryHarness {
  ctx: TestContext;
  llm: FakeLlm;
  client: PlatformBus;
  /** A memory service replica on its own NATS connection, as a separate process would be; `withLlm: false` as if no LLM were configured. */
  startMemory(options?: { withLlm?: boolean }): Promise<MemoryReplica>;
  /** A link on a new agent of its own (a new tenant); email verification on unless told otherwise. */
  seedLink(options?: { config?: unknown; verified?: boolean }): Promise<LinkAccess>;
  /** Another link to the link's agent, with its own identity secret (another site). */
  anotherLinkOf(link: LinkAccess): Promise<LinkAccess>;
  /** A session on the link bound to `email` (the start turn runs), or unverified without one. */
  visit(link: LinkAccess, email?: string): Promise<Visitor>;
  /**
   * A session bound to a host site's signed-in user, as the gateway starts one: the user's hash
   * under the link's identity secret (made on first use) checked by the links service.
   */
  visitAs(link: LinkAccess, user: { id: string; email?: string }): Promise<Visitor>;
  summaryRequests(): RecordedRequest[];
  /** Prompt-node requests of the LLM (everything but summaries), in order. */
  promptRequests(): RecordedRequest[];
  stop(): Promise<void>;
}

export const isSummaryRequest = (req: RecordedRequest) =>
  (req.body.messages ?? []).some((m) => m.role === 'system' && typeof m.content === 'string' && m.content === summaryInstructions);

export function systemOf(req: RecordedRequest): string {
  const system = (req.body.messages ?? []).find((m) => m.role === 'system');
  return typeof system?.content === 'string' ? system.content : '';
}

/**
 * Links, sessions, an agent-runner and memory replicas on the real NATS (one namespace) and
 * PostgreSQL (one database), the runner's and the memory's LLM being the fake server.
 */
export async function startMemoryHarness(): Promise<MemoryHarness> {
  const ctx = await createTestContext({ name: 'memory' });
  const llm = await startFakeLlm();
  const stops: Array<() => Promise<void>> = [async () => ctx.cleanup(), () => llm.close()];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step();
  };
  const llmConfig = { apiKey: undefined, baseUrl: llm.url, timeoutMs: 5_000, maxRetries: 0 };
  try {
    const connect = async (name: string) => {
      const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name });
      stops.push(() => bus.drain());
      return bus;
    };
    const services = await connect('services');
    const links = createLinksService({ bus: services, db: ctx.db, logger: ctx.logger, keys: linkTestKeys });
    const runner = createAgentRunner({
      bus: services,
      llm: llmFromConfig(llmConfig, ctx.logger),
      logger: ctx.logger,
      registry: createMetricsRegistry('agent-runner', { defaultMetrics: false }),
    });
    await runner.ready;
    const database = await openDatabase({ url: ctx.databaseUrl, logger: ctx.logger, poolSize: 4, applicationName: 'sessions' });
    stops.push(() => database.close());
    const sessions = createSessionsService({ bus: services, db: database.db, pool: database.pool, logger: ctx.logger, options: { runnerAttempts: 2 } });
    stops.push(async () => {
      await Promise.all([links.drain(), runner.drain(), sessions.drain()]);
    });
    // A flush: the server has the services' subscriptions before the client's first request.
    await services.ping();
    const client = await connect('client');

    const replicas = new Set<MemoryReplica>();
    stops.push(async () => {
      for (const replica of replicas) await replica.stop();
    });

    const startVisit = async (link: LinkAccess, who: { email?: string; user?: { id: string; realm: string; email?: string } }): Promise<Visitor> => {
      const started = await client.request('sessions.public-start', { link, ...who });
      const credentialHash = sha256Hex(started.session);
      return {
        conversationId: started.conversation_id,
        ...(who.user ? { realm: who.user.realm } : {}),
        say: async (content) => (await client.request('sessions.public-send', { link, content, credentialHash })).response,
      };
    };

    const secrets = new Map<string, string>();
    const signIn = async (link: LinkAccess, user: { id: string; email?: string }) => {
      let secret = secrets.get(link.linkId);
      if (secret === undefined) {
        secret = (await client.request('links.links.identity-secret', { tenantId: link.tenantId, agentName: link.agentName, linkId: link.linkId })).secret;
        secrets.set(link.linkId, secret);
      }
      const userHash = createHmac('sha256', secret).update(user.id).digest('hex');
      const checked = await client.request('links.links.verify-identity', { linkId: link.linkId, userId: user.id, userHash });
      if (checked.result !== 'valid' || !checked.user) throw new Error(`identity: ${checked.result}`);
      return { ...checked.user, ...(user.email ? { email: user.email } : {}) };
    };

    return {
      ctx,
      llm,
      client,
      async startMemory({ withLlm = true } = {}) {
        const bus = await connectPlatformBus({ natsUrl: ctx.natsUrl, namespace: ctx.namespace, logger: ctx.logger, name: 'memory' });
        const { llm: summaries, budgetMs } = memoryLlmFrom(withLlm ? llmConfig : { ...llmConfig, baseUrl: undefined }, ctx.logger);
        const memory = createMemoryService({
          bus,
          db: ctx.db,
          pool: ctx.pool,
          logger: ctx.logger,
          llm: summaries,
          options: { model: 'fake-model', llmBudgetMs: budgetMs },
        });
        const replica: MemoryReplica = {
          stop: async () => {
            if (!replicas.delete(replica)) return;
            await memory.drain();
            await bus.drain();
          },
        };
        replicas.add(replica);
        return replica;
      },
      async seedLink({ config = promptAgent, verified = true } = {}) {
        const agentName = `agent-${randomToken(6)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, 'x')}`;
        const tenant = await client.request('links.tenants.create', { name: `tenant of ${agentName}` });
        await client.request('links.agents.create', { tenantId: tenant.id, name: agentName, config });
        const link = await client.request('links.links.create', {
          tenantId: tenant.id,
          agentName,
          settings: { title: 'Museum', require_email_verification: verified } as never,
          publicBaseUrl: 'https://chat.example.com',
        });
        return client.request('links.links.resolve', { tokenHash: sha256Hex(link.token) });
      },
      visit: (link, email) => startVisit(link, email ? { email } : {}),
      async anotherLinkOf(link) {
        const created = await client.request('links.links.create', {
          tenantId: link.tenantId,
          agentName: link.agentName,
          settings: { title: 'Another site', require_email_verification: link.requireEmailVerification } as never,
          publicBaseUrl: 'https://chat.example.com',
        });
        return client.request('links.links.resolve', { tokenHash: sha256Hex(created.token) });
      },
      visitAs: async (link, user) => startVisit(link, { user: await signIn(link, user) }),
      summaryRequests: () => llm.requests.filter(isSummaryRequest),
      promptRequests: () => llm.requests.filter((req) => !isSummaryRequest(req)),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
