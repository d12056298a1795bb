import { randomUUID } from 'node:crypto';
import type { PlatformBus } from '@parley/bus';
import type { EscalationEvent } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { connectTestBus, createTestContext, eventConsumersCaughtUp, linkTestKeys, Teardown, type TestContext, waitFor } from '@parley/testing';
import { createLinksService, type LinkKeys } from '../src/app.js';
import type { WebhookOptions } from '../src/webhooks/index.js';
import { sayingAgent } from './links-harness.js';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.js';

/** Quick retries, polls and timeouts, loopback receivers allowed: what most webhook tests run with. */
export const testWebhookOptions: Partial<WebhookOptions> = { allowPrivate: true, retryDelaysSeconds: [1, 1], pollIntervalMs: 100, attemptTimeoutMs: 2_000 };

export interface LinksReplica {
  stop(): Promise<void>;
}

export interface WebhooksHarness {
  ctx: TestContext;
  /** Another process's connection: publishes events, asks the links service. */
  client: PlatformBus;
  receiver: WebhookReceiver;
  /**
   * A links service replica on its own connection to the real NATS, once its start-up pass (sealing
   * secrets stored in clear) is done; `keys` and `logger` other than the test's, when given.
   */
  startReplica(options?: Partial<WebhookOptions>, replica?: { keys?: LinkKeys; logger?: Logger }): Promise<LinksReplica>;
  /** A tenant with one agent, made through the links service. */
  seedTenant(): Promise<{ tenantId: string; agentId: string; agentName: string }>;
  /**
   * Resolves once nothing more will go to a receiver (of `webhookId` only, when named): every event
   * the stream holds handled by a running replica, and no delivery left pending – each has been
   * answered (or has failed for good). What a test waits for rather than sleeping to see nothing more come.
   */
  settled(webhookId?: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startWebhooksHarness(name: string): Promise<WebhooksHarness> {
  const ctx = await createTestContext({ name });
  const teardown = new Teardown(async () => ctx.cleanup());
  try {
    const receiver = await startReceiver();
    teardown.add(() => receiver.close());
    const client = await connectTestBus(ctx, teardown, 'client');
    const replicas = new Set<LinksReplica>();
    teardown.add(async () => {
      for (const replica of replicas) await replica.stop();
    });
    let agents = 0;
    return {
      ctx,
      client,
      receiver,
      async startReplica(options = testWebhookOptions, { keys = linkTestKeys, logger = ctx.logger } = {}) {
        const own = new Teardown();
        const bus = await connectTestBus(ctx, own, 'links');
        const service = createLinksService({ bus, db: ctx.db, logger, keys, webhooks: options });
        own.add(() => service.drain());
        await service.ready;
        // A flush: the server has the service's subscriptions before anyone asks it.
        await bus.ping();
        const replica = {
          stop: async () => {
            replicas.delete(replica);
            await own.run();
          },
        };
        replicas.add(replica);
        return replica;
      },
      async settled(webhookId) {
        await eventConsumersCaughtUp(ctx);
        await waitFor(
          async () => {
            const pending = await ctx.db
              .selectFrom('webhook_deliveries')
              .select((eb) => eb.fn.countAll<string>().as('n'))
              .where('state', '=', 'pending')
              .$if(webhookId !== undefined, (query) => query.where('webhook_id', '=', webhookId!))
              .executeTakeFirstOrThrow();
            return Number(pending.n) === 0;
          },
          { timeoutMs: 15_000 },
        );
      },
      async seedTenant() {
        const tenant = await client.request('links.tenants.create', { name: `tenant ${++agents}` });
        const agentName = `support-${agents}`;
        const agent = await client.request('links.agents.create', { tenantId: tenant.id, name: agentName, config: sayingAgent('Hello.') });
        return { tenantId: tenant.id, agentId: agent.id, agentName };
      },
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}

/** An escalation event as the sessions service publishes it. */
export function escalationEvent(tenant: { tenantId: string; agentId: string; agentName: string }, overrides: Partial<EscalationEvent> = {}): EscalationEvent {
  return {
    eventId: randomUUID(),
    escalationId: 'esc_AAAAAAAAAAAAAAAA',
    tenantId: tenant.tenantId,
    conversationId: randomUUID(),
    agentId: tenant.agentId,
    agentName: tenant.agentName,
    channel: 'link',
    linkId: null,
    state: 'waiting',
    reason: 'wants a refund',
    operator: null,
    at: new Date().toISOString(),
    ...overrides,
  };
}
