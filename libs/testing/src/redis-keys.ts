import { Redis } from 'ioredis';

/** Deletes every key starting with `prefix` (SCAN, then UNLINK in batches); returns how many. */
export async function deletePrefixedKeys(redisUrl: string, prefix: string): Promise<number> {
  if (/[*?[\]\\]/.test(prefix)) throw new Error(`Redis prefix must not hold glob characters: ${prefix}`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  try {
    let deleted = 0;
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    }
    return deleted;
  } finally {
    await redis.quit();
  }
}
