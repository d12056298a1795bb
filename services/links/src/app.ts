import type { PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { RegistryRepository } from './registry.repository.js';
import { RegistryService } from './registry.service.js';

export interface LinksDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
}

export interface LinksService {
  registry: RegistryService;
  /** Stops taking requests and waits for the ones in flight. */
  drain(): Promise<void>;
}

/** The links service: owner of tenants, keys, agents and versions, answering on the bus. */
export function createLinksService(deps: LinksDeps): LinksService {
  const registry = new RegistryService(new RegistryRepository(deps.db));
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
  ];
  return {
    registry,
    drain: async () => {
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
