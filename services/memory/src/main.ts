import { runStandalone } from '@parley/service';
import { createMemoryService } from './app.js';
import { loadConfig } from './config.js';
import { memoryLlmFrom } from './memories/llm.js';

await runStandalone({
  name: 'memory',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, logger, registry }, config) => {
    const { llm, budgetMs } = memoryLlmFrom(config.llm, logger, registry);
    return createMemoryService({ bus, db: db!, logger, llm, options: { model: config.memory.model, llmBudgetMs: budgetMs } });
  },
});
