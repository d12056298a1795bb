import type { PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import { DeliveryRepository } from './delivery.repository.js';
import { DeliveryWorker, type DeliveryWorkerOptions } from './delivery-worker.js';
import { EventNamesRepository } from './event-names.repository.js';
import { WebhookRepository } from './webhook.repository.js';
import { WebhookService } from './webhook.service.js';
import { consumeWebhookEvents } from './webhook-events.consumer.js';
import { webhookMetrics } from './webhook-metrics.js';
import { WebhookSecrets } from './webhook-secrets.js';

/**
 * Webhooks, a module of the links service rather than a service of their own: they are a
 * tenant's settings (the links service owns tenants, and the agents and links their messages
 * name), they need no scaling of their own (a few queries per event, and outgoing requests that
 * mostly wait), and as a module they add no process, deployment or bus hop. The outgoing
 * requests run in the links replicas; the delivery queue lives in PostgreSQL, so moving the
 * module into a service later changes no data.
 */

/**
 * 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: they add up to about 27 hours, so with the default
 * window the last retry is not made: seven attempts at most, all within a day.
 */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000] as const;
/** Retries for up to a day after the first attempt (docs/api.md: "for up to 24 h"). */
export const DEFAULT_WEBHOOK_RETRY_WINDOW_HOURS = 24;

export type WebhookOptions = DeliveryWorkerOptions;

export const defaultWebhookOptions: WebhookOptions = {
  retryDelaysSeconds: DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS,
  retryWindowSeconds: DEFAULT_WEBHOOK_RETRY_WINDOW_HOURS * 3600,
  allowPrivate: false,
  pollIntervalMs: 1_000,
  attemptTimeoutMs: 10_000,
  concurrency: 16,
};

export interface WebhooksModule {
  service: WebhookService;
  /** The event consumers and the delivery worker, stopped together. */
  running: Subscription;
}

export function startWebhooks(deps: {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  options: WebhookOptions;
  /** SECRETS_KEY: seals the webhooks' signing secrets (webhook-secrets.ts). */
  secretsKey: string;
  /** Where delivery attempts are counted; none: not counted. */
  registry?: Registry | undefined;
}): WebhooksModule {
  const logger = deps.logger.child({ module: 'webhooks' });
  const deliveries = new DeliveryRepository(deps.db);
  const secrets = new WebhookSecrets(deps.secretsKey);
  const worker = new DeliveryWorker(deliveries, secrets, deps.options, logger, deps.registry ? webhookMetrics(deps.registry) : undefined);
  const service = new WebhookService(new WebhookRepository(deps.db), deliveries, new EventNamesRepository(deps.db), secrets, {
    allowPrivate: deps.options.allowPrivate,
    onDeliveries: () => worker.kick(),
  });
  const consumers = consumeWebhookEvents(deps.bus, service);
  worker.start();
  return {
    service,
    running: {
      drain: async () => {
        await consumers.drain();
        await worker.stop();
      },
    },
  };
}
