import { type PlatformBus, type Subscription, serveCatalog } from '@parley/bus';
import { memoryCatalog } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { WorkflowLlm } from '@parley/workflow';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { knowledgeHandlers } from './knowledge/handlers.js';
import { createKnowledge, type KnowledgeDeps } from './knowledge/knowledge-feature.js';
import { visitorMemoryHandlers } from './memories/handlers.js';
import { MemoryRepository } from './memories/memory.repository.js';
import { MemoryService, type MemoryServiceOptions } from './memories/memory.service.js';
import { consumeMessageEvents } from './memories/message-events.consumer.js';
import { privacyHandlers } from './privacy/handlers.js';
import { MemoryPrivacyRepository } from './privacy/privacy.repository.js';
import { SentimentService } from './sentiment/sentiment.service.js';
import { consumeSessionEnded } from './sentiment/session-ended.consumer.js';

/** Every subject of the memory catalog (libs/contracts/src/catalog/memory.ts), each answered by the handlers.ts of its feature folder. */
export const memoryHandlers = [...visitorMemoryHandlers, ...privacyHandlers, ...knowledgeHandlers];

export interface MemoryDeps {
  bus: PlatformBus;
  db: Kysely<DB>;
  /** The pool behind `db`: a knowledge search's statement runs as a prepared statement on it. */
  pool: pg.Pool;
  logger: Logger;
  /**
   * Writes the summaries and classifies ended conversations' sentiment; without one available,
   * messages are counted and never summarised, and the local classifier judges sentiment.
   */
  llm: WorkflowLlm;
  options: MemoryServiceOptions;
  /** Knowledge bases' embeddings endpoint, upload store and ingestion settings (defaults: none, none, DEFAULT_KNOWLEDGE_OPTIONS). */
  knowledge?: KnowledgeDeps;
}

/**
 * The memory service: what each agent remembers about each verified or signed-in visitor of its public links,
 * summarised in the background from `events.message.stored` (memories/), and each ended conversation's
 * sentiment, from `events.session.ended` (sentiment/), and the tenants' knowledge bases – their
 * documents read by an ingestion worker of its own, and retrieval over them (knowledge/); its
 * subjects are answered by the handlers.ts of memories/, privacy/ and knowledge/.
 */
export function createMemoryService(deps: MemoryDeps) {
  const repository = new MemoryRepository(deps.db);
  const memory = new MemoryService(repository, deps.bus, deps.llm, deps.logger, deps.options);
  const sentiment = new SentimentService(deps.bus, deps.llm, deps.logger);
  const { knowledge, search, worker } = createKnowledge(deps.db, deps.pool, deps.logger, deps.knowledge);
  const parts = { memory, repository, privacy: new MemoryPrivacyRepository(deps.db), knowledge, search };
  const subscriptions: Subscription[] = [
    ...serveCatalog(deps.bus, memoryCatalog.rpc, memoryHandlers, parts),
    consumeMessageEvents(deps.bus, memory),
    consumeSessionEnded(deps.bus, sentiment),
  ];
  worker.start();
  return {
    memory,
    drain: async () => {
      memory.stop();
      sentiment.stop();
      await Promise.all([...subscriptions.map((s) => s.drain()), worker.stop()]);
    },
  };
}
