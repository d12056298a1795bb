import { createTestContext, type PostgresPair, postgresBinDir, startPostgresPair, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type EngineEnv, expectNothingLost, type FaultPlatform, faultUnderLoad, startFaultPlatform } from './engine-load.js';

const binDir = await postgresBinDir();

/** Served again within this after the primary is lost (docs/deployment.md "The engines' own failures"). */
const RECOVERY_BOUND_MS = 30_000;

/**
 * PostgreSQL fails over under load: the primary dies, its synchronous standby is promoted and the
 * address the services use moves to it (as HAProxy with a primary check or a managed endpoint
 * does). The services drop the broken connections and reconnect; a turn caught in the switch is
 * answered 503 with its outcome, and its retry with the same Idempotency-Key runs it once.
 */
describe.skipIf(binDir === null)('a PostgreSQL primary lost under load', () => {
  let ctx: TestContext;
  let pair: PostgresPair;
  let engines: EngineEnv;
  let platform: FaultPlatform;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'pg-failover' });
    pair = await startPostgresPair(binDir as string);
    engines = { vars: { NATS_URL: ctx.natsUrl, REDIS_URL: ctx.redisUrl, DATABASE_URL: pair.url }, databaseUrl: pair.url, namespace: ctx.namespace };
    platform = await startFaultPlatform(engines);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await pair?.stop();
    await ctx?.cleanup();
  });

  it('serves again within 30 s, and loses, doubles and hangs nothing; analytics and webhooks miss no acknowledged turn', async () => {
    const run = await faultUnderLoad(platform, engines, () => pair.failover());
    expectNothingLost('PostgreSQL failover under load', run, { recoveryBoundMs: RECOVERY_BOUND_MS });
  }, 240_000);
});
