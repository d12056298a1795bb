import type { Logger } from '@parley/logger';
import { redisScript } from '@parley/stores';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';

/** Where a key stands in its window after a request. */
export interface WindowCount {
  count: number;
  /** Until the window resets. */
  ttlMs: number;
}

/** A script's count and time to reset, as Redis answers them. */
const windowCount = (count: unknown, ttlMs: unknown): WindowCount => ({ count: Number(count), ttlMs: Math.max(0, Number(ttlMs)) });

/** A Retry-After in whole seconds, at least one, for a window that resets in `ttlMs`. */
export function retryAfterSeconds(ttlMs: number): number {
  return Math.max(1, Math.ceil(ttlMs / 1000));
}

/**
 * A fixed window that starts with its first hit, in a hash {c: count, r: when it resets}, for each
 * of KEYS: `{count, ttl}` of each, one after the other. The time is the caller's (ARGV now), so
 * every replica and the in-memory fallback read the same clock; Redis's own expiry only drops a
 * window once it is over. ARGV: windowMs, now (ms); with a ceiling, its windowMs and then each
 * other key's max: the last of KEYS is the ceiling's, hit in its own window and only if no other
 * key passed its max (a ceiling that only what every other limit let through spends).
 */
const HIT_SCRIPT = `
local now = tonumber(ARGV[2])
local ceiling = ARGV[3]
local out = {}
local function hit(key, window)
  local reset = tonumber(redis.call('HGET', key, 'r') or '0')
  local count
  if reset <= now then
    reset = now + tonumber(window)
    redis.call('HSET', key, 'c', 1, 'r', reset)
    redis.call('PEXPIRE', key, window)
    count = 1
  else
    count = redis.call('HINCRBY', key, 'c', 1)
  end
  out[#out + 1] = count
  out[#out + 1] = reset - now
  return count
end
local within = true
for i = 1, (ceiling and #KEYS - 1 or #KEYS) do
  local count = hit(KEYS[i], ARGV[1])
  if ceiling and count > tonumber(ARGV[3 + i]) then within = false end
end
if ceiling and within then hit(KEYS[#KEYS], ceiling) end
return out`;

/** Where a window stands at ARGV now, without counting. */
const PEEK_SCRIPT = `
local now = tonumber(ARGV[1])
local stored = redis.call('HMGET', KEYS[1], 'c', 'r')
local reset = tonumber(stored[2] or '0')
if reset <= now then return {0, 0} end
return {tonumber(stored[1] or '0'), reset - now}`;

/** Takes one count back (a request that turned out not to count), never below zero and never reviving a window. */
const UNDO_SCRIPT = `
local now = tonumber(ARGV[1])
local stored = redis.call('HMGET', KEYS[1], 'c', 'r')
local count = tonumber(stored[1] or '0')
local reset = tonumber(stored[2] or '0')
if reset <= now then return {0, 0} end
if count > 0 then count = redis.call('HINCRBY', KEYS[1], 'c', -1) end
return {count, reset - now}`;

interface MemoryWindow {
  count: number;
  resetAt: number;
}

/** The same windows in this process only: what the limits fall back to while Redis is away. */
class MemoryWindows {
  private readonly windows = new Map<string, MemoryWindow>();

  hit(key: string, windowMs: number, now: number): WindowCount {
    const window = this.current(key, now) ?? { count: 0, resetAt: now + windowMs };
    window.count += 1;
    this.windows.set(key, window);
    if (this.windows.size > 50_000) this.sweep(now);
    return { count: window.count, ttlMs: window.resetAt - now };
  }

  undo(key: string, now: number): WindowCount {
    const window = this.current(key, now);
    if (window && window.count > 0) window.count -= 1;
    return window ? { count: window.count, ttlMs: window.resetAt - now } : { count: 0, ttlMs: 0 };
  }

  peek(key: string, now: number): WindowCount {
    const window = this.current(key, now);
    return window ? { count: window.count, ttlMs: window.resetAt - now } : { count: 0, ttlMs: 0 };
  }

