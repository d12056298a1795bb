import type { LinkAccess } from '@parley/contracts';
import { describe, expect, it } from 'vitest';
import { defaultAdaptiveTimings } from './adaptive-limits.js';
import { emailKey, MessageLimits } from './message-limits.js';
import { counterIn } from './window-counter.test-kit.js';

/** What the limits read of a link: a plain one, a session's limit of 100 a minute. */
const link = { linkId: 'lnk_ceiling', adaptiveRateLimit: false, rateLimitPerMinute: 100, rateLimitPerLinkPerMinute: null } as unknown as LinkAccess;

describe.each(['Redis', 'memory'] as const)('the platform’s ceiling among the message limits, counted in %s', (store) => {
  let clock = 9_000_000;
  const made = counterIn(store, () => clock);

  it('is spent only by messages every other limit lets through, a session’s email included', async () => {
    const { counter } = made;
    const refusals: string[] = [];
    const limits = new MessageLimits({
      counter,
      limits: { perIpPerMinute: 100, perSessionPerMinute: 100, perEmailPerMinute: 1, invalidTokensPerIpPerMinute: 100 },
      globalPerSecond: 3,
      adaptive: defaultAdaptiveTimings,
      recordRefusal: (refused) => refusals.push(refused.linkId),
    });
    // A session bound to an email (as verification binds one): its email may send one message a minute.
    await counter.remember('session-email:verified', emailKey('ana@example.com'), 60_000);
    await limits.count('198.51.100.1', link, { credentialHash: 'verified' });
    await expect(limits.count('198.51.100.1', link, { credentialHash: 'verified' })).rejects.toMatchObject({
      code: 'rate_limited',
      details: { limit: 'email' },
    });
    // The refused message took nothing of the ceiling: two more fit in this second, the next does not.
    await limits.count('198.51.100.2', link, { credentialHash: 'other' });
    await limits.count('198.51.100.3', link, {});
    await expect(limits.count('198.51.100.4', link, {})).rejects.toMatchObject({ code: 'rate_limited', details: { limit: 'global' } });
    expect(refusals).toEqual(['lnk_ceiling', 'lnk_ceiling']);
    // The next second has room again.
    clock += 1_000;
    await limits.count('198.51.100.4', link, {});
  });
});
