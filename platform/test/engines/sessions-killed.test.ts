import { createTestContext, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type EngineEnv, expectNothingLost, type FaultPlatform, faultUnderLoad, startFaultPlatform } from './engine-load.js';

/**
 * The sessions process killed under load (SIGKILL: no draining), another started in its place.
 * Turns it had committed but not yet announced have their events in event_outbox, written by
 * their commits; the next process relays them (docs/architecture.md "Events kept with their
 * commit"), so analytics counts every acknowledged turn and the webhook is sent every started
 * conversation, while the load's retries with their Idempotency-Keys run nothing twice.
 */
describe('the sessions process killed under load', () => {
  let ctx: TestContext;
  let engines: EngineEnv;
  let platform: FaultPlatform;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'sessions-killed' });
    engines = {
      vars: { NATS_URL: ctx.natsUrl, REDIS_URL: ctx.redisUrl, DATABASE_URL: ctx.databaseUrl },
      databaseUrl: ctx.databaseUrl,
      namespace: ctx.namespace,
    };
    platform = await startFaultPlatform(engines);
  }, 120_000);

  afterAll(async () => {
    await platform?.stop();
    await ctx?.cleanup();
  });

  it('loses, doubles and hangs nothing, and analytics and webhooks miss no acknowledged turn', async () => {
    const run = await faultUnderLoad(platform, engines, () => platform.relaunch('sessions'));
    expectNothingLost('sessions killed under load', run);
  }, 240_000);
});