  private current(key: string, now: number): MemoryWindow | undefined {
    const window = this.windows.get(key);
    if (window && window.resetAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }
}

export interface WindowCounterOptions {
  redis: Redis | undefined;
  /** Prefix of the deployment's Redis keys. */
  keyPrefix: string;
  logger: Logger;
  /** Longest a request waits for Redis before the limit is counted in memory instead. */
  callTimeoutMs?: number;
  /** While Redis is away, how often one request checks whether it is back. */
  probeIntervalMs?: number;
  /** The limits' clock: the wall's, unless a test moves time itself. */
  now?: () => number;
}

/**
 * Fixed-window counters shared by every gateway replica through Redis. A limit must neither take
 * the public API down with Redis nor vanish with it: each Redis call is bounded, and while Redis
 * fails the counters live in this process's memory (per replica, so briefly more lenient) until a
 * background probe finds Redis again. Each switch is logged once, at warn.
 */
export class WindowCounter {
  private readonly memory = new MemoryWindows();
  /** `remember`'s values in this process: the fallback while Redis is away, bounded. */
  private readonly values = new LRUCache<string, string>({ max: 100_000 });
  private readonly callTimeoutMs: number;
  private readonly probeIntervalMs: number;
  /** The time every window and score is counted in (a test's own clock, or the wall's). */
  readonly now: () => number;
  private degraded = false;
  private nextProbeAt = 0;
  private probing = false;

