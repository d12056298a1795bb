export * from './app.js';
export * from './config.js';
export { llmBudgetMs, type MemoryLlmConfig, memoryLlmFrom } from './memories/llm.js';
export { SUMMARY_EVERY } from './memories/memory.service.js';
export { summaryInstructions } from './memories/summary-prompt.js';
