import { connectPlatformBus } from '@parley/bus';
import { createLogger } from '@parley/logger';
import {
  createMetricsRegistry,
  exitOnStartupFailure,
  mailMetrics,
  type ReadinessChecks,
  registerBusMetrics,
  runProcess,
  startHealthServer,
} from '@parley/service';
import { connectRedis, redisLiveEventLog, redisNonceStore, redisOperatorPresence } from '@parley/stores';
import { buildGateway } from './app.js';
import { loadConfig } from './config.js';
import { verificationMailerFor } from './mail/verification-mailer.js';

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
  shutdownDelaySeconds: config.shutdownDelaySeconds,
  shutdownTimeoutSeconds: config.shutdownTimeoutSeconds,
  start: async () => {
    const redis = await connectRedis(config.redis);
    const bus = await connectPlatformBus({ natsUrl: config.natsUrl, natsReplicas: config.natsReplicas, namespace: config.namespace, logger, name: 'gateway' });
    const registry = createMetricsRegistry('gateway');
    registerBusMetrics(registry, bus);
    const checks: ReadinessChecks = { nats: () => bus.ping(), redis: async () => void (await redis.ping()) };
    // One subscriber connection for every visitor's stream this process serves.
    const live = redisLiveEventLog(redis, `${config.namespace}:`);
    const app = await buildGateway({
      bus,
      nonces: redisNonceStore(redis, `${config.namespace}:`),
      redis,
      redisKeyPrefix: `${config.namespace}:`,
      logger,
      registry,
      config: config.gateway,
      live,
      presence: redisOperatorPresence(redis, `${config.namespace}:`),
      mailer: verificationMailerFor(config.gateway.mail, logger, 'none', mailMetrics(registry)),
      uploads: config.uploads,
    });
    if (!config.uploads) logger.warn("no upload store (S3_BUCKET or UPLOADS_DIR): visitors' uploads and knowledge documents sent as files answer 503");
    await app.listen({ port: config.gateway.port, host: config.gateway.host });
    // Started once the API listens: a balancer that polls /readyz sends nothing before then.
    const health = await startHealthServer({
      port: config.healthPort,
      host: config.gateway.host,
      logger,
      registry,
      checks,
      accessLog: config.gateway.accessLog,
    });
    logger.info({ url: config.gateway.publicBaseUrl, healthPort: health.port }, 'gateway listening');
    return {
      startDraining: () => {
        health.markStopping();
        app.startDraining();
      },
      stop: async () => {
        // In-flight requests finish; idle keep-alive sockets are closed (there are few left: every
        // response since SIGTERM asked its client to close).
        await app.close();
        await config.uploads?.close();
        await live.close();
        await bus.drain();
        redis.disconnect();
        await health.close();
      },
    };
  },
});
