import { rpcHandlerFor } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { MemoryRepository } from '../memory.repository.js';
import type { MemoryService } from '../memory.service.js';
import type { MemoryPrivacyRepository } from '../privacy.repository.js';

/** What the memory service's handlers are built from (app.ts builds it once). */
export interface MemoryParts {
  memory: MemoryService;
  repository: MemoryRepository;
  privacy: MemoryPrivacyRepository;
}

/** `handler(subject, build)`: a handler file's one export, typed from the subject's catalog entry. */
export const handler = rpcHandlerFor<PlatformCatalog, MemoryParts>();
