export { createLlmFetch, type LlmFetch } from './llm-fetch.js';
export { createOpenAiLlm, type OpenAiLlmOptions } from './openai-llm.js';
export { parseJsonObject } from './json-reply.js';
/** The engine's own no-LLM implementation, offered here too beside the configured one. */
export { noLlm } from '@parley/workflow';
export { type LlmPurpose, purposeHeader } from './purpose.js';
export { type LlmAttempt, type LlmAttemptOutcome, type LlmAttemptSpan, type LlmErrorKind, type LlmMetrics, llmErrorKind } from './metered-completions.js';
export { createOpenAiModerator, DEFAULT_MODERATION_MODEL, type Moderator } from './moderation.js';
export { createEmbedder, type Embedder, type EmbedderOptions, MAX_EMBEDDING_BATCH } from './embedder.js';
