import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';

/**
 * Tells every gateway to forget what it cached of the registry now, rather than when its cache runs
 * out: a revoked key, a member's changed role or removal (with their console sessions), a tenant's
 * changed Text Chat API secrets. The change itself is done when these are sent, so a lost broadcast
 * is logged, not answered: the gateways' short caches are the fallback.
 */
export class RegistryBroadcasts {
  constructor(
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
  ) {}

  keyRevoked(keyId: string): Promise<void> {
    return this.bus.broadcast('broadcast.keys.revoked', { keyId }).catch(this.lost('could not broadcast a key revocation'));
  }

  memberChanged(memberId: string): Promise<void> {
    return this.bus.broadcast('broadcast.members.changed', { memberId }).catch(this.lost('could not broadcast a member change'));
  }

  /** A secret was made or deleted: a deleted one is refused within a second, a new one taken at once. */
  chatSecretsChanged(tenantId: string): Promise<void> {
    return this.bus.broadcast('broadcast.chat-secrets.changed', { tenantId }).catch(this.lost('could not broadcast a change of Text Chat API secrets'));
  }

  private lost(message: string) {
    return (error: unknown) => this.logger.warn({ err: error }, message);
  }
}
