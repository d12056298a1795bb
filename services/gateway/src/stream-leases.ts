import { AppError } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { redisScript } from '@parley/stores';
import type { Redis } from 'ioredis';
import { addressKey } from './ip-rules.js';

/**
 * Caps on the live streams (SSE and WebSocket together) open at once, per public session and per
 * client address (docs/api.md "Live events"): each open stream holds a lease, taken before the
 * stream starts or the socket upgrades and given back when it closes. In Redis the leases are
 * shared by every gateway replica: a sorted set per session and per address, each lease scored
 * by when it expires. Its gateway renews it while the stream is open, so the leases of a gateway
 * that died run out on their own.
 */

export interface StreamCaps {
  perSession: number;
  perAddress: number;
}

export interface StreamLease {
  /** Frees the slot (at once; again is harmless). */
  release(): void;
}

export interface StreamLeases {
  /** A slot for one more stream of the session from the address, or 429 `rate_limited` naming the cap. */
  acquire(subject: { session: string; address: string }): Promise<StreamLease>;
  /** Stops renewing (the gateway is closing; its leases run out). */
  close(): void;
}

/** A lease its gateway stops renewing counts this long more. */
const LEASE_TTL_MS = 30_000;
const RENEW_EVERY_MS = 10_000;
/** How long a refused client is told to wait: streams last minutes, slots free when one closes. */
const RETRY_AFTER_SECONDS = 10;
/** Redis slower than this does not hold a stream back: the gateway's own count decides instead. */
const REDIS_WAIT_MS = 250;

function refusal(limit: 'streams_per_session' | 'streams_per_address', max: number): AppError {
  const per = limit === 'streams_per_session' ? 'one session' : 'one address';
  return new AppError('rate_limited', `at most ${max} live streams (SSE and WebSocket together) may be open for ${per}`, {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    details: { limit, max },
  });
}

/** The leases of this process alone: the one-process mode, and a gateway whose Redis does not answer. */
export function memoryStreamLeases(caps: StreamCaps): StreamLeases {
  const open = new Map<string, number>();
  const take = (key: string) => open.set(key, (open.get(key) ?? 0) + 1);
  const give = (key: string) => {
    const left = (open.get(key) ?? 1) - 1;
    if (left > 0) open.set(key, left);
    else open.delete(key);
  };
  return {
    async acquire({ session, address }) {
      const sessionKey = `session:${session}`;
      const address_ = `address:${addressKey(address)}`;
      if ((open.get(sessionKey) ?? 0) >= caps.perSession) throw refusal('streams_per_session', caps.perSession);
      if ((open.get(address_) ?? 0) >= caps.perAddress) throw refusal('streams_per_address', caps.perAddress);
      take(sessionKey);
      take(address_);
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          give(sessionKey);
          give(address_);
        },
      };
    },
    close() {},
  };
}

// KEYS: the session's set, the address's. ARGV: now, the lease's expiry, its id, the two caps, the sets' time to live.
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 1 end
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[5]) then return 2 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return 0
`;

function withinWait<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${REDIS_WAIT_MS} ms`)), REDIS_WAIT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** Leases shared by every gateway replica through Redis; the process's own count when Redis fails. */
export function redisStreamLeases(
  redis: Redis,
  prefix: string,
  caps: StreamCaps,
  logger: Logger,
  timing: { ttlMs: number; renewMs: number } = { ttlMs: LEASE_TTL_MS, renewMs: RENEW_EVERY_MS },
): StreamLeases {
  const acquireScript = redisScript(redis, 2, ACQUIRE);
  const fallback = memoryStreamLeases(caps);
  /** Open leases of this gateway, renewed together. */
  const held = new Map<string, [string, string]>();
  let counter = 0;
  const instance = `${process.pid.toString(36)}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

  const renew = setInterval(() => {
    if (held.size === 0) return;
    const expires = Date.now() + timing.ttlMs;
    const batch = redis.pipeline();
    for (const [id, keys] of held) {
      for (const key of keys) batch.zadd(key, 'XX', expires, id).pexpire(key, timing.ttlMs * 2);
    }
    batch.exec().catch((error: unknown) => logger.warn({ err: error }, 'live stream leases could not be renewed'));
  }, timing.renewMs);
  renew.unref();

  return {
    async acquire(subject) {
      const keys: [string, string] = [`${prefix}streams:session:${subject.session}`, `${prefix}streams:address:${addressKey(subject.address)}`];
      const id = `${instance}-${(counter++).toString(36)}`;
      const now = Date.now();
      let outcome: unknown;
      try {
        outcome = await withinWait(acquireScript(...keys, now, now + timing.ttlMs, id, caps.perSession, caps.perAddress, timing.ttlMs * 2));
      } catch (error) {
        logger.warn({ err: error }, "live stream leases: Redis failed; this gateway's own count decides");
        return fallback.acquire(subject);
      }
      if (outcome === 1) throw refusal('streams_per_session', caps.perSession);
      if (outcome === 2) throw refusal('streams_per_address', caps.perAddress);
      held.set(id, keys);
      return {
        release() {
          if (!held.delete(id)) return;
          redis
            .multi()
            .zrem(keys[0], id)
            .zrem(keys[1], id)
            .exec()
            .catch((error: unknown) => logger.warn({ err: error }, 'a live stream lease could not be released; it runs out on its own'));
        },
      };
    },
    close() {
      clearInterval(renew);
    },
  };
}
