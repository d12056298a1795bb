import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../src/index.js';
import { redisScript } from '../src/redis-scripts.js';

/**
 * A script first used while the client's automatic pipeline for the tick is already open (a
 * request's first passcode success, say, among other traffic): it runs like any other command,
 * and Redis forgetting its scripts (a restart) costs one EVAL.
 */
describe('redisScript', () => {
  let ctx: TestContext;
  let redis: Redis;

  beforeAll(async () => {
    ctx = await createTestContext();
    redis = await connectRedis(ctx.redisUrl);
  });
  afterAll(async () => {
    redis?.disconnect();
    await ctx?.cleanup();
  });

  it('runs a script first used in the same tick as other pipelined commands', async () => {
    const key = `${ctx.redisPrefix}script:${randomUUID()}`;
    // A script no other test uses, made and first run after a GET already opened this tick's pipeline.
    const lua = `return redis.call('INCRBY', KEYS[1], ARGV[1]) -- ${randomUUID()}`;
    const [before, first, set, second] = await Promise.all([
      redis.get(key),
      redisScript(redis, 1, lua)(key, 2),
      redis.set(`${key}:other`, 'x'),
      redisScript(redis, 1, lua)(key, 3),
    ]);
    expect(before).toBeNull();
    expect([first, second].sort()).toEqual([2, 5]);
    expect(set).toBe('OK');
  });

  it('loads the script again when Redis forgot it', async () => {
    const key = `${ctx.redisPrefix}script:${randomUUID()}`;
    const lua = `return redis.call('INCR', KEYS[1]) -- ${randomUUID()}`;
    const increment = redisScript(redis, 1, lua);
    expect(await increment(key)).toBe(1);
    // As after a restart of Redis: the script cache is empty, the data is not what matters here.
    const sha = (await redis.script('LOAD', lua)) as string;
    await redis.call('SCRIPT', 'FLUSH');
    expect(await redis.script('EXISTS', sha)).toEqual([0]);
    expect(await increment(key)).toBe(2);
  });
});
