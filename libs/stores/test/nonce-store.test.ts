import { createTestContext, freePort, type TestContext, waitFor } from '@parley/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis, memoryNonceStore, type NonceStore, redisNonceStore } from '../src/index.js';

/** Claims signed now: true when claimed, false when replayed. */
const signedNow = (store: NonceStore) => ({
  claim: async (value: string, ttl: number) => (await store.claim(value, ttl, Date.now() / 1000)).outcome === 'claimed',
  release: (value: string) => store.release(value),
});

describe('memoryNonceStore', () => {
  function clockedStore() {
    let time = 1_700_000_000_000;
    const advance = (ms: number): void => {
      time += ms;
    };
    const store = memoryNonceStore(() => time);
    // Signed now, by the store's clock: the outcome, claimed (true) or replayed (false).
    const claim = async (value: string, ttl: number) => (await store.claim(value, ttl, time / 1000)).outcome === 'claimed';
    return { store: { claim, release: (value: string) => store.release(value) }, advance };
  }

  it('accepts a value once and refuses it until its TTL has passed', async () => {
    const { store, advance } = clockedStore();
    expect(await store.claim('sig-a', 10)).toBe(true);
    expect(await store.claim('sig-a', 10)).toBe(false);
    advance(9_999);
    expect(await store.claim('sig-a', 10)).toBe(false);
    advance(1);
    expect(await store.claim('sig-a', 10)).toBe(true);
    expect(await store.claim('sig-a', 10)).toBe(false);
  });

  it('keeps values apart, each with its own TTL', async () => {
    const { store, advance } = clockedStore();
    expect(await store.claim('sig-a', 1)).toBe(true);
    advance(500);
    expect(await store.claim('sig-b', 1)).toBe(true);
    expect(await store.claim('sig-b', 1)).toBe(false);
    advance(500);
    expect(await store.claim('sig-a', 1)).toBe(true);
    expect(await store.claim('sig-b', 1)).toBe(false);
    advance(500);
    expect(await store.claim('sig-b', 1)).toBe(true);
  });

  it('still refuses a live value after expired ones were swept', async () => {
    const { store, advance } = clockedStore();
    expect(await store.claim('short', 1)).toBe(true);
    expect(await store.claim('long', 60)).toBe(true);
    advance(5_000);
    // This claim sweeps: "short" has expired, "long" has not.
    expect(await store.claim('other', 1)).toBe(true);
    expect(await store.claim('long', 60)).toBe(false);
    expect(await store.claim('short', 1)).toBe(true);
  });

  it('a released value can be claimed again at once; others stay claimed', async () => {
    const { store } = clockedStore();
    expect(await store.claim('no-effect', 60)).toBe(true);
    expect(await store.claim('kept', 60)).toBe(true);
    await store.release('no-effect');
    expect(await store.claim('no-effect', 60)).toBe(true);
    expect(await store.claim('no-effect', 60)).toBe(false);
    expect(await store.claim('kept', 60)).toBe(false);
  });

  it('concurrent claims of one value: exactly one wins', async () => {
    const { store } = clockedStore();
    const results = await Promise.all(Array.from({ length: 20 }, () => store.claim('same', 10)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a value signed before the store started (the process restarted): its claims died with the last one', async () => {
    const started = 1_700_000_000_500;
    const store = memoryNonceStore(() => started);
    expect(await store.claim('before', 60, 1_699_999_999.9)).toEqual({ outcome: 'window_reset', notBefore: 1_700_000_000 });
    expect(await store.claim('before', 60, 1_699_999_700)).toEqual({ outcome: 'window_reset', notBefore: 1_700_000_000 });
    // Signed in the second it started, whole or decimal: accepted once.
    expect(await store.claim('same-second', 60, 1_700_000_000)).toEqual({ outcome: 'claimed' });
    expect(await store.claim('same-second', 60, 1_700_000_000)).toEqual({ outcome: 'replayed' });
    expect(await store.claim('later', 60, 1_700_000_000.7)).toEqual({ outcome: 'claimed' });
  });
});

describe('redisNonceStore on the real Redis', () => {
  let ctx: TestContext;
  const clients: Redis[] = [];
  const connect = async () => {
    const redis = await connectRedis(ctx.redisUrl);
    clients.push(redis);
    return redis;
  };

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'stores' });
  });
  afterAll(async () => {
    for (const redis of clients) await redis.quit();
    // Deletes every key under this context's prefix.
    await ctx?.cleanup();
  });

  it('accepts a value once and refuses it until the TTL passes', async () => {
    const redis = await connect();
    expect(await redis.ping()).toBe('PONG');
    const store = signedNow(redisNonceStore(redis, ctx.redisPrefix));
    expect(await store.claim('sig-ttl', 1)).toBe(true);
    expect(await store.claim('sig-ttl', 1)).toBe(false);
    const key = `${ctx.redisPrefix}nonce:sig-ttl`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(1_000);
    // Redis expires the key after one second; then the value is accepted again, once.
    await waitFor(() => store.claim('sig-ttl', 1), { timeoutMs: 3_000, intervalMs: 100 });
    expect(await store.claim('sig-ttl', 1)).toBe(false);
  });

  it('is shared by every connection (gateway replicas), and only one of concurrent claims wins', async () => {
    const [a, b] = [signedNow(redisNonceStore(await connect(), ctx.redisPrefix)), signedNow(redisNonceStore(await connect(), ctx.redisPrefix))];
    expect(await a.claim('sig-shared', 60)).toBe(true);
    expect(await b.claim('sig-shared', 60)).toBe(false);

    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).claim('sig-race', 60)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a release by one replica lets any replica claim the value again', async () => {
    const [a, b] = [signedNow(redisNonceStore(await connect(), ctx.redisPrefix)), signedNow(redisNonceStore(await connect(), ctx.redisPrefix))];
    expect(await a.claim('sig-released', 60)).toBe(true);
    expect(await b.claim('sig-released', 60)).toBe(false);
    await a.release('sig-released');
    expect(await b.claim('sig-released', 60)).toBe(true);
    expect(await a.claim('sig-released', 60)).toBe(false);
  });

  it('a first claim on an empty Redis refuses nothing inside the window: a new deployment cannot be told from a loss', async () => {
    const store = redisNonceStore(await connect(), `${ctx.redisPrefix}fresh:`);
    expect(await store.claim('sig-old', 660, Date.now() / 1000 - 290)).toEqual({ outcome: 'claimed' });
    expect(await store.claim('sig-old', 660, Date.now() / 1000 - 290)).toEqual({ outcome: 'replayed' });
  });

  it('after Redis lost its keys, a store that had seen them refuses what was signed before (every replica alike), then accepts new signatures', async () => {
    const prefix = `${ctx.redisPrefix}lost:`;
    const redis = await connect();
    const [a, b] = [redisNonceStore(redis, prefix), redisNonceStore(await connect(), prefix)];
    const signedAt = Date.now() / 1000;
    expect(await a.claim('sig-before', 660, signedAt)).toEqual({ outcome: 'claimed' });
    expect(await redis.exists(`${prefix}nonce-epoch`)).toBe(1);
    // What a Redis restarted with nothing on disk holds of this deployment: nothing.
    await redis.del(`${prefix}nonce-epoch`, `${prefix}nonce:sig-before`);
    const noticed = Date.now() / 1000;
    const refused = await a.claim('sig-before', 660, signedAt);
    expect(refused.outcome).toBe('window_reset');
    const notBefore = (refused as { notBefore: number }).notBefore;
    expect(notBefore).toBeGreaterThanOrEqual(noticed + 1);
    expect(notBefore).toBeLessThan(noticed + 3);
    // Never claimed, but signed before the loss was noticed: refused too, by any replica.
    expect(await b.claim('sig-unseen', 660, notBefore - 0.5)).toEqual({ outcome: 'window_reset', notBefore });
    expect(await b.claim('sig-after', 660, notBefore)).toEqual({ outcome: 'claimed' });
    expect(await a.claim('sig-after', 660, notBefore)).toEqual({ outcome: 'replayed' });
  });

  it('keeps its keys under the prefix, so deployments sharing a Redis never collide', async () => {
    const redis = await connect();
    const mine = signedNow(redisNonceStore(redis, ctx.redisPrefix));
    const neighbour = signedNow(redisNonceStore(redis, `${ctx.redisPrefix}neighbour:`));
    expect(await mine.claim('sig-prefixed', 60)).toBe(true);
    expect(await neighbour.claim('sig-prefixed', 60)).toBe(true);
    expect(await redis.exists(`${ctx.redisPrefix}nonce:sig-prefixed`, `${ctx.redisPrefix}neighbour:nonce:sig-prefixed`)).toBe(2);
  });
});

describe('connectRedis', () => {
  it('rejects quickly, naming REDIS_URL, when nothing listens', async () => {
    const port = await freePort();
    const started = Date.now();
    const error = await connectRedis(`redis://:hunter2-password@127.0.0.1:${port}`, { connectTimeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message.startsWith('REDIS_URL:'), message).toBe(true);
    expect(message).toContain(`127.0.0.1:${port}`);
    // The password in the URL is never repeated.
    expect(message).not.toContain('hunter2-password');
  });
});
