import { describe, it } from 'vitest';
import { expectNothingLost, faultUnderLoad, useFaultPlatform } from './engine-load.js';

/**
 * The sessions process killed under load (SIGKILL: no draining), another started in its place.
 * Turns it had committed but not yet announced have their events in event_outbox, written by
 * their commits; the next process relays them (docs/architecture.md "Events kept with their
 * commit"), so analytics counts every acknowledged turn and the webhook is sent every started
 * conversation, while the load's retries with their Idempotency-Keys run nothing twice.
 */
describe('the sessions process killed under load', () => {
  const suite = useFaultPlatform('sessions-killed');

  it('loses, doubles and hangs nothing, and analytics and webhooks miss no acknowledged turn', async () => {
    const run = await faultUnderLoad(suite.platform, suite.engines, () => suite.platform.relaunch('sessions'));
    expectNothingLost('sessions killed under load', run);
  }, 240_000);
});
