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
  const memory = new MemoryService(new MemoryRepository(deps.db), deps.bus, deps.llm, deps.logger, deps.options);
  const privacy = new MemoryPrivacyRepository(deps.db);
  const subscriptions: Subscription[] = [
    deps.bus.serve('memory.get', (req) => withLogContext({ agentId: req.agentId }, () => memory.get(req.agentId, req))),
    consumeMessageEvents(deps.bus, memory),
    // Privacy (API.md): a visitor's memories in their export, and forgotten on erasure.
    deps.bus.serve('privacy.memories', async (req) => ({ memories: await privacy.memories(req.tenantId, visitorKeyOf({ email: req.email })!) })),
    deps.bus.serve('privacy.eraseMemories', async (req) => ({
      memories: await privacy.erase(req.tenantId, visitorKeyOf({ email: req.email, userId: req.userId })!, req.agentId),
    })),
  ];
  return {
    memory,
    drain: async () => {
      memory.stop();
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
