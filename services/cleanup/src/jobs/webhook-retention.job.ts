import type { PlatformBus } from '@parley/bus';

/** Deliveries per question to the links service, and questions per run at most (a backlog goes over several runs). */
const BODY_BATCH = 1_000;
const BATCHES_PER_RUN = 50;

/**
 * Retention of webhook deliveries (docs/management-api.md "Privacy"): the body a finished delivery sent –
 * an escalation's reason, a conversation's ids – is replaced by the erased marker once it is
 * older than RETENTION_DAYS; the delivery and its attempts stay, as a visitor's erasure leaves them.
 */
export async function purgeWebhookBodies(bus: PlatformBus, retentionDays: number): Promise<string> {
  let deliveries = 0;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const purged = await bus.request('links.privacy.purge-webhook-bodies', { olderThanDays: retentionDays, limit: BODY_BATCH });
    deliveries += purged.deliveries;
    if (purged.deliveries < BODY_BATCH) break;
  }
  return `erased the bodies of ${deliveries} webhook deliveries`;
}
