export * from './app.js';
export * from './config.js';
export { QUESTION_EMBEDDING_BUDGET_MS, questionEmbedderFrom } from './knowledge/question-embedder.js';
export * from './moderation/moderator.js';
export * from './turns/llm.js';
