import { backendsEnv, llmEnv, runnerEnv, toolsEnv } from '@parley/agent-runner';
import { cleanupEnv } from '@parley/cleanup';
import { commonEnv, type Env, parseEnv, redisEnv, redisTargetCheck, turnQueueEnv, vars } from '@parley/config';
import { gatewayEnv, refuseHalfOidc, refuseSharedPort } from '@parley/gateway';
import { linksEnv, refuseHalfSms } from '@parley/links';
import { memoryEnv } from '@parley/memory';
import { sessionsEnv } from '@parley/sessions';
import { uploadsEnv } from '@parley/uploads';
import { z } from 'zod';

/**
 * Every variable of every service, for the one-process mode. The URLs are optional here: each
 * unset one means its embedded default (embedded PostgreSQL, in-process bus, in-memory stores).
 */
export const platformEnv = z
  .object({
    ...commonEnv,
    ...gatewayEnv,
    ...llmEnv,
    ...runnerEnv,
    ...toolsEnv,
    ...backendsEnv,
    ...turnQueueEnv,
    ...cleanupEnv,
    ...memoryEnv,
    ...sessionsEnv.shape,
    ...linksEnv,
    ...uploadsEnv,
    /** Embedded mode listens on loopback only unless told otherwise (both PORT and HEALTH_PORT). */
    HOST: z.string().min(1).default('127.0.0.1'),
    /**
     * /readyz and /metrics of the whole process, apart from the public PORT. Unset with PORT=0 (any
     * free port) means any free port too, so such processes never collide on the default.
     */
    HEALTH_PORT: vars.port.optional(),
    /** One-process mode keeps the terminal readable: warnings and errors only by default. */
    LOG_LEVEL: vars.logLevel.default('warn'),
    ADMIN_API_KEY: vars.secret.optional(),
    CHAT_API_SECRET: vars.secret.optional(),
    AUDIT_KEY: vars.secret.optional(),
    VERIFICATION_KEY: vars.secret.optional(),
    SECRETS_KEY: vars.secret.optional(),
    DATABASE_URL: vars.databaseUrl.optional(),
    /** false: start-up leaves the schema to its owner, for a least-privilege DATABASE_URL role (docs/api.md). */
    DATABASE_MIGRATE: vars.boolean.default(true),
    /** REDIS_URL or REDIS_SENTINELS: none means in-memory stores (this process alone). */
    ...redisEnv,
    /** Where embedded mode keeps PostgreSQL's data and the generated keys. */
    DATA_DIR: z.string().min(1).default('./.data'),
    /** Seed a demo tenant and agent (and print how to chat with it). */
    SEED_DEMO: vars.boolean.default(true),
  })
  .check(redisTargetCheck({ required: false }))
  .transform((env) => ({ ...env, HEALTH_PORT: env.HEALTH_PORT ?? (env.PORT === 0 ? 0 : 8081) }))
  .superRefine(refuseSharedPort)
  .superRefine(refuseHalfOidc)
  .superRefine(refuseHalfSms);

export type PlatformConfig = z.output<typeof platformEnv>;

export function loadPlatformConfig(env: Env = process.env): PlatformConfig {
  return parseEnv(platformEnv, env);
}
