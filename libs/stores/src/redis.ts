import { Redis, type RedisOptions } from 'ioredis';

/** A Redis primary watched by Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME; docs/deployment.md, "Redis with Sentinel"). */
export interface RedisSentinelTarget {
  sentinels: ReadonlyArray<{ host: string; port: number }>;
  /** The name the sentinels monitor the primary under. */
  name: string;
  /** The primary's and replicas' password (REDIS_PASSWORD). */
  password?: string | undefined;
  /** The sentinels' own password (REDIS_SENTINEL_PASSWORD). */
  sentinelPassword?: string | undefined;
}

/** Where Redis is: one server's URL (REDIS_URL), or the primary of a Sentinel group, which a failover moves. */
export type RedisTarget = string | RedisSentinelTarget;

export interface ConnectRedisOptions {
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

/**
 * Connects to Redis and fails fast with a one-line error naming REDIS_URL (or REDIS_SENTINELS) when
 * it does not answer. After the first connection, ioredis reconnects by itself; through Sentinel,
 * each reconnection asks the sentinels where the primary is, so the client follows a failover.
 */
export async function connectRedis(target: RedisTarget, options: ConnectRedisOptions = {}): Promise<Redis> {
  const commandTimeout = options.commandTimeoutMs ?? 2_000;
  const common: RedisOptions = {
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 3_000,
    maxRetriesPerRequest: 2,
    // A Redis that hangs (overloaded, frozen) must not hang requests: a command fails after this.
    commandTimeout,
    enableAutoPipelining: true,
  };
  let started = false;
  const redis = typeof target === 'string' ? new Redis(target, common) : new Redis({ ...common, ...sentinelOptions(target, commandTimeout, () => started) });
  // What went wrong while starting: ioredis may reject `connect` with a bare "Connection is closed.".
  const problems: string[] = [];
  const noteProblem = (error: Error) => {
    problems.push(error.message);
  };
  redis.on('error', () => {
    // Reported through failed commands and /readyz; without a listener ioredis logs to stderr.
  });
  redis.on('error', noteProblem);
  redis.on('sentinelError', noteProblem);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    if (typeof target === 'string') throw new Error(`REDIS_URL: cannot connect to Redis at ${redactUrl(target)} (${reason})`);
    const list = target.sentinels.map(({ host, port }) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`)).join(',');
    throw new Error(
      `REDIS_SENTINELS: cannot reach the Redis primary "${target.name}" through the sentinels ${list} (${sentinelReason([...problems, reason])})`,
    );
  } finally {
    redis.off('error', noteProblem);
    redis.off('sentinelError', noteProblem);
  }
  started = true;
  return redis;
}

/**
 * ioredis's own Sentinel support: it asks the sentinels for the primary at every (re)connection
 * and checks that the server it reached is a primary (docs/deployment.md, "Redis with Sentinel").
 */
function sentinelOptions(group: RedisSentinelTarget, commandTimeout: number, started: () => boolean): RedisOptions {
  return {
    sentinels: group.sentinels.map(({ host, port }) => ({ host, port })),
    name: group.name,
    password: group.password,
    sentinelPassword: group.sentinelPassword,
    // A sentinel that accepts the connection but does not answer must not stall a reconnection.
    sentinelCommandTimeout: commandTimeout,
    // Before the first connection, one round of the sentinels and start-up fails, as with a URL;
    // after it, the sentinels are asked again and again (a second apart at most) until one answers.
    sentinelRetryStrategy: (times) => (started() ? Math.min(times * 100, 1_000) : null),
    // Once the primary is lost, the sentinels name it until they have promoted a replica (a few
    // seconds): retrying at most a second apart reaches the new primary within a second of that.
    retryStrategy: (times) => Math.min(50 * 2 ** (times - 1), 1_000) + Math.floor(Math.random() * 100),
    // The sentinels announce a failover (+switch-master): the client leaves the old primary at
    // once, even one that still answers it (a partition, a failover asked for by hand).
    failoverDetector: true,
    // A demoted primary answers writes with READONLY: reconnect, which asks the sentinels again.
    // The refused command fails rather than being sent again: inside MULTI it would run alone.
    reconnectOnError: (error) => error.message.includes('READONLY'),
  };
}

/** What failed while asking the sentinels and then the primary (ioredis's messages, in order), in an operator's words. */
function sentinelReason(problems: string[]): string {
  if (problems.some((problem) => /No such master with that name|but got an invalid reply: null/.test(problem)))
    return 'the sentinels know no primary by this name';
  const last = problems.filter((problem) => problem !== 'Connection is closed.').at(-1) ?? 'no answer';
  const unreachable = /^All sentinels are unreachable and retry is disabled\.(?: Last error: (.*))?$/.exec(last);
  if (!unreachable) return last;
  return unreachable[1] && unreachable[1] !== 'Connection is closed.' ? `no sentinel answers: ${unreachable[1]}` : 'no sentinel answers';
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
