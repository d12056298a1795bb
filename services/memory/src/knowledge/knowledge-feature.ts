import { type DB, PreparedStatements } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { UploadStore } from '@parley/uploads';
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { BaseIndexes } from './base-index.js';
import type { Embedder } from './embedder.js';
import { IngestionRepository } from './ingestion.repository.js';
import { type IngestionOptions, IngestionWorker } from './ingestion.worker.js';
import { KnowledgeRepository } from './knowledge.repository.js';
import { KnowledgeService } from './knowledge.service.js';
import { SearchRepository } from './search.repository.js';
import { KnowledgeSearch, type SearchOptions } from './search.service.js';

export type KnowledgeOptions = Omit<IngestionOptions, 'uploads'> & SearchOptions;

/** What knowledge is built from beside the database (config.ts says where each comes from). */
export interface KnowledgeDeps {
  /** EMBEDDING_MODEL's endpoint; undefined: full-text search alone. */
  embedder?: Embedder | undefined;
  /** Where documents given as files are (S3_BUCKET or UPLOADS_DIR); undefined: such documents fail, saying so. */
  uploads?: UploadStore | undefined;
  options?: Partial<KnowledgeOptions>;
}

export const DEFAULT_KNOWLEDGE_OPTIONS: KnowledgeOptions = {
  concurrency: 1,
  allowPrivate: false,
  // Longer than a URL's fetch (30 s) and parsing a large file; renewed before each batch of embeddings.
  leaseMs: 5 * 60_000,
  pollIntervalMs: 5_000,
  clock: () => new Date(),
  embedBatch: 64,
  // A turn waits on retrieval: a slow embeddings endpoint costs the question its similarity, not the turn its time.
  queryEmbeddingTimeoutMs: 3_000,
  // KNOWLEDGE_INDEX_MB: a base of 10,000 chunks of this documentation takes some 25 MB.
  indexBytes: 128 * 2 ** 20,
  indexRereadAfterMs: 2_000,
};

/** The knowledge feature (docs/knowledge.md): its service, its search, and the ingestion worker (for the caller to start). */
export function createKnowledge(db: Kysely<DB>, pool: pg.Pool, logger: Logger, deps: KnowledgeDeps = {}) {
  const options = { ...DEFAULT_KNOWLEDGE_OPTIONS, ...deps.options };
  const repository = new KnowledgeRepository(db);
  const worker = new IngestionWorker(new IngestionRepository(db), deps.embedder, { ...options, uploads: deps.uploads }, logger);
  const knowledge = new KnowledgeService(repository, deps.uploads, () => worker.kick(), logger);
  // No room for any index: every search goes to the database.
  const indexes =
    options.indexBytes > 0
      ? new BaseIndexes(db, { maxBytes: options.indexBytes, rereadAfterMs: options.indexRereadAfterMs, now: Date.now }, logger)
      : undefined;
  const search = new KnowledgeSearch(new SearchRepository(db, new PreparedStatements(db, pool)), deps.embedder, options, logger, indexes);
  return { knowledge, search, worker };
}
