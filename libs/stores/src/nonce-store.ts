import type { Redis } from 'ioredis';
import { redisScript } from './redis-scripts.js';

/**
 * What a claim found: the value is now claimed; it was claimed before (a replay); or it was
 * signed before `notBefore` (Unix seconds), the moment this store last started empty (plus a
 * margin) – whatever was claimed before then is forgotten, so such a value cannot be told from
 * a replay.
 */
export type NonceClaim = { outcome: 'claimed' } | { outcome: 'replayed' } | { outcome: 'window_reset'; notBefore: number };

/**
 * Remembers values (request signatures) for a while and says whether one was seen before: the
 * Text Chat API accepts the signature of a request with an effect once. Redis shares that memory
 * between gateway replicas; the in-memory store serves the one-process mode.
 *
 * Neither keeps anything on disk, so each has an epoch: the moment it started empty. A value
 * signed before it (`signedAtSeconds`) is refused, whether or not it had been claimed.
 */
export interface NonceStore {
  /** `claimed` the first time `value` is claimed within `ttlSeconds`, `replayed` on every later claim. */
  claim(value: string, ttlSeconds: number, signedAtSeconds: number): Promise<NonceClaim>;
  /** Forgets a claim: the request it guarded had no effect, so sending it again is no replay. */
  release(value: string): Promise<void>;
}

/**
 * Past a reset, values must be signed this long after it: a client clock running ahead may have
 * dated a signature claimed just before the loss a little after the moment it was noticed.
 */
export const NONCE_RESET_MARGIN_SECONDS = 1;

/**
 * KEYS: the epoch, the value, the primary the epoch was last read on. ARGV: ttl, the value's
 * signing time, the epoch to set when there is none, the epoch to set on a new primary. The epoch
 * is read and the value claimed in one step, so a Redis that restarts between the two cannot
 * accept a replay.
 *
 * A primary is known by its replication id, which a replica promoted by a failover changes. The
 * promoted replica has the epoch, but may lack the last claims (replication is asynchronous):
 * found on a new primary, the epoch moves to now as if Redis had lost its data, and what was
 * signed before is refused alike. A store that never recorded a primary (keys written before this
 * rule) records it without a reset.
 */
const CLAIM_SCRIPT = `
local primary = string.match(redis.call('INFO', 'replication'), 'master_replid:(%x+)')
local epoch = redis.call('GET', KEYS[1])
local readOn = redis.call('GET', KEYS[3])
if not epoch then
  epoch = ARGV[3]
  redis.call('SET', KEYS[1], epoch)
elseif readOn and readOn ~= primary and tonumber(ARGV[4]) > tonumber(epoch) then
  epoch = ARGV[4]
  redis.call('SET', KEYS[1], epoch)
end
if readOn ~= primary then redis.call('SET', KEYS[3], primary) end
if tonumber(ARGV[2]) < tonumber(epoch) then return {'window_reset', epoch} end
if redis.call('SET', KEYS[2], '1', 'EX', ARGV[1], 'NX') then return {'claimed', epoch} end
return {'replayed', epoch}
`;

/**
 * The epoch lives in Redis (`<prefix>nonce-epoch`), written by the first claim. When a store that
 * has seen it finds it gone, Redis lost its data (a restart with nothing on disk, a flush): the
 * epoch becomes now plus NONCE_RESET_MARGIN_SECONDS, and every signature dated earlier is
 * refused. A store that has never seen one (a gateway just started, on a new deployment or a
 * Redis emptied while every gateway was down) cannot tell a loss from a first start: it sets an
 * epoch that refuses nothing still inside the TTL. A Sentinel failover counts as a loss too, by
 * any store (`<prefix>nonce-primary`, see CLAIM_SCRIPT): the new primary may lack the last claims.
 */
export function redisNonceStore(redis: Redis, prefix: string, now: () => number = Date.now): NonceStore {
  const epochKey = `${prefix}nonce-epoch`;
  const primaryKey = `${prefix}nonce-primary`;
  let seenEpoch = false;
  return {
    async claim(value, ttlSeconds, signedAtSeconds) {
      const nowSeconds = now() / 1000;
      const reset = nowSeconds + NONCE_RESET_MARGIN_SECONDS;
      const fresh = seenEpoch ? reset : nowSeconds - ttlSeconds;
      const [outcome, epoch] = (await redisScript(redis, 3, CLAIM_SCRIPT)(
        epochKey,
        `${prefix}nonce:${value}`,
        primaryKey,
        String(ttlSeconds),
        String(signedAtSeconds),
        fresh.toFixed(3),
        reset.toFixed(3),
      )) as [string, string];
      seenEpoch = true;
      if (outcome === 'window_reset') return { outcome, notBefore: Number(epoch) };
      return { outcome: outcome === 'claimed' ? 'claimed' : 'replayed' };
    },
    async release(value) {
      await redis.del(`${prefix}nonce:${value}`);
    },
  };
}

/**
 * Its epoch is its own creation, in whole seconds (a process restarts in more than one): what
 * this process claimed dies with it.
 */
export function memoryNonceStore(now: () => number = Date.now): NonceStore {
  const seen = new Map<string, number>();
  const epoch = Math.floor(now() / 1000);
  let lastSweep = now();
  return {
    async claim(value, ttlSeconds, signedAtSeconds) {
      if (signedAtSeconds < epoch) return { outcome: 'window_reset', notBefore: epoch };
      const time = now();
      // Sweep expired entries at most once a second so memory stays bounded by the TTL window.
      if (time - lastSweep > 1_000) {
        for (const [key, expires] of seen) if (expires <= time) seen.delete(key);
        lastSweep = time;
      }
      const expires = seen.get(value);
      if (expires !== undefined && expires > time) return { outcome: 'replayed' };
      seen.set(value, time + ttlSeconds * 1000);
      return { outcome: 'claimed' };
    },
    async release(value) {
      seen.delete(value);
    },
  };
}
