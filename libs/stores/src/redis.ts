import { Redis } from 'ioredis';

/**
 * Connects to Redis and fails fast with a one-line error naming REDIS_URL when it does not answer.
 * After the first connection, ioredis reconnects by itself.
 */
export async function connectRedis(url: string, options: { connectTimeoutMs?: number; commandTimeoutMs?: number } = {}): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 3_000,
    maxRetriesPerRequest: 2,
    // A Redis that hangs (overloaded, frozen) must not hang requests: a command fails after this.
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    enableAutoPipelining: true,
  });
  redis.on('error', () => {
    // Reported through failed commands and /readyz; without a listener ioredis logs to stderr.
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`REDIS_URL: cannot connect to Redis at ${redactUrl(url)} (${reason})`);
  }
  return redis;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the given URL';
  }
}
