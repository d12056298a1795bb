import { runStandalone } from '@parley/service';
import { connectRedis, redisLiveEventLog } from '@parley/stores';
import { createSessionsService } from './app.js';
import { loadConfig } from './config.js';

await runStandalone({
  name: 'sessions',
  loadConfig: () => loadConfig(),
  build: async ({ bus, db, pool, logger }, config) => {
    const redis = await connectRedis(config.redisUrl);
    const live = redisLiveEventLog(redis, `${config.namespace}:`);
    const service = createSessionsService({ bus, db: db!, pool: pool!, logger, options: { runnerAttempts: config.runnerAttempts }, live });
    return {
      checks: { redis: async () => void (await redis.ping()) },
      drain: async () => {
        await service.drain();
        await live.close();
        redis.disconnect();
      },
    };
  },
});
