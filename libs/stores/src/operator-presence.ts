import type { Redis } from 'ioredis';

/** The live log every operator of a tenant follows (`GET /api/inbox/events`), beside the conversations' logs. */
export const inboxLogKey = (tenantId: string) => `inbox:${tenantId}`;

/**
 * Which operators are there: an operator is online while their console holds the inbox's event
 * stream open. Each open stream is an entry that its gateway renews; an entry not renewed within
 * its time to live (the gateway died) no longer counts. Redis shares it between gateway
 * replicas and the sessions service; the in-memory store serves the one-process mode.
 */
export interface OperatorPresence {
  /** Marks one open inbox stream present for `ttlMs` more (call again to renew). */
  renew(tenantId: string, streamId: string, ttlMs: number): Promise<void>;
  leave(tenantId: string, streamId: string): Promise<void>;
  /** Inbox streams of the tenant open now. */
  count(tenantId: string): Promise<number>;
}

export function redisOperatorPresence(redis: Redis, prefix: string): OperatorPresence {
  const key = (tenantId: string) => `${prefix}operators:${tenantId}`;
  return {
    async renew(tenantId, streamId, ttlMs) {
      const now = Date.now();
      await redis
        .multi()
        .zadd(key(tenantId), now + ttlMs, streamId)
        .zremrangebyscore(key(tenantId), '-inf', now)
        // The whole set goes when its last stream is forgotten.
        .pexpire(key(tenantId), ttlMs * 2)
        .exec();
    },
    async leave(tenantId, streamId) {
      await redis.zrem(key(tenantId), streamId);
    },
    async count(tenantId) {
      return redis.zcount(key(tenantId), Date.now(), '+inf');
    },
  };
}

export function memoryOperatorPresence(now: () => number = Date.now): OperatorPresence {
  const tenants = new Map<string, Map<string, number>>();
  return {
    async renew(tenantId, streamId, ttlMs) {
      const streams = tenants.get(tenantId) ?? new Map<string, number>();
      tenants.set(tenantId, streams);
      streams.set(streamId, now() + ttlMs);
    },
    async leave(tenantId, streamId) {
      tenants.get(tenantId)?.delete(streamId);
    },
    async count(tenantId) {
      const streams = tenants.get(tenantId);
      if (!streams) return 0;
      const time = now();
      for (const [id, until] of streams) if (until <= time) streams.delete(id);
      return streams.size;
    },
  };
}
