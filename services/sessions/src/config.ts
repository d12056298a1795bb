import { type Env, loadStandaloneEnv, vars } from '@parley/config';
import { catalog } from '@parley/contracts';
import { z } from 'zod';

export const sessionsEnv = z.object({
  /** How many runners a turn is offered to (a runner dying mid-turn costs one) before it fails. */
  RUNNER_ATTEMPTS: vars.positiveInt.default(catalog.rpc['runner.turn'].retry.attempts),
  /** Where visitors' live events (status, messages, session ended) are written for their streams. */
  REDIS_URL: vars.redisUrl,
});

export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv({ defaultHealthPort: 8083, needsDatabase: true, extra: sessionsEnv }, env);
  return { ...standalone, runnerAttempts: own.RUNNER_ATTEMPTS, redisUrl: own.REDIS_URL };
}
