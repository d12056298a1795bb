import type { PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { LinkRepository } from './link.repository.js';
import { LinkClosureRepository } from './link-closure.repository.js';
import { LinkClosureService } from './link-closure.service.js';
import { LinkService } from './link.service.js';
import { RegistryRepository } from './registry.repository.js';
import { RegistryService } from './registry.service.js';
import { SecurityEventRepository } from './security-event.repository.js';
import { consumeSecurityEvents } from './security-events.consumer.js';
import { VerificationRepository } from './verification.repository.js';
import { VerificationService } from './verification.service.js';

export interface LinksDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
}

export interface LinksService {
  registry: RegistryService;
  links: LinkService;
  /** Stops taking requests and waits for the ones in flight. */
  drain(): Promise<void>;
}

/** The links service: owner of tenants, keys, agents, versions and public links, answering on the bus. */
export function createLinksService(deps: LinksDeps): LinksService {
  const registryRepository = new RegistryRepository(deps.db);
  const registry = new RegistryService(registryRepository);
  const links = new LinkService(new LinkRepository(deps.db), registryRepository);
  const verification = new VerificationService(new VerificationRepository(deps.db));
  const closures = new LinkClosureService(new LinkClosureRepository(deps.db), deps.bus, deps.logger);
  const { bus } = deps;
  const subscriptions: Subscription[] = [
    bus.serve('tenants.create', (req) => registry.createTenant(req.name)),
    bus.serve('tenants.createKey', (req) => registry.createKey(req.tenantId)),
    bus.serve('tenants.resolveKey', (req) => registry.resolveKey(req.keyHash)),
    bus.serve('tenants.exists', async (req) => ({ exists: await registry.tenantExists(req.tenantId) })),
    bus.serve('agents.create', (req) => registry.createAgent(req.tenantId, req.name, req.config)),
    bus.serve('agents.list', (req) => registry.listAgents(req.tenantId)),
    bus.serve('agents.get', (req) => registry.getAgent(req.tenantId, req.name)),
    bus.serve('agents.createVersion', (req) => registry.createVersion(req.tenantId, req.name, req.config)),
    bus.serve('agents.setActiveVersion', (req) => registry.setActiveVersion(req.tenantId, req.name, req.version)),
    bus.serve('agents.resolveVersion', (req) => registry.resolveVersion(req.tenantId, req.agentId, req.version)),
    bus.serve('agents.config', (req) => registry.config(req.agentId, req.version)),
    bus.serve('links.create', (req) => links.create(req.tenantId, req.agentName, req.settings, req.publicBaseUrl)),
    bus.serve('links.list', (req) => links.list(req.tenantId, req.agentName)),
    bus.serve('links.update', async (req) => {
      const link = await links.update(req.tenantId, req.agentName, req.linkId, req.changes);
      await closures.afterUpdate(req.tenantId, link, req.changes);
      return link;
    }),
    bus.serve('links.delete', async (req) => {
      const deleted = await links.delete(req.tenantId, req.agentName, req.linkId);
      await closures.afterDelete(req.tenantId, req.linkId);
      return deleted;
    }),
    bus.serve('links.closed', (req) => closures.closed(req.ids)),
    bus.serve('links.resolve', (req) => links.resolve(req.tokenHash)),
    bus.serve('verification.start', (req) => verification.start(req.linkId, req.email)),
    bus.serve('verification.confirm', (req) => verification.confirm(req.linkId, req.email, req.code)),
    consumeSecurityEvents(bus, new SecurityEventRepository(deps.db)),
  ];
  return {
    registry,
    links,
    drain: async () => {
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
