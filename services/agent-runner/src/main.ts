import { runStandalone } from '@parley/service';
import { connectRedis, redisLiveEventLog } from '@parley/stores';
import { createAgentRunner } from './app.js';
import { loadConfig } from './config.js';
import { questionEmbedderFrom } from './knowledge/question-embedder.js';
import { moderatorFromConfig } from './moderation/moderator.js';
import { redisToolCallLedger } from './tools/call-ledger.js';
import { llmFromConfig } from './turns/llm.js';

await runStandalone({
  name: 'agent-runner',
  loadConfig: () => loadConfig(),
  build: async ({ bus, logger, registry }, config) => {
    const redis = await connectRedis(config.redis);
    const live = redisLiveEventLog(redis, `${config.namespace}:`);
    const runner = createAgentRunner({
      bus,
      llm: llmFromConfig(config.llm, logger, registry),
      moderator: moderatorFromConfig(config.llm, logger),
      logger,
      registry,
      live,
      maxInFlight: config.maxInFlight,
      historyCacheBytes: config.historyCacheBytes,
      uploads: config.uploads,
      tools: { ...config.tools, ledger: redisToolCallLedger(redis, `${config.namespace}:`) },
      backends: config.backends,
      // Visitors' questions embedded for knowledge search (EMBEDDING_MODEL), on the same endpoint.
      knowledge: { embedder: questionEmbedderFrom(config.llm, logger, registry) },
    });
    await runner.ready;
    return {
      checks: { redis: async () => void (await redis.ping()) },
      drain: async () => {
        await runner.drain();
        await config.uploads?.close();
        await live.close();
        redis.disconnect();
      },
    };
  },
});
