import { connectPlatformBus } from '@parley/bus';
import { createLogger } from '@parley/logger';
import { createMetricsRegistry, exitOnStartupFailure, runProcess } from '@parley/service';
import { connectRedis, redisNonceStore } from '@parley/stores';
import { buildGateway } from './app.js';
import { loadConfig } from './config.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  exitOnStartupFailure('gateway', error);
}
const logger = createLogger({ service: 'gateway', level: config.logLevel });

await runProcess({
  name: 'gateway',
  logger,
  shutdownTimeoutSeconds: config.shutdownTimeoutSeconds,
  start: async () => {
    const redis = await connectRedis(config.redisUrl);
    const bus = await connectPlatformBus({ natsUrl: config.natsUrl, namespace: config.namespace, logger, name: 'gateway' });
    const registry = createMetricsRegistry('gateway');
    const app = await buildGateway({
      bus,
      nonces: redisNonceStore(redis, `${config.namespace}:`),
      redis,
      logger,
      registry,
      checks: { nats: () => bus.ping(), redis: async () => void (await redis.ping()) },
      config: config.gateway,
    });
    await app.listen({ port: config.gateway.port, host: config.gateway.host });
    logger.info({ url: config.gateway.publicBaseUrl }, 'gateway listening');
    return {
      stop: async () => {
        await app.close();
        await bus.drain();
        redis.disconnect();
      },
    };
  },
});
