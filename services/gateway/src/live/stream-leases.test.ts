import { AppError } from '@parley/contracts';
import { connectRedis } from '@parley/stores';
import { createTestContext, type TestContext, waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryStreamLeases, redisStreamLeases, type StreamLeases } from './stream-leases.js';

async function refusedLimit(leases: StreamLeases, subject: { session: string; address: string }): Promise<unknown> {
  try {
    const lease = await leases.acquire(subject);
    lease.release();
    return 'granted';
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    return ((error as AppError).details as { limit: string }).limit;
  }
}

describe('live stream leases', () => {
  let ctx: TestContext;
  let redis: Redis;
  beforeAll(async () => {
    ctx = await createTestContext({ name: 'stream-leases' });
    redis = await connectRedis(ctx.redisUrl);
  });
  afterAll(async () => {
    redis?.disconnect();
    await ctx?.cleanup();
  });

  it('in one process (no Redis): the caps hold, a release frees its slot once, releasing again is harmless', async () => {
    const leases = memoryStreamLeases({ perSession: 2, perAddress: 3 });
    const a = { session: 's1', address: '203.0.113.5' };
    const first = await leases.acquire(a);
    await leases.acquire(a);
    expect(await refusedLimit(leases, a)).toBe('streams_per_session');
    await leases.acquire({ session: 's2', address: '203.0.113.5' });
    expect(await refusedLimit(leases, { session: 's3', address: '203.0.113.5' })).toBe('streams_per_address');
    // IPv6 addresses count by their /64, as the other per-address limits do.
    const v6 = memoryStreamLeases({ perSession: 5, perAddress: 1 });
    await v6.acquire({ session: 'x', address: '2001:db8:1:2::1' });
    expect(await refusedLimit(v6, { session: 'y', address: '2001:db8:1:2::ffff' })).toBe('streams_per_address');
    first.release();
    first.release();
    expect(await refusedLimit(leases, { session: 's3', address: '203.0.113.5' })).toBe('granted');
    // One slot freed, not two: the session takes one more, then is full again.
    await leases.acquire(a);
    expect(await refusedLimit(leases, a)).toBe('streams_per_session');
  });

  it('inbox streams count per management credential, apart from the visitors’ caps, in one process and in Redis', async () => {
    const caps = { perSession: 1, perAddress: 1, perCredential: 2 };
    for (const leases of [memoryStreamLeases(caps), redisStreamLeases(redis, ctx.redisPrefix, caps, ctx.logger)]) {
      const refused = async (credential: string) => {
        try {
          (await leases.acquireInbox(credential)).release();
          return 'granted';
        } catch (error) {
          expect((error as AppError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
          return (error as AppError).details;
        }
      };
      const first = await leases.acquireInbox('key:k1');
      await leases.acquireInbox('key:k1');
      expect(await refused('key:k1')).toEqual({ limit: 'streams_per_credential', max: 2 });
      expect(await refused('member-session:s1')).toBe('granted');
      // A visitor's stream is not counted with them, nor they with it.
      const visitor = await leases.acquire({ session: 'key:k1', address: '203.0.113.9' });
      expect(await refusedLimit(leases, { session: 'other', address: '203.0.113.9' })).toBe('streams_per_address');
      first.release();
      expect(await refused('key:k1')).toBe('granted');
      visitor.release();
      leases.close();
    }
  });

  it('in Redis: leases are renewed while held, and those of a gateway that died run out on their own', async () => {
    // The leases' clock is the test's (it moves time rather than waiting it out); renewals come every 20 ms.
    let now = Date.now();
    const timing = { ttlMs: 1_000, renewMs: 20, now: () => now };
    const dead = redisStreamLeases(redis, ctx.redisPrefix, { perSession: 2, perAddress: 10 }, ctx.logger, timing);
    const subject = { session: 'conv-1', address: '198.51.100.7' };
    await dead.acquire(subject);
    await dead.acquire(subject);
    const other = redisStreamLeases(redis, ctx.redisPrefix, { perSession: 2, perAddress: 10 }, ctx.logger, timing);
    /** Until when the session's leases hold (the earliest of them), as Redis has it. */
    const heldUntil = async () => {
      const scores = (await redis.zrange(`${ctx.redisPrefix}streams:session:${subject.session}`, '0', '-1', 'WITHSCORES')).filter((_, i) => i % 2 === 1);
      return scores.length === 2 ? Math.min(...scores.map(Number)) : 0;
    };
    // Most of their time to live passes, and the gateway holding them renews them.
    now += 800;
    await waitFor(async () => (await heldUntil()) >= now + 1_000);
    // Past the time to live they were taken with: still held, for the other gateway too.
    now += 800;
    expect(await refusedLimit(other, subject)).toBe('streams_per_session');
    // The gateway dies: nothing renews or releases its leases, and past their time to live they count no more.
    dead.close();
    now += 2_000;
    expect(await refusedLimit(other, subject)).toBe('granted');
    other.close();
  });
});
