import { randomToken } from '@parley/auth';
import { AppError, type CreateWebhookBody, webhookIdPattern } from '@parley/contracts';
import { AddressRefused, checkedAddress } from '@parley/outbound';
import { LRUCache } from 'lru-cache';
import { sealInClear } from '../sealing/seal-in-clear.js';
import type { DeliveryRepository } from './delivery.repository.js';
import { renderBody } from './payloads.js';
import { newWebhookSecret } from '@parley/outbound';
import type { WebhookRepository } from './webhook.repository.js';
import type { EventNames, WebhookEventSource } from './webhook-events.js';
import type { WebhookSecrets } from './webhook-secrets.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const view = (row: { id: string; url: string; events: string[]; format: 'standard' | 'slack' | 'teams'; created_at: Date }) => ({
  id: row.id,
  url: row.url,
  events: row.events as CreateWebhookBody['events'],
  format: row.format,
  created_at: row.created_at.toISOString(),
});

const notFound = () => new AppError('not_found', 'webhook not found');

/**
 * How long a tenant's webhooks are taken as read when fanning events out. Every turn can raise an
 * event (a content rule's hit), and most tenants have no webhook for it: one read a second per
 * tenant instead of one per event. A webhook created or deleted through this replica applies at
 * once; through another, within this time.
 */
const SUBSCRIPTIONS_TTL_MS = 1_000;

type Subscriptions = Awaited<ReturnType<WebhookRepository['subscriptions']>>;

/**
 * A tenant's webhooks: the subscriptions the management API edits, and the fan-out of each
 * platform event into one delivery per subscribed webhook (attempted by the DeliveryWorker).
 */
export class WebhookService {
  private readonly subscriptions: LRUCache<string, Subscriptions>;

  constructor(
    private readonly webhooks: WebhookRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly names: EventNames,
    private readonly secrets: WebhookSecrets,
    private readonly options: { allowPrivate: boolean; onDeliveries: () => void },
  ) {
    this.subscriptions = new LRUCache({ max: 10_000, ttl: SUBSCRIPTIONS_TTL_MS, fetchMethod: (tenantId) => this.webhooks.subscriptions(tenantId) });
  }

  /** The URL's host must resolve to public addresses only (checked again before every attempt). */
  async create(tenantId: string, body: CreateWebhookBody) {
    try {
      await checkedAddress(new URL(body.url), { allowPrivate: this.options.allowPrivate, who: 'webhooks' });
    } catch (error) {
      if (!(error instanceof AddressRefused)) throw error;
      throw new AppError('invalid', `url: ${error.message}`, { details: [{ path: 'url', message: error.message }] });
    }
    // The secret is bound to the tenant's id as the database writes it (sealing needs it before the insert).
    if (!uuidPattern.test(tenantId)) throw new AppError('not_found', 'tenant not found');
    const secret = newWebhookSecret();
    const id = `whk_${randomToken(12)}`;
    // Kept sealed: signing needs it back, so it cannot be a hash; the answer is its one showing in clear.
    const row = await this.webhooks.create({
      id,
      tenant_id: tenantId,
      url: body.url,
      events: [...body.events],
      format: body.format ?? 'standard',
      secret: this.secrets.seal(secret, { tenantId, id }),
    });
    if (!row) throw new AppError('not_found', 'tenant not found');
    this.subscriptions.delete(tenantId);
    return { ...view(row), secret };
  }

  async list(tenantId: string) {
    return { webhooks: (await this.webhooks.list(tenantId)).map(view) };
  }

  async delete(tenantId: string, webhookId: string) {
    if (!webhookIdPattern.test(webhookId) || !(await this.webhooks.delete(tenantId, webhookId))) throw notFound();
    this.subscriptions.delete(tenantId);
    return { deleted: true as const };
  }

  async attempts(tenantId: string, webhookId: string, limit: number) {
    if (!webhookIdPattern.test(webhookId) || !(await this.webhooks.exists(tenantId, webhookId))) throw notFound();
    const rows = await this.deliveries.list(webhookId, limit);
    return {
      deliveries: rows.map((row) => ({
        delivery_id: row.delivery_id,
        event_id: row.event_id,
        event_type: row.event_type as CreateWebhookBody['events'][number],
        attempt: row.attempt,
        status: row.status,
        response_code: row.response_code,
        error: row.error,
        at: new Date(row.at).toISOString(),
        duration_ms: row.duration_ms,
      })),
    };
  }

  /** Seals the signing secrets still stored in clear (written before they were sealed); answers how many. */
  sealSecretsInClear(): Promise<number> {
    return sealInClear(
      {
        inClear: (afterId, limit) => this.webhooks.secretsInClear(afterId, limit),
        replace: (row, sealed) => this.webhooks.replaceSecretInClear(row.id, row.secret, sealed),
      },
      (row) => this.secrets.seal(row.secret, { tenantId: row.tenant_id, id: row.id }),
    );
  }

  /**
   * One delivery per subscribed webhook, each body rendered in that webhook's format. Idempotent:
   * an event seen again (redelivered, announced twice) finds its deliveries there and adds none.
   */
  async fanOut(source: WebhookEventSource | undefined): Promise<number> {
    // Events name their tenant as free text; only a tenant id can have webhooks.
    if (!source || !uuidPattern.test(source.tenantId)) return 0;
    const subscribers = ((await this.subscriptions.forceFetch(source.tenantId)) ?? []).filter((webhook) => webhook.events.includes(source.type));
    if (subscribers.length === 0) return 0;
    const event = await source.build(this.names);
    const added = await this.deliveries.insertMany(
      subscribers.map((webhook) => ({
        id: `whd_${randomToken(16)}`,
        webhook_id: webhook.id,
        event_id: event.id,
        event_type: event.type,
        body: renderBody(webhook.format, event),
      })),
    );
    if (added > 0) this.options.onDeliveries();
    return added;
  }
}
