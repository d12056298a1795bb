import { handlerMapFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { KnowledgeService } from './knowledge/knowledge.service.js';
import type { KnowledgeSearch } from './knowledge/search.service.js';
import type { MemoryRepository } from './memories/memory.repository.js';
import type { MemoryService } from './memories/memory.service.js';
import type { MemoryPrivacyRepository } from './privacy/privacy.repository.js';

/** What the memory service's handlers are built from (app.ts builds it once). */
export interface MemoryParts {
  memory: MemoryService;
  repository: MemoryRepository;
  privacy: MemoryPrivacyRepository;
  knowledge: KnowledgeService;
  search: KnowledgeSearch;
}

/** `handlers({...})`: a feature's `handlers.ts` maps each subject it answers to its handler, typed from the subject's catalog entry. */
export const handlers = handlerMapFor<PlatformCatalog, MemoryParts>();
