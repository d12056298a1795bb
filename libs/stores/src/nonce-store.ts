import type { Redis } from 'ioredis';

/**
 * Remembers values (request signatures) for a while and says whether one was seen before: the
 * Text Chat API accepts the signature of a request with an effect once. Redis shares that memory
 * between gateway replicas; the in-memory store serves the one-process mode.
 */
export interface NonceStore {
  /** True the first time `value` is claimed within `ttlSeconds`, false on every later claim. */
  claim(value: string, ttlSeconds: number): Promise<boolean>;
  /** Forgets a claim: the request it guarded had no effect, so sending it again is no replay. */
  release(value: string): Promise<void>;
}

export function redisNonceStore(redis: Redis, prefix: string): NonceStore {
  return {
    async claim(value, ttlSeconds) {
      const result = await redis.set(`${prefix}nonce:${value}`, '1', 'EX', ttlSeconds, 'NX');
      return result === 'OK';
    },
    async release(value) {
      await redis.del(`${prefix}nonce:${value}`);
    },
  };
}

export function memoryNonceStore(now: () => number = Date.now): NonceStore {
  const seen = new Map<string, number>();
  let lastSweep = now();
  return {
    async claim(value, ttlSeconds) {
      const time = now();
      // Sweep expired entries at most once a second so memory stays bounded by the TTL window.
      if (time - lastSweep > 1_000) {
        for (const [key, expires] of seen) if (expires <= time) seen.delete(key);
        lastSweep = time;
      }
      const expires = seen.get(value);
      if (expires !== undefined && expires > time) return false;
      seen.set(value, time + ttlSeconds * 1000);
      return true;
    },
    async release(value) {
      seen.delete(value);
    },
  };
}
