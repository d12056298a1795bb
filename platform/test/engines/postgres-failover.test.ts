import { createTestContext, type PostgresPair, postgresBinDir, startPostgresPair, type TestContext } from '@parley/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EngineEnv, type FaultPlatform, servedAgain, startFaultPlatform, startLoad, verifyLoad } from './engine-load.js';

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
    const load = startLoad(platform, { apiClients: 6, visitors: 4 });
    let failedAt = 0;
    let recovery = Number.POSITIVE_INFINITY;
    try {
      await servedAgain(load.record, 0, 30);
      failedAt = Date.now();
      await pair.failover();
      // Served again: a turn sent after the address moved is answered.
      const moved = Date.now();
      recovery = moved - failedAt + (await servedAgain(load.record, moved, 1, RECOVERY_BOUND_MS + 10_000));
      await servedAgain(load.record, Date.now(), 30);
    } finally {
      await load.stop();
    }
    const verdict = await verifyLoad(platform, engines, load.record);
    console.info(
      `PostgreSQL failover under load: ${verdict.requests} requests, ${verdict.turns} turns kept, served again ${recovery} ms after the primary was lost; ` +
        `${load.record.answers.filter((a) => a.status === 503).length} answered 503; lost ${verdict.lost.length}, doubled ${verdict.doubled.length}, hung ${verdict.hung.length}, 500 ${verdict.serverErrors.length}, uncounted ${verdict.uncounted}, unannounced ${verdict.unannounced.length}`,
    );
    expect(recovery).toBeLessThan(RECOVERY_BOUND_MS);
    expect(verdict.unanswered).toEqual([]);
    expect(verdict.lost).toEqual([]);
    expect(verdict.doubled).toEqual([]);
    expect(verdict.hung).toEqual([]);
    expect(verdict.serverErrors).toEqual([]);
    expect(verdict.uncounted).toBe(0);
    expect(verdict.unannounced).toEqual([]);
    // A 503 in the switch says what became of the message.
    for (const refused of load.record.answers.filter((a) => a.status === 503 && a.what === 'send')) {
      expect(refused.body.error.code, JSON.stringify(refused.body)).toBe('unavailable');
    }
  }, 240_000);
});
