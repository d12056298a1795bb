import { llmEnv } from '@parley/agent-runner';
import { cleanupEnv } from '@parley/cleanup';
import { commonEnv, type Env, parseEnv, vars } from '@parley/config';
import { gatewayEnv } from '@parley/gateway';
import { sessionsEnv } from '@parley/sessions';
import { z } from 'zod';

/**
 * Every variable of every service, for the one-process mode. The URLs are optional here: each
 * unset one means its embedded default (embedded PostgreSQL, in-process bus, in-memory stores).
 */
export const platformEnv = z.object({
  ...commonEnv,
  ...gatewayEnv,
  ...llmEnv,
  ...cleanupEnv,
  ...sessionsEnv.shape,
  /** Embedded mode listens on loopback only unless told otherwise. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** One-process mode keeps the terminal readable: warnings and errors only by default. */
  LOG_LEVEL: vars.logLevel.default('warn'),
  ADMIN_API_KEY: vars.secret.optional(),
  CHAT_API_SECRET: vars.secret.optional(),
  DATABASE_URL: vars.databaseUrl.optional(),
  REDIS_URL: vars.redisUrl.optional(),
  /** Where embedded mode keeps PostgreSQL's data and the generated keys. */
  DATA_DIR: z.string().min(1).default('./.data'),
  /** Seed a demo tenant and agent (and print how to chat with it). */
  SEED_DEMO: vars.boolean.default(true),
});

export type PlatformConfig = z.output<typeof platformEnv>;

export function loadPlatformConfig(env: Env = process.env): PlatformConfig {
  return parseEnv(platformEnv, env);
}
