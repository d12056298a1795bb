export * from './app.js';
export * from './config.js';
export { llmBudgetMs, memoryLlmFrom, type MemoryLlmConfig } from './llm.js';
export { SUMMARY_EVERY } from './memory.service.js';
export { summaryInstructions } from './summary-prompt.js';
