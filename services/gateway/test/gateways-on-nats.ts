import { type Database, openDatabase } from '@parley/db';
import { createLinksService } from '@parley/links';
import { createMetricsRegistry } from '@parley/service';
import { createSessionsService } from '@parley/sessions';
import { connectRedis, redisNonceStore } from '@parley/stores';
import { connectTestBus, createTestContext, linkTestKeys, Teardown, type TestContext } from '@parley/testing';
import { type App, buildGateway } from '../src/app.js';
import { gatewayConfigFrom } from '../src/config.js';
import { ADMIN_KEY, CHAT_SECRET } from './gateway-harness.js';

export interface GatewaysOnNats {
  ctx: TestContext;
  /** Two gateways, each with its own NATS connection, as two replicas have. */
  a: App;
  b: App;
  stop(): Promise<void>;
}

/**
 * Two gateways in front of the links service (and, with `sessions`, the sessions service), every
 * one on its own connection to the real NATS: what a change made through one gateway takes to
 * reach the other.
 */
export async function startGatewaysOnNats(name: string, options: { sessions?: boolean } = {}): Promise<GatewaysOnNats> {
  const teardown = new Teardown();
  try {
    const ctx = await createTestContext({ name });
    teardown.add(() => ctx.cleanup());
    const database: Database = await openDatabase({ url: ctx.databaseUrl, logger: ctx.logger, poolSize: 4 });
    teardown.add(() => database.close());
    const redis = await connectRedis(ctx.redisUrl);
    teardown.add(async () => redis.disconnect());
    const links = createLinksService({ bus: await connectTestBus(ctx, teardown, 'links'), db: database.db, logger: ctx.logger, keys: linkTestKeys });
    teardown.add(() => links.drain());
    if (options.sessions) {
      const sessions = createSessionsService({
        bus: await connectTestBus(ctx, teardown, 'sessions'),
        db: database.db,
        pool: database.pool,
        logger: ctx.logger,
        options: { runnerAttempts: 1, queueTimeoutMs: 2_500 },
        noticeIntervalMs: 0,
      });
      teardown.add(() => sessions.drain());
    }
    const config = gatewayConfigFrom({ PORT: 0, HOST: '127.0.0.1', ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, BODY_LIMIT_BYTES: 65_536 });
    const gateway = async (gatewayName: string) => {
      const app = await buildGateway({
        bus: await connectTestBus(ctx, teardown, gatewayName),
        nonces: redisNonceStore(redis, ctx.redisPrefix),
        redis,
        redisKeyPrefix: ctx.redisPrefix,
        logger: ctx.logger,
        registry: createMetricsRegistry(gatewayName, { defaultMetrics: false }),
        config,
      });
      teardown.add(() => app.close());
      return app;
    };
    const a = await gateway('gateway-a');
    const b = await gateway('gateway-b');
    return { ctx, a, b, stop: () => teardown.run() };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
