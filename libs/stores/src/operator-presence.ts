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
  /** Marks one open inbox stream present for `ttlMs` more (call again to renew); a member's stream makes them online. */
  renew(tenantId: string, streamId: string, ttlMs: number, memberId?: string): Promise<void>;
  leave(tenantId: string, streamId: string, memberId?: string): Promise<void>;
  /** Inbox streams of the tenant open now. */
  count(tenantId: string): Promise<number>;
  /** A member's own status: `away` keeps them out of assignment while their inbox stays open. */
  setStatus(tenantId: string, memberId: string, status: 'online' | 'away'): Promise<void>;
  /** The tenant's members with an inbox stream open now, and whether each is online or away. */
  members(tenantId: string): Promise<Map<string, 'online' | 'away'>>;
}

/** How long a member's `away` is kept without any stream of theirs renewing it: a day. */
const AWAY_TTL_SECONDS = 86_400;

/**
 * Streams live in a sorted set scored by their expiry; a member's stream also names its member
 * (`streamId|memberId`), so one read gives who is there. `away` is a hash of member ids.
 */
export function redisOperatorPresence(redis: Redis, prefix: string): OperatorPresence {
  const key = (tenantId: string) => `${prefix}operators:${tenantId}`;
  const awayKey = (tenantId: string) => `${prefix}operators-away:${tenantId}`;
  const entry = (streamId: string, memberId?: string) => (memberId ? `${streamId}|${memberId}` : streamId);
  return {
    async renew(tenantId, streamId, ttlMs, memberId) {
      const now = Date.now();
      await redis
        .multi()
        .zadd(key(tenantId), now + ttlMs, entry(streamId, memberId))
        .zremrangebyscore(key(tenantId), '-inf', now)
        // The whole set goes when its last stream is forgotten.
        .pexpire(key(tenantId), ttlMs * 2)
        .exec();
    },
    async leave(tenantId, streamId, memberId) {
      await redis.zrem(key(tenantId), entry(streamId, memberId));
    },
    async count(tenantId) {
      return redis.zcount(key(tenantId), Date.now(), '+inf');
    },
    async setStatus(tenantId, memberId, status) {
      if (status === 'away') await redis.multi().hset(awayKey(tenantId), memberId, '1').expire(awayKey(tenantId), AWAY_TTL_SECONDS).exec();
      else await redis.hdel(awayKey(tenantId), memberId);
    },
    async members(tenantId) {
      const [entries, away] = await Promise.all([redis.zrangebyscore(key(tenantId), Date.now(), '+inf'), redis.hgetall(awayKey(tenantId))]);
      const out = new Map<string, 'online' | 'away'>();
      for (const value of entries) {
        const bar = value.indexOf('|');
        if (bar < 0) continue;
        const memberId = value.slice(bar + 1);
        out.set(memberId, away[memberId] ? 'away' : 'online');
      }
      return out;
    },
  };
}

export function memoryOperatorPresence(now: () => number = Date.now): OperatorPresence {
  const tenants = new Map<string, Map<string, number>>();
  const memberOf = new Map<string, string>();
  const away = new Map<string, Set<string>>();
  const live = (tenantId: string) => {
    const streams = tenants.get(tenantId);
    if (!streams) return [];
    const time = now();
    for (const [id, until] of streams) if (until <= time) streams.delete(id);
    return [...streams.keys()];
  };
  return {
    async renew(tenantId, streamId, ttlMs, memberId) {
      const streams = tenants.get(tenantId) ?? new Map<string, number>();
      tenants.set(tenantId, streams);
      streams.set(streamId, now() + ttlMs);
      if (memberId) memberOf.set(streamId, memberId);
    },
    async setStatus(tenantId, memberId, status) {
      const set = away.get(tenantId) ?? new Set<string>();
      away.set(tenantId, set);
      if (status === 'away') set.add(memberId);
      else set.delete(memberId);
    },
    async members(tenantId) {
      const out = new Map<string, 'online' | 'away'>();
      for (const streamId of live(tenantId)) {
        const memberId = memberOf.get(streamId);
        if (memberId) out.set(memberId, away.get(tenantId)?.has(memberId) ? 'away' : 'online');
      }
      return out;
    },
    async leave(tenantId, streamId) {
      tenants.get(tenantId)?.delete(streamId);
      memberOf.delete(streamId);
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
