import type { PlatformBus } from '@parley/bus';
import type { PublicLink } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { RegistryRepository } from '../store/registry.repository.js';

/** Tells the platform a link was made (`link.created`; webhooks send it on). */
export class LinkAnnouncements {
  constructor(
    private readonly bus: PlatformBus,
    private readonly registry: RegistryRepository,
    private readonly logger: Logger,
  ) {}

  /** The link exists whatever happens here: a failed announcement is logged, not answered. */
  async created(tenantId: string, link: Pick<PublicLink, 'id' | 'agent' | 'title' | 'expires_at' | 'created_at'>): Promise<void> {
    try {
      const agent = await this.registry.findAgentByName(tenantId, link.agent);
      if (!agent) return;
      await this.bus.publish('events.link.created', {
        linkId: link.id,
        tenantId,
        agentId: agent.id,
        agentName: agent.name,
        title: link.title,
        expiresAt: link.expires_at,
        at: link.created_at,
      });
    } catch (error) {
      this.logger.warn({ err: error, linkId: link.id, event: 'link.created' }, 'could not publish event');
    }
  }
}
