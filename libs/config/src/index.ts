import { z } from 'zod';

/**
 * Environment parsing shared by every service. A service declares one zod object whose keys are
 * the environment variable names; `parseEnv` checks all of them and reports every problem at
 * once, each line naming its variable.
 */

export class ConfigError extends Error {
  readonly problems: ReadonlyArray<{ variable: string; message: string }>;

  constructor(problems: ReadonlyArray<{ variable: string; message: string }>) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Record<string, string | undefined>;

export function parseEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  // Empty strings count as unset: `FOO= npm start` should mean the default.
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[key] = value;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const missing = issue.code === 'invalid_type' && cleaned[variable] === undefined;
    return { variable, message: missing ? 'is required' : issue.message };
  });
  throw new ConfigError(problems);
}

const urlWithProtocols = (protocols: string[], example: string) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && url.hostname !== '';
      } catch {
        return false;
      }
    },
    { message: `must be a URL like ${example}` },
  );

/** A host:port: a name or IPv4 address, or an IPv6 address in brackets. */
const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/**
 * `host:port,host:port,…` as a list of addresses. A wrong entry is quoted only when it holds
 * nothing but address characters: a URL with a password pasted by mistake is named by position.
 */
const hostPortList = z.string().transform((value, context) => {
  const addresses: Array<{ host: string; port: number }> = [];
  const entries = value.split(',').map((entry) => entry.trim());
  for (const [index, entry] of entries.entries()) {
    const match = HOST_PORT.exec(entry);
    const port = Number(match?.[3]);
    if (match && port >= 1 && port <= 65_535) {
      addresses.push({ host: match[1] ?? match[2] ?? '', port });
      continue;
    }
    const named = /^[\w.:[\]-]+$/.test(entry) ? `"${entry}"` : `entry ${index + 1}`;
    context.addIssue({ code: 'custom', message: `must be host:port,host:port,… (${named} is not a host:port)` });
    return z.NEVER;
  }
  return addresses;
});

/** Reusable variable definitions; a service picks the ones it needs. */
export const vars = {
  /** PostgreSQL; unset means embedded PostgreSQL under DATA_DIR (one-process mode only). */
  databaseUrl: urlWithProtocols(['postgres:', 'postgresql:'], 'postgres://user@host:5432/db'),
  /** NATS; a comma-separated list of servers is allowed. Unset means the in-process bus. */
  natsUrl: z.string().refine(
    (value) =>
      value.split(',').every((part) => {
        try {
          const url = new URL(part.includes('://') ? part.trim() : `nats://${part.trim()}`);
          return ['nats:', 'tls:', 'ws:', 'wss:'].includes(url.protocol) && url.hostname !== '' && /^[\w.-]+(:\d+)?$/.test(url.host);
        } catch {
          return false;
        }
      }),
    { message: 'must be a NATS URL like nats://host:4222' },
  ),
  /** Copies JetStream keeps of each stream and key-value bucket: 1 on one server, up to the cluster's size (5 at most). */
  natsReplicas: z.coerce.number().int().min(1).max(5),
  /** Redis; unset means in-memory stores (one-process mode only). */
  redisUrl: urlWithProtocols(['redis:', 'rediss:'], 'redis://host:6379'),
  /** Redis's sentinels: host:port,host:port,… */
  redisSentinels: hostPortList,
  port: z.coerce.number().int().min(0).max(65535),
  positiveInt: z.coerce.number().int().positive(),
  nonNegativeInt: z.coerce.number().int().min(0),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /** Subject/key namespace, so several deployments or test runs share one NATS/Redis. */
  namespace: z.string().regex(/^[a-zA-Z0-9_-]+$/, 'letters, digits, _ and - only'),
  secret: z.string().min(16, 'must be at least 16 characters'),
  boolean: z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes'),
  url: urlWithProtocols(['http:', 'https:'], 'https://example.com'),
  /** A switch: on/true/1 or off/false/0, in any case. */
  onOff: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(['on', 'true', '1', 'off', 'false', '0'], { message: 'must be on or off (also true/false, 1/0)' }))
    .transform((value) => value === 'on' || value === 'true' || value === '1'),
} as const;