  constructor(private readonly options: WindowCounterOptions) {
    this.callTimeoutMs = options.callTimeoutMs ?? 250;
    this.probeIntervalMs = options.probeIntervalMs ?? 1_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether the counters are in memory because Redis failed. */
  get inMemory(): boolean {
    return this.degraded;
  }

  /** Counts one request against `key`'s window of `windowMs`. */
  async hit(key: string, windowMs: number): Promise<WindowCount> {
    return (await this.hitAll([key], windowMs))[0] as WindowCount;
  }

  /** `hit` on each key, in one round trip: a message counts against several windows at once. */
  async hitAll(keys: readonly string[], windowMs: number): Promise<WindowCount[]> {
    return (
      await this.hitAllThen(
        keys.map((key) => ({ key, max: Number.POSITIVE_INFINITY })),
        windowMs,
      )
    ).counts;
  }

  /**
   * `hitAll` on the checks' keys and, with `then`, in the same round trip, one hit of its key in
   * its own window only if no check passed its `max` – a ceiling spent only by what every other
   * limit let through. `then` is undefined when it was not counted.
   */
  async hitAllThen(
    checks: readonly { key: string; max: number }[],
    windowMs: number,
    then?: { key: string; windowMs: number },
  ): Promise<{ counts: WindowCount[]; then: WindowCount | undefined }> {
    if (checks.length === 0 && !then) return { counts: [], then: undefined };
    const now = this.now();
    const keys = checks.map((check) => this.windowKey(check.key));
    const args = [String(windowMs), String(now)];
    if (then) {
      keys.push(this.windowKey(then.key));
      args.push(String(then.windowMs), ...checks.map((check) => String(check.max)));
    }
    const reply = (await this.redisReply((redis) => redisScript(redis, keys.length, HIT_SCRIPT)(...keys, ...args))) as number[] | undefined;
    if (reply === undefined) {
      const counts = checks.map((check) => this.memory.hit(check.key, windowMs, now));
      const within = counts.every((count, i) => count.count <= (checks[i]?.max ?? 0));
      return { counts, then: then && within ? this.memory.hit(then.key, then.windowMs, now) : undefined };
    }
    const counts = checks.map((_check, i) => windowCount(reply[2 * i], reply[2 * i + 1]));
    const thenAt = 2 * checks.length;
    return { counts, then: reply.length > thenAt ? windowCount(reply[thenAt], reply[thenAt + 1]) : undefined };
  }

  /**
   * Takes back one `hit` of `key`: a try counted before it was checked and that turned out right
   * (a passcode, a code) is not a failure. Atomic like `hit`, so concurrent undos and hits agree.
   */
  async undo(key: string): Promise<WindowCount> {
    const now = this.now();
    const fromRedis = await this.redisCall((redis) => redisScript(redis, 1, UNDO_SCRIPT)(this.windowKey(key), String(now)));
    return fromRedis ?? this.memory.undo(key, now);
  }

  /** Where `key`'s window stands, without counting. */
  async peek(key: string): Promise<WindowCount> {
    const now = this.now();
    const fromRedis = await this.redisCall((redis) => redisScript(redis, 1, PEEK_SCRIPT)(this.windowKey(key), String(now)));
    return fromRedis ?? this.memory.peek(key, now);
  }

  /**
   * Runs another kind of counter's script on one key (adaptive-limits.ts: penalty scores), with the
   * same bounded wait and the same switch to memory: answers its `{count, ttl}`, or undefined
   * while Redis is away (the caller then keeps its own memory).
   */
  async script(source: string, key: string, args: string[]): Promise<WindowCount | undefined> {
    return this.redisCall((redis) => redisScript(redis, 1, source)(this.redisKey(key), ...args));
  }

  /**
   * Remembers a small value beside the counters (which email a session is bound to), shared
   * through Redis like them and kept in memory while Redis is away.
   */
  async remember(key: string, value: string, ttlMs: number): Promise<void> {
    this.values.set(key, value);
    const { redis } = this.options;
    if (!redis || this.degraded) return;
    await this.bounded(redis.set(this.redisKey(key), value, 'PX', ttlMs)).catch((error: unknown) => this.fallBack(error));
  }

  /** A value `remember` kept, from Redis or, while Redis is away, this process's memory. */
  async recall(key: string): Promise<string | undefined> {
    const { redis } = this.options;
    if (redis && !this.degraded) {
      try {
        const value = await this.bounded(redis.get(this.redisKey(key)));
        if (value !== null) return value;
      } catch (error) {
        this.fallBack(error);
      }
    }
    return this.values.get(key);
  }

  private redisKey(key: string): string {
    return `${this.options.keyPrefix}public-limits:${key}`;
  }

  /** A window's hash: a name of its own, apart from the plain counters that once kept windows. */
  private windowKey(key: string): string {
    return `${this.options.keyPrefix}public-windows:${key}`;
  }

  /** The script's `{count, ttl}`, or undefined when Redis is away (the caller counts in memory). */
  private async redisCall(call: (redis: Redis) => Promise<unknown>): Promise<WindowCount | undefined> {
    const reply = (await this.redisReply(call)) as [number, number] | undefined;
    return reply === undefined ? undefined : windowCount(reply[0], reply[1]);
  }

  /** What Redis answered `call`, within the call timeout; undefined when it is away (the switch to memory made or kept). */
  private async redisReply(call: (redis: Redis) => Promise<unknown>): Promise<unknown> {
    const { redis } = this.options;
    if (!redis) return undefined;
    if (this.degraded) {
      this.probeInBackground(redis);
      return undefined;
    }
    try {
      return await this.bounded(call(redis));
    } catch (error) {
      this.fallBack(error);
      return undefined;
    }
  }

  private bounded<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not answer within ${this.callTimeoutMs} ms`)), this.callTimeoutMs);
    });
    // The call may still fail after the timeout won the race: nobody waits for it any more.
    promise.catch(() => {});
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }

  private fallBack(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.nextProbeAt = this.now() + this.probeIntervalMs;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.logger.warn({ reason }, 'public rate limits: Redis failed; counting in memory until it is back');
  }

  private probeInBackground(redis: Redis): void {
    if (this.probing || this.now() < this.nextProbeAt) return;
    this.probing = true;
    this.bounded(redis.ping())
      .then(() => {
        this.degraded = false;
        this.options.logger.warn('public rate limits: Redis is back; counting there again');
      })
      .catch(() => {
        this.nextProbeAt = this.now() + this.probeIntervalMs;
      })
      .finally(() => {
        this.probing = false;
      });
  }
}
