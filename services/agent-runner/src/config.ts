import { DEFAULT_MAX_IN_FLIGHT } from '@parley/bus';
import { type Env, loadStandaloneEnv, redisEnv, redisTargetCheck, requiredRedisTarget, vars } from '@parley/config';
import { serviceUploadStoreFromEnv } from '@parley/uploads';
import { z } from 'zod';

export const llmEnv = {
  /** Key for the OpenAI-compatible endpoint; unset (with no base URL) means no LLM: prompt nodes say fallback_text. */
  OPENAI_API_KEY: z.string().optional(),
  /** Any OpenAI-compatible endpoint, e.g. http://localhost:11434/v1; unset means api.openai.com. */
  OPENAI_BASE_URL: vars.url.optional(),
  /** Time one LLM attempt may take. */
  LLM_TIMEOUT_MS: vars.positiveInt.default(30_000),
  /** Retries of an LLM call on 429, 5xx, timeouts and connection errors, with backoff. */
  LLM_MAX_RETRIES: vars.nonNegativeInt.default(2),
  /** The model the `/moderations` endpoint (on the same OpenAI-compatible server) is asked with, for content rules' `moderation`. */
  MODERATION_MODEL: z.string().min(1).default('omni-moderation-latest'),
  /**
   * The model a visitor's question is embedded with for knowledge search, on the same endpoint's
   * `/embeddings`: the memory service's EMBEDDING_MODEL, which passages are embedded with (set both
   * alike). Unset: the runner embeds nothing and leaves the question to the memory service (docs/knowledge.md).
   */
  EMBEDDING_MODEL: z.string().min(1).optional(),
};

export const runnerEnv = {
  /** Turns one runner works on at once (128 unless set); more wait in the queue for it or another runner. */
  RUNNER_MAX_IN_FLIGHT: vars.positiveInt.default(DEFAULT_MAX_IN_FLIGHT),
  /** MiB of conversations' prompt history one runner keeps between their turns, so a next turn brings only what was added; 0 keeps none. */
  RUNNER_HISTORY_CACHE_MB: vars.nonNegativeInt.max(65_536).default(64),
};

/** Agents' tools (docs/workflow.md "Tools"). */
export const toolsEnv = {
  /** Lets tools reach private and loopback addresses: development only (the outbound guard refuses them otherwise). */
  TOOLS_ALLOW_PRIVATE: vars.boolean.default(false),
  /** Tool calls one tenant's turns make at once on one runner; more are refused (a result the model or the node sees). */
  TOOL_CALLS_PER_TENANT: vars.positiveInt.default(16),
};

/** Agents built elsewhere (docs/workflow.md "Backends"). */
export const backendsEnv = {
  /** Lets backends be on private and loopback addresses: development only (the outbound guard refuses them otherwise). */
  BACKENDS_ALLOW_PRIVATE: vars.boolean.default(false),
};

/** Where streamed replies are written for live clients (the conversations' event log): REDIS_URL or REDIS_SENTINELS. */
export const liveEnv = {
  ...redisEnv,
};

export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv(
    {
      defaultHealthPort: 8084,
      needsDatabase: false,
      extra: z.object({ ...llmEnv, ...runnerEnv, ...toolsEnv, ...backendsEnv, ...liveEnv }).check(redisTargetCheck({ required: true })),
    },
    env,
  );
  return {
    ...standalone,
    redis: requiredRedisTarget(own),
    maxInFlight: own.RUNNER_MAX_IN_FLIGHT,
    historyCacheBytes: own.RUNNER_HISTORY_CACHE_MB * 1024 * 1024,
    tools: { allowPrivate: own.TOOLS_ALLOW_PRIVATE, callsPerTenant: own.TOOL_CALLS_PER_TENANT },
    backends: { allowPrivate: own.BACKENDS_ALLOW_PRIVATE },
    /** Where visitors' files are (S3_BUCKET or UPLOADS_DIR): images a message carries are read from it. */
    uploads: serviceUploadStoreFromEnv(env),
    llm: {
      apiKey: own.OPENAI_API_KEY,
      baseUrl: own.OPENAI_BASE_URL,
      timeoutMs: own.LLM_TIMEOUT_MS,
      maxRetries: own.LLM_MAX_RETRIES,
      moderationModel: own.MODERATION_MODEL,
      embeddingModel: own.EMBEDDING_MODEL,
    },
  };
}
