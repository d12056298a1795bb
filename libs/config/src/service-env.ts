import { z } from 'zod';
import { ConfigError, commonEnv, type Env, parseEnv, turnQueueEnv, vars } from './index.js';

export interface StandaloneEnv {
  logLevel: string;
  namespace: string;
  natsUrl: string;
  /** Replicas of the JetStream streams and buckets (NATS_REPLICAS). */
  natsReplicas: number;
  databaseUrl?: string;
  /** With a database: whether start-up applies pending migrations (DATABASE_MIGRATE). */
  migrate?: boolean;
  healthPort: number;
  shutdownDelaySeconds: number;
  shutdownTimeoutSeconds: number;
  /** One info line per HTTP request the process serves (ACCESS_LOG). */
  accessLog: boolean;
  /** How the bus queues work-queue subjects (the runners' turns). */
  workQueues: { enabled: boolean; maxMessages: number; storage: 'memory' | 'file'; direct: boolean };
}

/**
 * The environment of a service running as its own process: NATS is required (there is no
 * in-process bus between processes) and so is PostgreSQL for the services that own tables.
 * `extra` holds the service's own variables; problems in both are reported together.
 */
export function loadStandaloneEnv<S extends z.ZodObject>(
  options: { defaultHealthPort: number; needsDatabase: boolean; extra: S },
  env: Env,
): { standalone: StandaloneEnv; env: z.output<S> } {
  const base = z.object({
    ...commonEnv,
    NATS_URL: vars.natsUrl,
    DATABASE_URL: options.needsDatabase ? vars.databaseUrl : vars.databaseUrl.optional(),
    /**
     * false: start-up leaves the schema alone, for a service running as a least-privilege database
     * role that may not change it (migrations then run separately as the owner, docs/api.md).
     */
    DATABASE_MIGRATE: vars.boolean.default(true),
    HEALTH_PORT: vars.port.default(options.defaultHealthPort),
    ...turnQueueEnv,
  });
  const problems: ConfigError['problems'][number][] = [];
  const attempt = <T>(parse: () => T): T | undefined => {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  };
  const parsed = attempt(() => parseEnv(base, env));
  const extra = attempt(() => parseEnv(options.extra, env));
  if (!parsed || !extra) throw new ConfigError(problems);
  return {
    env: extra,
    standalone: {
      logLevel: parsed.LOG_LEVEL,
      namespace: parsed.BUS_NAMESPACE,
      natsUrl: parsed.NATS_URL,
      natsReplicas: parsed.NATS_REPLICAS,
      ...(options.needsDatabase && parsed.DATABASE_URL ? { databaseUrl: parsed.DATABASE_URL, migrate: parsed.DATABASE_MIGRATE } : {}),
      healthPort: parsed.HEALTH_PORT,
      shutdownDelaySeconds: parsed.SHUTDOWN_DELAY_SECONDS,
      shutdownTimeoutSeconds: parsed.SHUTDOWN_TIMEOUT_SECONDS,
      accessLog: parsed.ACCESS_LOG,
      workQueues: {
        enabled: parsed.RUNNER_QUEUE,
        maxMessages: parsed.RUNNER_QUEUE_MAX,
        storage: parsed.RUNNER_QUEUE_STORAGE,
        direct: parsed.RUNNER_QUEUE_DIRECT,
      },
    },
  };
}