/** The variables every service reads; each service extends this object. */
export const commonEnv = {
  LOG_LEVEL: vars.logLevel.default('info'),
  /** Prefix of every NATS subject, stream and Redis key of this deployment. */
  BUS_NAMESPACE: vars.namespace.default('parley'),
  NATS_URL: vars.natsUrl.optional(),
  /** Replicas of every JetStream stream and key-value bucket, existing ones updated at start: 3 on a three-node cluster (docs/deployment.md). */
  NATS_REPLICAS: vars.natsReplicas.default(1),
  /** Port of the service's own /healthz, /readyz and /metrics listener. */
  HEALTH_PORT: vars.port.optional(),
  /**
   * Seconds a service keeps serving after SIGTERM while /readyz already answers 503, so load
   * balancers and endpoint controllers stop sending before it stops taking work.
   */
  SHUTDOWN_DELAY_SECONDS: vars.nonNegativeInt.default(0),
  /** Seconds a stopping service waits for in-flight work (after the delay) before it exits anyway. */
  SHUTDOWN_TIMEOUT_SECONDS: vars.positiveInt.default(10),
  /**
   * One info line per HTTP request served (method, route pattern, status, duration, request id);
   * off/false/0 writes none. Health and metrics probes are logged at debug (docs/api.md, "Access log").
   */
  ACCESS_LOG: vars.onOff.default(true),
};
/** The runners' turn queue, as sessions (which queues turns) and the agent-runner (which takes them) see it. */
export const turnQueueEnv = {
  /**
   * true: turns wait in a JetStream work queue for a runner with room (RUNNER_MAX_IN_FLIGHT);
   * false: each turn goes straight to a runner over request/reply, however busy it is.
   * Sessions and agent-runner must agree.
   */
  RUNNER_QUEUE: vars.boolean.default(true),
  /**
   * true: a turn goes straight to a runner with a slot free, and waits in the queue only when the
   * runner it reaches is full (the queue's limits, counts and redelivery stay); false: every turn
   * is stored in the queue first. Sessions decides for the turns it sends; a runner with it off
   * takes turns from the queue only. Pays while runners have slots to spare (RUNNER_MAX_IN_FLIGHT
   * above the turns each holds at once): a runner often full only adds a refusal to the queue's work.
   */
  RUNNER_QUEUE_DIRECT: vars.boolean.default(true),
  /** Turns the queue holds, waiting and running, across every runner; beyond it a turn is answered 503 with Retry-After. */
  RUNNER_QUEUE_MAX: vars.positiveInt.default(10_000),
  /**
   * Where JetStream keeps the queue: memory (a queued turn matters only while its caller waits,
   * and costs the server no file write) or file (waiting turns also survive a NATS restart).
   * Read by the agent-runner, which creates the queue; an existing queue keeps its storage.
   */
  RUNNER_QUEUE_STORAGE: z.enum(['memory', 'file']).default('memory'),
};

export * from './service-env.js';
export * from './llm-prices.js';

