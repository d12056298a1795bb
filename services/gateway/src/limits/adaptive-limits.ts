import { LRUCache } from 'lru-cache';
import type { WindowCounter } from './window-counter.js';

/**
 * How an adaptive limit moves (docs/api.md "Adaptive limits"). The gateway runs on the defaults;
 * a test moves the limits' clock (WindowCounter's `now`) rather than shortening the times.
 */
export interface AdaptiveTimings {
  /** Strikes that make one level; each level halves the allowance. */
  strikesPerLevel: number;
  /** A score drops one level after this long without a strike, and again after each further stretch. */
  quietMs: number;
  /** The window an adaptive link's message counters count in (a minute: the allowance is per minute). */
  windowMs: number;
}

export const defaultAdaptiveTimings: AdaptiveTimings = { strikesPerLevel: 3, quietMs: 2 * 60_000, windowMs: 60_000 };

/** Messages per window at a level: the base halved per level, never below one. */
export function allowanceAt(base: number, level: number): number {
  return Math.max(1, Math.floor(base / 2 ** level));
}

/** The first level at which the allowance is one: a score stops there, so relaxing never waits on levels that change nothing. */
export function floorLevel(base: number): number {
  return base <= 1 ? 0 : Math.floor(Math.log2(base));
}

/**
 * A penalty score in a hash {s: strikes, t: time of the last strike}. Read or struck, it first
 * drops `strikesPerLevel` per whole `quietMs` since the last strike; a strike adds one (up to the
 * cap) and restarts the quiet time. ARGV: now (ms), quietMs, strikesPerLevel, strike (0/1), cap,
 * the key's lifetime. Atomic, so concurrent strikes from every replica all count.
 */
const SCORE_SCRIPT = `
local stored = redis.call('HMGET', KEYS[1], 's', 't')
local now = tonumber(ARGV[1])
local score = tonumber(stored[1] or '0')
local at = tonumber(stored[2] or ARGV[1])
local steps = math.floor((now - at) / tonumber(ARGV[2]))
if steps > 0 then score = math.max(0, score - steps * tonumber(ARGV[3])) end
if ARGV[4] == '1' then
  score = math.min(tonumber(ARGV[5]), score + 1)
  redis.call('HSET', KEYS[1], 's', score, 't', now)
  redis.call('PEXPIRE', KEYS[1], ARGV[6])
end
return {score, 0}`;

interface MemoryScore {
  score: number;
  at: number;
}

/**
 * Penalty scores per address and per session on an adaptive link, shared by every gateway
 * replica through Redis and kept in this process's memory while Redis is away (like the
 * counters they sit beside).
 */
export class PenaltyScores {
  private readonly memory = new LRUCache<string, MemoryScore>({ max: 100_000 });

  constructor(
    private readonly counter: WindowCounter,
    private readonly timings: AdaptiveTimings,
  ) {}

  /** The key's level now (0: no strikes that count). */
  async level(key: string, base: number): Promise<number> {
    return this.levelOf(await this.score(key, base, false));
  }

  /** Adds one strike to the key; answers its level after it. */
  async strike(key: string, base: number): Promise<number> {
    return this.levelOf(await this.score(key, base, true));
  }

  private levelOf(score: number): number {
    return Math.floor(score / this.timings.strikesPerLevel);
  }

  private async score(key: string, base: number, strike: boolean): Promise<number> {
    const { quietMs, strikesPerLevel } = this.timings;
    const cap = floorLevel(base) * strikesPerLevel;
    // Once the score is zero the key has nothing to say: it lives as long as relaxing takes.
    const lifetimeMs = (floorLevel(base) + 1) * quietMs;
    // The counter's clock, so a score and the windows beside it agree on the time.
    const now = this.counter.now();
    const redisKey = `strikes:${key}`;
    const fromRedis = await this.counter.script(SCORE_SCRIPT, redisKey, [
      String(now),
      String(quietMs),
      String(strikesPerLevel),
      strike ? '1' : '0',
      String(cap),
      String(lifetimeMs),
    ]);
    if (fromRedis) return fromRedis.count;
    const stored = this.memory.get(redisKey) ?? { score: 0, at: now };
    const steps = Math.floor((now - stored.at) / quietMs);
    let score = steps > 0 ? Math.max(0, stored.score - steps * strikesPerLevel) : stored.score;
    if (strike) {
      score = Math.min(cap, score + 1);
      this.memory.set(redisKey, { score, at: now }, { ttl: lifetimeMs });
    }
    return score;
  }
}
