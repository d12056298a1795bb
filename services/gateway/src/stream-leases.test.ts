import { AppError } from '@parley/contracts';
import { connectRedis } from '@parley/stores';
import { createTestContext, type TestContext } from '@parley/testing';
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

  it('in Redis: leases are renewed while held, and those of a gateway that died run out on their own', async () => {
    const dead = redisStreamLeases(redis, ctx.redisPrefix, { perSession: 2, perAddress: 10 }, ctx.logger, { ttlMs: 400, renewMs: 100 });
    const subject = { session: 'conv-1', address: '198.51.100.7' };
    await dead.acquire(subject);
    await dead.acquire(subject);
    const other = redisStreamLeases(redis, ctx.redisPrefix, { perSession: 2, perAddress: 10 }, ctx.logger, { ttlMs: 400, renewMs: 100 });
    // Past the time to live, renewed: still held, for the other gateway too.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await refusedLimit(other, subject)).toBe('streams_per_session');
    // The gateway dies: nothing renews or releases its leases.
    dead.close();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(await refusedLimit(other, subject)).toBe('granted');
    other.close();
  });
});
