import { runStandalone } from '@parley/service';
import { createMemoryService } from './app.js';
import { loadConfig } from './config.js';
import { knowledgeEmbedderFrom } from './knowledge/embedder.js';
import { memoryLlmFrom } from './memories/llm.js';

await runStandalone({
  name: 'memory',
  loadConfig: () => loadConfig(),
  build: ({ bus, db, pool, logger, registry }, config) => {
    const { llm, budgetMs } = memoryLlmFrom(config.llm, logger, registry);
    const memory = createMemoryService({
      bus,
      db: db!,
      pool: pool!,
      logger,
      llm,
      options: { model: config.memory.model, llmBudgetMs: budgetMs },
      knowledge: {
        embedder: knowledgeEmbedderFrom({ ...config.llm, embeddingModel: config.knowledge.embeddingModel }, logger, registry),
        uploads: config.uploads,
        options: { concurrency: config.knowledge.ingestConcurrency, allowPrivate: config.knowledge.allowPrivate, indexBytes: config.knowledge.indexBytes },
      },
    });
    return {
      ...memory,
      drain: async () => {
        await memory.drain();
        await config.uploads?.close();
      },
    };
  },
});
