import { type PlatformBus, type Subscription, serveCatalog } from '@parley/bus';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { WorkflowLlm } from '@parley/workflow';
import { memoryCatalog } from '@parley/contracts';
import type { Kysely } from 'kysely';
import { MemoryRepository } from './memory.repository.js';
import { MemoryService, type MemoryServiceOptions } from './memory.service.js';
import { consumeMessageEvents } from './message-events.consumer.js';
import { SentimentService } from './sentiment.service.js';
import { consumeSessionEnded } from './session-ended.consumer.js';
import { MemoryPrivacyRepository } from './privacy.repository.js';
import { memoryHandlers } from './handlers/index.js';

export interface MemoryDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  logger: Logger;
  /**
   * Writes the summaries and classifies ended conversations' sentiment; without one available,
   * messages are counted and never summarised, and the local classifier judges sentiment.
   */
  llm: WorkflowLlm;
  options: MemoryServiceOptions;
}

/**
 * The memory service: what each agent remembers about each verified or signed-in visitor of its public links,
 * summarised in the background from `events.message.stored`, and each ended conversation's sentiment,
 * from `events.session.ended`; its subjects are answered from handlers/.
 */
export function createMemoryService(deps: MemoryDeps) {
  const repository = new MemoryRepository(deps.db);
  const memory = new MemoryService(repository, deps.bus, deps.llm, deps.logger, deps.options);
  const sentiment = new SentimentService(deps.bus, deps.llm, deps.logger);
  const parts = { memory, repository, privacy: new MemoryPrivacyRepository(deps.db) };
  const subscriptions: Subscription[] = [
    ...serveCatalog(deps.bus, memoryCatalog.rpc, memoryHandlers, parts),
    consumeMessageEvents(deps.bus, memory),
    consumeSessionEnded(deps.bus, sentiment),
  ];
  return {
    memory,
    drain: async () => {
      memory.stop();
      sentiment.stop();
      await Promise.all(subscriptions.map((s) => s.drain()));
    },
  };
}
