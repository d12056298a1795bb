import { openDatabase, type Database } from '@parley/db';
import { createLinksService } from '@parley/links';
import { createMetricsRegistry } from '@parley/service';
import { connectRedis, redisNonceStore } from '@parley/stores';
import { connectTestBus, createTestContext, linkTestKeys, Teardown, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildGateway } from '../src/app.js';
import { gatewayConfigFrom } from '../src/config.js';
import { ADMIN_KEY, CHAT_SECRET } from './gateway-harness.js';

/**
 * A revoked key on two gateways, each its own NATS connection as two replicas have, in front of
 * the links service on a third: the time from the DELETE on one to the first 401 on the other.
 */
describe('key revocation across two gateways on NATS', () => {
  const teardown = new Teardown();
  let ctx: TestContext;
  let a: App;
  let b: App;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'key-revocation' });
    teardown.add(() => ctx.cleanup());
    const database: Database = await openDatabase({ url: ctx.databaseUrl, dataDir: '.', logger: ctx.logger, poolSize: 3 });
    teardown.add(() => database.close());
    const redis = await connectRedis(ctx.redisUrl);
    teardown.add(async () => redis.disconnect());
    const links = createLinksService({ bus: await connectTestBus(ctx, teardown, 'links'), db: database.db, logger: ctx.logger, keys: linkTestKeys });
    teardown.add(() => links.drain());
    const config = gatewayConfigFrom({ PORT: 0, HOST: '127.0.0.1', ADMIN_API_KEY: ADMIN_KEY, CHAT_API_SECRET: CHAT_SECRET, BODY_LIMIT_BYTES: 65_536 });
    const gateway = async (name: string) => {
      const app = await buildGateway({
        bus: await connectTestBus(ctx, teardown, name),
        nonces: redisNonceStore(redis, ctx.redisPrefix),
        redis,
        redisKeyPrefix: ctx.redisPrefix,
        logger: ctx.logger,
        registry: createMetricsRegistry(name, { defaultMetrics: false }),
        config,
      });
      teardown.add(() => app.close());
      return app;
    };
    a = await gateway('gateway-a');
    b = await gateway('gateway-b');
  });
  afterAll(async () => teardown.run());

  const call = async (app: App, key: string, method: 'GET' | 'POST' | 'DELETE', url: string, body?: unknown, tenantId?: string) => {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}`, ...(tenantId ? { 'x-tenant-id': tenantId } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : undefined };
  };

  it('is refused by the other gateway within 1 s of its DELETE', async () => {
    const tenant = await call(a, ADMIN_KEY, 'POST', '/api/tenants', { name: 'Revocation' });
    expect(tenant.status).toBe(201);
    const owner = await call(a, ADMIN_KEY, 'POST', `/api/tenants/${tenant.body.id}/keys`);
    const made = await call(a, owner.body.key, 'POST', '/api/keys', { name: 'Leaving', role: 'editor' });
    expect(made.status).toBe(201);
    const key = made.body.key as string;
    // Both gateways have the key in their caches.
    expect((await call(a, key, 'GET', '/api/agents')).status).toBe(200);
    expect((await call(b, key, 'GET', '/api/agents')).status).toBe(200);
    expect((await call(b, key, 'GET', '/api/agents')).status).toBe(200);

    const start = performance.now();
    expect((await call(a, owner.body.key, 'DELETE', `/api/keys/${made.body.key_id}`)).status).toBe(204);
    let status = 200;
    while (status !== 401 && performance.now() - start < 5_000) {
      status = (await call(b, key, 'GET', '/api/agents')).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const elapsed = performance.now() - start;
    console.log(`key revocation: DELETE on gateway A to the first 401 on gateway B: ${elapsed.toFixed(1)} ms`);
    expect(status).toBe(401);
    expect(elapsed).toBeLessThanOrEqual(1_000);
    expect((await call(a, key, 'GET', '/api/agents')).status).toBe(401);
  });
});
