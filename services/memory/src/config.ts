import { type Env, loadStandaloneEnv, vars } from '@parley/config';
import { serviceUploadStoreFromEnv } from '@parley/uploads';
import { DEFAULT_MODEL } from '@parley/workflow';
import { z } from 'zod';

/** The LLM that writes visitors' memories: the same variables the agent-runner reads. */
const llmEnv = {
  /** Key for the OpenAI-compatible endpoint; unset (with no base URL): messages are counted, never summarised. */
  OPENAI_API_KEY: z.string().optional(),
  /** Any OpenAI-compatible endpoint; unset means api.openai.com. */
  OPENAI_BASE_URL: vars.url.optional(),
  /** Time one LLM attempt may take. */
  LLM_TIMEOUT_MS: vars.positiveInt.default(30_000),
  /** Retries of an LLM call on 429, 5xx, timeouts and connection errors, with backoff. */
  LLM_MAX_RETRIES: vars.nonNegativeInt.default(2),
};

/** Summaries are written by the model prompt nodes use unless MEMORY_MODEL says otherwise. */
export const DEFAULT_MEMORY_MODEL = DEFAULT_MODEL;

/** The memory service's own variables (the one-process mode reads them too). */
export const memoryEnv = {
  /** The model that writes visitors' memory summaries. */
  MEMORY_MODEL: z.string().min(1).default(DEFAULT_MEMORY_MODEL),
  /**
   * The model knowledge bases' chunks and questions are embedded with, on the OpenAI-compatible
   * endpoint's `/embeddings`; unset: no embeddings, retrieval is full-text search alone (docs/knowledge.md).
   */
  EMBEDDING_MODEL: z.string().min(1).optional(),
  /** Documents one memory process reads into chunks at once; more wait their turn (ingestion never competes with turns). */
  KNOWLEDGE_INGEST_CONCURRENCY: vars.positiveInt.default(1),
  /** Lets knowledge documents' URLs reach private and loopback addresses: development and tests only (the outbound guard refuses them otherwise). */
  KNOWLEDGE_ALLOW_PRIVATE: vars.boolean.default(false),
  /** The memory one memory process gives the bases' search indexes it keeps, in MiB; 0: every search in PostgreSQL (docs/knowledge.md "The index in memory"). */
  KNOWLEDGE_INDEX_MB: vars.nonNegativeInt.max(65_536).default(128),
};

export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv({ defaultHealthPort: 8085, needsDatabase: true, extra: z.object({ ...llmEnv, ...memoryEnv }) }, env);
  return {
    ...standalone,
    llm: {
      apiKey: own.OPENAI_API_KEY,
      baseUrl: own.OPENAI_BASE_URL,
      timeoutMs: own.LLM_TIMEOUT_MS,
      maxRetries: own.LLM_MAX_RETRIES,
    },
    memory: { model: own.MEMORY_MODEL },
    knowledge: {
      embeddingModel: own.EMBEDDING_MODEL,
      ingestConcurrency: own.KNOWLEDGE_INGEST_CONCURRENCY,
      allowPrivate: own.KNOWLEDGE_ALLOW_PRIVATE,
      indexBytes: own.KNOWLEDGE_INDEX_MB * 1024 * 1024,
    },
    /** Where knowledge documents given as files are (S3_BUCKET or UPLOADS_DIR, as the gateway stores them); none: such documents fail, saying so. */
    uploads: serviceUploadStoreFromEnv(env),
  };
}
