import type { PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { ChatSecretRepository } from './chat-secret.repository.js';
import { ChatSecretService } from './chat-secret.service.js';
import { SecretBox } from './secret-box.js';

export { SecretBox } from './secret-box.js';

/**
 * Tenants' own Text Chat API secrets on the bus (docs/api.md, "Text Chat API secrets"). Every
 * change is broadcast, so each gateway drops its copy of the tenant's secrets at once: a deleted
 * secret is refused within a second, a new one taken at once (the gateways' short cache is the
 * fallback when the broadcast is missed).
 */
export function serveChatSecrets(deps: { bus: PlatformBus; db: Kysely<DB>; logger: Logger; secretsKey: string }): Subscription[] {
  const { bus, logger } = deps;
  const secrets = new ChatSecretService(new ChatSecretRepository(deps.db), new SecretBox(deps.secretsKey), logger);
  const changed = (tenantId: string) =>
    bus.broadcast('broadcast.chat-secrets.changed', { tenantId }).catch((error: unknown) => logger.warn({ err: error }, 'could not broadcast a change of Text Chat API secrets'));
  return [
    bus.serve('links.chat-secrets.create', async (req) => {
      const created = await secrets.create(req.tenantId);
      await changed(req.tenantId);
      return created;
    }),
    bus.serve('links.chat-secrets.list', (req) => secrets.list(req.tenantId)),
    bus.serve('links.chat-secrets.delete', async (req) => {
      const deleted = await secrets.delete(req.tenantId, req.secretId);
      await changed(req.tenantId);
      return deleted;
    }),
    bus.serve('links.chat-secrets.live', (req) => secrets.live(req.tenantId)),
    bus.serve('links.chat-secrets.touch', (req) => secrets.touch(req.secretId)),
  ];
}
