import { randomUUID } from 'node:crypto';
import { createLogger } from '@parley/logger';
import { connectRedis } from '@parley/stores';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WindowCounter } from './rate-limits.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ service: 'gateway-test', level: 'silent' });

describe.each(['Redis', 'memory'] as const)('fixed windows in %s, on the counter’s clock', (store) => {
  const prefix = `test:windows:${randomUUID()}:`;
  let redis: Redis | undefined;
  let clock = 5_000_000;
  let counter: WindowCounter;

  beforeAll(async () => {
    if (store === 'Redis') redis = await connectRedis(redisUrl);
    counter = new WindowCounter({ redis, keyPrefix: prefix, logger, now: () => clock });
  });
  afterAll(async () => {
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
    redis?.disconnect();
  });

  it('count from the first hit until the window is over, then start again at one', async () => {
    const counts = [];
    for (let hit = 0; hit < 3; hit++) counts.push(await counter.hit('a', 60_000));
    expect(counts).toEqual([
      { count: 1, ttlMs: 60_000 },
      { count: 2, ttlMs: 60_000 },
      { count: 3, ttlMs: 60_000 },
    ]);
    clock += 59_999;
    expect(await counter.hit('a', 60_000)).toEqual({ count: 4, ttlMs: 1 });
    clock += 1;
    expect(await counter.peek('a')).toEqual({ count: 0, ttlMs: 0 });
    expect(await counter.hit('a', 60_000)).toEqual({ count: 1, ttlMs: 60_000 });
    // Another key has a window of its own.
    expect(await counter.hit('b', 1_000)).toEqual({ count: 1, ttlMs: 1_000 });
    expect(counter.inMemory).toBe(false);
  });

  it('take a hit back within its window, never below zero and never into a window that is over', async () => {
    await counter.hit('c', 10_000);
    await counter.hit('c', 10_000);
    clock += 4_000;
    expect(await counter.undo('c')).toEqual({ count: 1, ttlMs: 6_000 });
    expect(await counter.undo('c')).toEqual({ count: 0, ttlMs: 6_000 });
    expect(await counter.undo('c')).toEqual({ count: 0, ttlMs: 6_000 });
    expect(await counter.peek('c')).toEqual({ count: 0, ttlMs: 6_000 });
    await counter.hit('c', 10_000);
    clock += 6_000;
    expect(await counter.undo('c')).toEqual({ count: 0, ttlMs: 0 });
    expect(await counter.hit('c', 10_000)).toEqual({ count: 1, ttlMs: 10_000 });
  });
});
