import { signRequest } from '@parley/auth';
import { createInProcessBus } from '@parley/bus';
import { catalog } from '@parley/contracts';
import { createMetricsRegistry } from '@parley/service';
import { connectRedis, redisNonceStore } from '@parley/stores';
import { createTestContext, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildGateway } from '../src/app.js';
import { gatewayConfigFrom } from '../src/config.js';

const SECRET = 'gateway-test-secret-0123456789';

describe('the gateway when Redis goes away', () => {
  let ctx: TestContext;
  let app: App;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'gateway-redis-down' });
  });
  afterAll(async () => {
    await app?.close();
    await ctx?.cleanup();
  });

  it('answers 503 unavailable with Retry-After, not 500, and recovers with it', async () => {
    const redis = await connectRedis(ctx.redisUrl);
    const bus = createInProcessBus({ catalog, namespace: ctx.namespace, logger: ctx.logger });
    bus.serve('sessions.status', async (req) => ({
      session_id: req.sessionId,
      conversation_id: '00000000-0000-4000-8000-000000000000',
      status: 'active',
      node_id: 'a',
      node_name: 'A',
      turns: 0,
      transition_count: 0,
      collected_data: {},
      created_at: new Date().toISOString(),
      updated_at: new Date().toISOString(),
      ended_at: null,
    }));
    app = await buildGateway({
      bus,
      nonces: redisNonceStore(redis, ctx.redisPrefix),
      redis,
      logger: ctx.logger,
      registry: createMetricsRegistry('gateway-test', { defaultMetrics: false }),
      checks: { redis: async () => void (await redis.ping()) },
      config: gatewayConfigFrom({ PORT: 0, HOST: '127.0.0.1', ADMIN_API_KEY: 'admin-key-0123456789abcdef', CHAT_API_SECRET: SECRET, BODY_LIMIT_BYTES: 65_536 }),
    });
    const path = '/api/chat/sessions/text_AAAAAAAAAAAAAAAAAAAAAA';
    const get = () => app.inject({ method: 'GET', url: path, headers: signRequest(SECRET, 'GET', path, '', Date.now(), { fractional: true }) });

    expect((await get()).statusCode).toBe(200);
    redis.disconnect();
    const down = await get();
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(down.headers['retry-after']).toBeDefined();
    const { checkReadiness } = await import('@parley/service');
    expect(await checkReadiness({ redis: async () => void (await redis.ping()) })).toMatchObject({ ready: false });

    await redis.connect();
    expect((await get()).statusCode).toBe(200);
    redis.disconnect();
  });
});
