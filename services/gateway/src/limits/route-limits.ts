import rateLimit from '@fastify/rate-limit';
import { AppError } from '@parley/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

/**
 * @fastify/rate-limit with the Redis store shared by every gateway replica (in memory when the
 * one-process mode runs without Redis). Limits are opt-in per route (`config.rateLimit`) and on
 * the 404 handler. If the store fails, requests are let through rather than refused: a limit
 * must not take the API down with Redis (the routes that need Redis answer 503 by themselves).
 */
export async function registerRateLimits(app: FastifyInstance, store: { redis: Redis | undefined; keyPrefix: string }): Promise<void> {
  // The limit a refused request exceeded, from its key (known to onExceeded, not to the builder).
  const exceeded = new WeakMap<FastifyRequest, string>();
  await app.register(rateLimit, {
    global: false,
    ...(store.redis ? { redis: store.redis, nameSpace: `${store.keyPrefix}ratelimit:` } : {}),
    skipOnError: true,
    keyGenerator: (request) => request.ip,
    onExceeded: (request, key) => {
      exceeded.set(request, limitOfKey(key));
    },
    // `details.limit` names the limit, as the link guard's refusals do (and the metrics count it).
    errorResponseBuilder: (request, context) =>
      new AppError('rate_limited', `too many requests: at most ${context.max} per ${context.after}; retry later`, {
        retryAfterSeconds: Math.max(1, Math.ceil(context.ttl / 1000)),
        details: { limit: exceeded.get(request) ?? 'route' },
      }),
  });
}

/** The budgets keyed `<limit>:<address>` (management, not-found) by their name; a bare address is a route's own limit. */
function limitOfKey(key: string): string {
  const named = /^(management|not-found):/.exec(key);
  return named?.[1] === undefined ? 'route' : named[1].replace('-', '_');
}

/** The per-route setting: `max` requests per client address per minute. */
export const perMinute = (max: number) => ({ max, timeWindow: 60_000 });

/**
 * The management API's budget: one per client address across every management route family
 * (a per-route limit would give each route its own), counted before the key is checked, so
 * guessing keys is throttled too. Install it in each management plugin.
 */
export function limitManagement(app: FastifyInstance, perMinute: number): void {
  app.addHook('onRequest', app.rateLimit({ max: perMinute, timeWindow: 60_000, keyGenerator: (request) => `management:${request.ip}` }));
}
