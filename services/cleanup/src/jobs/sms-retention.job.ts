import type { PlatformBus } from '@parley/bus';

/** Texts per question to the links service, and questions per run at most (a backlog goes over several runs). */
const NUMBER_BATCH = 1_000;
const BATCHES_PER_RUN = 50;

/**
 * Retention of texts (docs/management-api.md "Privacy"): a finished SMS delivery of a link keeps
 * the phone number it went to for RETENTION_DAYS, then loses it (and an error quoting it) to
 * `[erased]`; the delivery, its state, attempts and times stay, as a number's erasure leaves them.
 */
export async function purgeSmsNumbers(bus: PlatformBus, retentionDays: number): Promise<string> {
  let deliveries = 0;
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const purged = await bus.request('links.privacy.purge-sms-numbers', { olderThanDays: retentionDays, limit: NUMBER_BATCH });
    deliveries += purged.deliveries;
    if (purged.deliveries < NUMBER_BATCH) break;
  }
  return `erased the phone numbers of ${deliveries} texts`;
}
