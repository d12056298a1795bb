import type { PlatformBus, Subscription } from '@parley/bus';
import type { DB } from '@parley/db';
import { type Logger, withLogContext } from '@parley/logger';
import type { WorkflowLlm } from '@parley/workflow';
import { visitorKeyOf } from '@parley/contracts';
import type { Kysely } from 'kysely';
import { MemoryRepository } from './memory.repository.js';
import { MemoryService, type MemoryServiceOptions } from './memory.service.js';
import { consumeMessageEvents } from './message-events.consumer.js';
import { MemoryPrivacyRepository } from './privacy.repository.js';

export interface MemoryDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  /** Writes the summaries; without one available, messages are counted and never summarised. */
  llm: WorkflowLlm;
  options: MemoryServiceOptions;
}

/**
 * The memory service: what each agent remembers about each verified or signed-in visitor of its public links,
 * summarised in the background from `messages.stored` and answered on `memory.get`.
 */
export function createMemoryService(deps: MemoryDeps) {
  const repository = new MemoryRepository(deps.db);
  const memory = new MemoryService(repository, deps.bus, deps.llm, deps.logger, deps.options);
  const privacy = new MemoryPrivacyRepository(deps.db);
  const subscriptions: Subscription[] = [
    deps.bus.serve('memory.get', (req) => withLogContext({ agentId: req.agentId }, () => memory.get(req.agentId, req))),
    consumeMessageEvents(deps.bus, memory),
    // Privacy (docs/api.md): a visitor's memories in their export, and forgotten on erasure.
    deps.bus.serve('memory.privacy.memories', async (req) => ({ memories: await privacy.memories(req.tenantId, req.visitor) })),
    deps.bus.serve('memory.privacy.erase', async (req) => {
      // A user id with its realm is one person; without it, its memories in every realm of the tenant go.
      const keys =
        req.userId === undefined
          ? [visitorKeyOf({ email: req.email })!]
          : req.userRealm !== undefined
            ? [visitorKeyOf({ userId: req.userId, userRealm: req.userRealm })!]
            : await repository.keysOfUser(req.tenantId, req.userId, req.agentId);
      let memories = 0;
      for (const key of keys) memories += await privacy.erase(req.tenantId, key, req.agentId);
      return { memories };
    }),
  ];
  return {
    memory,
    drain: async () => {
      memory.stop();
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
