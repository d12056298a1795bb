export * from './app.js';
export * from './config.js';
export { type Embedder, knowledgeEmbedderFrom } from './knowledge/embedder.js';
export { DEFAULT_KNOWLEDGE_OPTIONS, type KnowledgeDeps, type KnowledgeOptions } from './knowledge/knowledge-feature.js';
export { llmBudgetMs, type MemoryLlmConfig, memoryLlmFrom } from './memories/llm.js';
export { SUMMARY_EVERY } from './memories/memory.service.js';
export { summaryInstructions } from './memories/summary-prompt.js';
