import type { PlatformBus } from '@parley/bus';
import type { LinkClosedReason, PublicLink, UpdateLinkBody } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { LinkClosureRepository } from './link-closure.repository.js';

/**
 * Links that stopped serving visitors. The cleanup job asks which links closed (expiry needs no
 * action, so it is only found that way); a deactivation or deletion through management is also
 * announced at once as `link.closed`, so the link's sessions end without waiting for the job.
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
   * After an update that touched `active` or `expires_at`: announces the link if it is closed now
   * (announcing an already closed link again ends nothing, so what it was before does not matter).
   */
  async afterUpdate(tenantId: string, link: PublicLink, changes: UpdateLinkBody): Promise<void> {
    if (link.state === 'active' || !('active' in changes || 'expires_at' in changes)) return;
    await this.announce(tenantId, link.id, link.state === 'expired' ? 'link_expired' : 'link_deactivated');
  }

  async afterDelete(tenantId: string, linkId: string): Promise<void> {
    await this.announce(tenantId, linkId, 'link_deleted');
  }

  /** The change itself is done: a failed announcement is logged, not answered – the cleanup job ends the sessions later. */
  private async announce(tenantId: string, linkId: string, reason: LinkClosedReason): Promise<void> {
    try {
      await this.bus.publish('link.closed', { linkId, tenantId, reason, at: new Date().toISOString() });
    } catch (error) {
      this.logger.warn({ err: error, linkId, event: 'link.closed' }, 'could not publish event');
    }
  }
}