/** Outgoing mail, for every service that sends some (verification codes, escalation notices). */
export const mailEnv = {
  /** SMTP server, e.g. smtps://user:pass@mail.example.com:465. Unset: no mail (printed to the console in the one-process mode). */
  SMTP_URL: z
    .string()
    .url()
    .refine((value) => /^smtps?:/.test(value), 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Sender of the platform's mails. */
  MAIL_FROM: z.string().min(3).default('Parley <no-reply@localhost>'),
};

/**
 * Where Redis is: REDIS_URL, or the primary that the sentinels of REDIS_SENTINELS watch under
 * REDIS_SENTINEL_NAME – which wins, and which the services follow through a failover
 * (docs/deployment.md, "Redis with Sentinel"). A schema spreads these, adds `redisTargetCheck` and reads the
 * result with `redisTargetOf` (or `requiredRedisTarget`).
 */
export const redisEnv = {
  /** One Redis; unset means in-memory stores (one-process mode only) unless REDIS_SENTINELS is set. */
  REDIS_URL: vars.redisUrl.optional(),
  /** Sentinels watching the primary: a few are enough, the client learns the others from them. */
  REDIS_SENTINELS: vars.redisSentinels.optional(),
  /** The name the sentinels monitor the primary under (`sentinel monitor <name> …`). */
  REDIS_SENTINEL_NAME: z.string().regex(/^\S+$/, 'must be one word, the name in `sentinel monitor <name> …`').optional(),
  /** A secret: the primary's and replicas' password (requirepass). A REDIS_URL carries its own. */
  REDIS_PASSWORD: z.string().optional(),
  /** A secret: the sentinels' own password (their requirepass), where they have one. */
  REDIS_SENTINEL_PASSWORD: z.string().optional(),
};

/** What `redisEnv` parses to; a schema that spreads it has these among its keys. */
interface RedisVars {
  REDIS_URL?: string | undefined;
  REDIS_SENTINELS?: Array<{ host: string; port: number }> | undefined;
  REDIS_SENTINEL_NAME?: string | undefined;
  REDIS_PASSWORD?: string | undefined;
  REDIS_SENTINEL_PASSWORD?: string | undefined;
}

/** A URL, or a Sentinel-watched primary: what `connectRedis` (@parley/stores) takes. */
export type RedisTargetConfig =
  | string
  | { sentinels: Array<{ host: string; port: number }>; name: string; password?: string | undefined; sentinelPassword?: string | undefined };

const REDIS_REQUIRED = 'is required (or REDIS_SENTINELS with REDIS_SENTINEL_NAME)';

/**
 * The Redis variables checked together: a sentinel list and its primary's name go as a pair, the
 * passwords only with them, and where Redis is `required` one of the two targets is set. It runs
 * even when other variables are wrong, so every problem is reported at once; it only looks at
 * which variables are set, never at their values (the passwords are secrets).
 */
export function redisTargetCheck(options: { required: boolean }) {
  return z.superRefine<RedisVars>(
    (env, context) => {
      const sentinels = env.REDIS_SENTINELS !== undefined;
      if (sentinels && env.REDIS_SENTINEL_NAME === undefined) {
        context.addIssue({ code: 'custom', path: ['REDIS_SENTINEL_NAME'], message: 'is required with REDIS_SENTINELS' });
      }
      if (!sentinels && env.REDIS_SENTINEL_NAME !== undefined) {
        context.addIssue({ code: 'custom', path: ['REDIS_SENTINELS'], message: 'is required with REDIS_SENTINEL_NAME' });
      }
      for (const variable of ['REDIS_PASSWORD', 'REDIS_SENTINEL_PASSWORD'] as const) {
        if (!sentinels && env[variable] !== undefined) {
          context.addIssue({ code: 'custom', path: [variable], message: 'is read only with REDIS_SENTINELS (a REDIS_URL carries its password)' });
        }
      }
      if (options.required && !sentinels && env.REDIS_URL === undefined && env.REDIS_SENTINEL_NAME === undefined) {
        context.addIssue({ code: 'custom', path: ['REDIS_URL'], message: REDIS_REQUIRED });
      }
    },
    { when: () => true },
  );
}

/** Where Redis is, from variables `redisTargetCheck` accepted: the sentinels' primary, else REDIS_URL, else none. */
export function redisTargetOf(env: RedisVars): RedisTargetConfig | undefined {
  if (env.REDIS_SENTINELS !== undefined && env.REDIS_SENTINEL_NAME !== undefined) {
    return { sentinels: env.REDIS_SENTINELS, name: env.REDIS_SENTINEL_NAME, password: env.REDIS_PASSWORD, sentinelPassword: env.REDIS_SENTINEL_PASSWORD };
  }
  return env.REDIS_URL;
}

/** `redisTargetOf` for a service that cannot run without Redis (its check had `required`). */
export function requiredRedisTarget(env: RedisVars): RedisTargetConfig {
  const target = redisTargetOf(env);
  if (target === undefined) throw new ConfigError([{ variable: 'REDIS_URL', message: REDIS_REQUIRED }]);
  return target;
}
