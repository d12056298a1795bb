import { type PostgresPair, postgresBinDir, startPostgresPair } from '@parley/testing';
import { describe, it } from 'vitest';
import { expectNothingLost, faultUnderLoad, useFaultPlatform } from './engine-load.js';

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
  let pair: PostgresPair;
  const suite = useFaultPlatform('pg-failover', async () => {
    pair = await startPostgresPair(binDir as string);
    return { databaseUrl: pair.url, stop: () => pair.stop() };
  });

  it('serves again within 30 s, and loses, doubles and hangs nothing; analytics and webhooks miss no acknowledged turn', async () => {
    const run = await faultUnderLoad(suite.platform, suite.engines, () => pair.failover());
    expectNothingLost('PostgreSQL failover under load', run, { recoveryBoundMs: RECOVERY_BOUND_MS });
  }, 240_000);
});
