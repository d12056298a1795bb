import { mailMetrics, runStandalone } from '@parley/service';
import { connectRedis, redisLiveEventLog, redisOperatorPresence } from '@parley/stores';
import { createSessionsService } from './app.js';
import { loadConfig } from './config.js';
import { smtpNoticeMailer } from './mail/notice-mailer.js';

await runStandalone({
  name: 'sessions',
  loadConfig: () => loadConfig(),
  build: async ({ bus, db, pool, logger, registry }, config) => {
    const redis = await connectRedis(config.redis);
    const live = redisLiveEventLog(redis, `${config.namespace}:`);
    const mailer = config.mail.smtpUrl
      ? smtpNoticeMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, logger, metrics: mailMetrics(registry) })
      : undefined;
    const service = createSessionsService({
      bus,
      db: db!,
      pool: pool!,
      logger,
      options: {
        runnerAttempts: config.runnerAttempts,
        queueTimeoutMs: config.queueTimeoutMs,
        historyCacheBytes: config.historyCacheBytes,
        llmPrices: config.llmPrices,
        escalations: config.escalations,
      },
      live,
      presence: redisOperatorPresence(redis, `${config.namespace}:`),
      mailer,
      consoleBaseUrl: config.consoleBaseUrl,
      uploads: config.uploads,
      registry,
    });
    return {
      checks: { redis: async () => void (await redis.ping()) },
      drain: async () => {
        await service.drain();
        await config.uploads?.close();
        mailer?.close?.();
        await live.close();
        redis.disconnect();
      },
    };
  },
});
