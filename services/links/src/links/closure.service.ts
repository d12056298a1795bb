import type { PlatformBus } from '@parley/bus';
import type { LinkClosedReason, PublicLink, UpdateLinkBody } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { LinkClosureRepository } from './closure.repository.js';

/** Expired links announced per transaction, and transactions per announceExpired call at most. */
const EXPIRY_BATCH = 200;
const EXPIRY_BATCHES_PER_CALL = 50;

/**
 * Links that stopped serving visitors. The cleanup job asks which links closed, and has expiries
 * announced (expiry happens by itself, so it is only found that way, within a minute); a
 * deactivation or deletion through management is announced at once as `link.closed`, so the
 * link's sessions end without waiting for the job.
 */
export class LinkClosureService {
  constructor(
    private readonly repository: LinkClosureRepository,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
  ) {}

  async closed(ids: string[]) {
    return { links: await this.repository.closed(ids) };
  }

  /**
   * Announces every link whose expiry passed since the last call (asked by the cleanup job), in
   * batches: each expiry once, `at` being the expiry time itself. Answers how many were announced.
   */
  async announceExpired(): Promise<{ announced: number }> {
    let announced = 0;
    for (let batch = 0; batch < EXPIRY_BATCHES_PER_CALL; batch++) {
      const result = await this.repository.announceExpired(EXPIRY_BATCH, async (links) => {
        for (const link of links) {
          await this.bus.publish('events.link.closed', { linkId: link.id, tenantId: link.tenantId, reason: 'link_expired', at: link.expiresAt.toISOString() });
        }
      });
      announced += result.announced;
      if (result.seen < EXPIRY_BATCH) break;
    }
    return { announced };
  }

  /**
   * After an update that touched `active` or `expires_at`: announces the link if it is closed now
   * (announcing an already closed link again ends nothing, so what it was before does not matter).
   */
  async afterUpdate(tenantId: string, link: PublicLink, changes: UpdateLinkBody): Promise<void> {
    if (link.state === 'active' || !('active' in changes || 'expires_at' in changes)) return;
    // An expiry is told with its own time, as the expiry announcement tells it: the same event twice.
    if (link.state === 'expired') await this.announce(tenantId, link.id, 'link_expired', link.expires_at ?? undefined);
    else await this.announce(tenantId, link.id, 'link_deactivated');
  }

  async afterDelete(tenantId: string, linkId: string): Promise<void> {
    await this.announce(tenantId, linkId, 'link_deleted');
  }

  /** The change itself is done: a failed announcement is logged, not answered – the cleanup job ends the sessions later. */
  private async announce(tenantId: string, linkId: string, reason: LinkClosedReason, at = new Date().toISOString()): Promise<void> {
    try {
      await this.bus.publish('events.link.closed', { linkId, tenantId, reason, at });
    } catch (error) {
      this.logger.warn({ err: error, linkId, event: 'link.closed' }, 'could not publish event');
    }
  }
}
