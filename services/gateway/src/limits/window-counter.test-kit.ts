import { randomUUID } from 'node:crypto';
import { createLogger } from '@parley/logger';
import { connectRedis } from '@parley/stores';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { WindowCounter } from './window-counter.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger({ service: 'gateway-test', level: 'silent' });

/**
 * A WindowCounter for the describe block it is called in: in Redis (under a key prefix of its
 * own, removed afterwards) or, with no Redis, in memory; counting on `now`, a clock the test moves.
 * The counter is there from the block's beforeAll on.
 */
export function counterIn(store: 'Redis' | 'memory', now: () => number): { readonly counter: WindowCounter } {
  const prefix = `test:counter:${randomUUID()}:`;
  let redis: Redis | undefined;
  const held: { counter?: WindowCounter } = {};
  beforeAll(async () => {
    if (store === 'Redis') redis = await connectRedis(redisUrl);
    held.counter = new WindowCounter({ redis, keyPrefix: prefix, logger, now });
  });
  afterAll(async () => {
    const keys = (await redis?.keys(`${prefix}*`)) ?? [];
    if (keys.length > 0) await redis?.del(...keys);
    redis?.disconnect();
  });
  return {
    get counter() {
      if (!held.counter) throw new Error('counterIn: the counter is made in beforeAll');
      return held.counter;
    },
  };
}
