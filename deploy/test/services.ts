import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Env } from '@parley/config';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Every package under services/, listed at test time: a new service must ship like the others. */
export function serviceNames(): string[] {
  const servicesDir = join(repoRoot, 'services');
  return readdirSync(servicesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(servicesDir, entry.name, 'package.json')))
    .map((entry) => entry.name)
    .sort();
}

export type LoadConfig = (env: Env) => unknown;

/**
 * The service's own `loadConfig`, from its config module – the one its main.ts calls – rather
 * than the package index, so an unfinished route elsewhere in the package cannot fail this check.
 */
export async function loadConfigOf(service: string): Promise<LoadConfig> {
  const file = join(repoRoot, 'services', service, 'src', 'config.ts');
  if (!existsSync(file)) throw new Error(`services/${service} has no src/config.ts exporting loadConfig(env)`);
  const module: Record<string, unknown> = await import(pathToFileURL(file).href);
  const loadConfig = module.loadConfig;
  if (typeof loadConfig !== 'function') throw new Error(`services/${service}/src/config.ts exports no loadConfig(env)`);
  return loadConfig as LoadConfig;
}

/** What a deployment must agree with, read from the parsed config rather than a table here. */
export interface ServiceFacts {
  /** Where /healthz, /readyz and /metrics answer: every service's HEALTH_PORT (the gateway's too). */
  port: number;
  /** The gateway's public API (PORT); undefined for the services without one. */
  publicPort: number | undefined;
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  /**
   * Every server the service connects to (NATS, PostgreSQL, Redis), from its *Url settings and
   * its Redis target: a URL, or the sentinels of a Sentinel-watched primary as
   * `redis-sentinel://host:port` – the primary they name is not in the config.
   */
  serverUrls: URL[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

export function factsOf(service: string, config: unknown): ServiceFacts {
  if (!isRecord(config)) throw new Error(`${service}: loadConfig returned no object`);
  if (typeof config.healthPort !== 'number') {
    throw new Error(`${service}: its config has no healthPort, so where /readyz and /metrics answer is unknown`);
  }
  const gateway = config.gateway;
  const publicPort = isRecord(gateway) && typeof gateway.port === 'number' ? gateway.port : undefined;
  if (typeof config.shutdownDelaySeconds !== 'number') throw new Error(`${service}: its config has no shutdownDelaySeconds`);
  if (typeof config.shutdownTimeoutSeconds !== 'number') throw new Error(`${service}: its config has no shutdownTimeoutSeconds`);
  const serverUrls = Object.entries(config)
    .filter((entry): entry is [string, string] => entry[0].endsWith('Url') && typeof entry[1] === 'string')
    .flatMap(([, value]) => value.split(','))
    .map((value) => new URL(value.includes('://') ? value.trim() : `nats://${value.trim()}`));
  serverUrls.push(...redisServerUrls(config.redis));
  return {
    port: config.healthPort,
    publicPort,
    shutdownDelaySeconds: config.shutdownDelaySeconds,
    shutdownTimeoutSeconds: config.shutdownTimeoutSeconds,
    serverUrls,
  };
}

/** Where a config's `redis` (REDIS_URL, or REDIS_SENTINELS with REDIS_SENTINEL_NAME) connects first. */
function redisServerUrls(redis: unknown): URL[] {
  if (typeof redis === 'string') return [new URL(redis)];
  if (!isRecord(redis) || !Array.isArray(redis.sentinels)) return [];
  return redis.sentinels.filter(isRecord).map(({ host, port }) => new URL(`redis-sentinel://${String(host).includes(':') ? `[${host}]` : host}:${port}`));
}
