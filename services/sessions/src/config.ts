import { type Env, llmPricesVar, loadStandaloneEnv, mailEnv, redisEnv, redisTargetCheck, requiredRedisTarget, vars } from '@parley/config';
import { catalog } from '@parley/contracts';
import { serviceUploadStoreFromEnv } from '@parley/uploads';
import { z } from 'zod';

export const sessionsEnv = z.object({
  /** How many runners a turn is offered to (a runner dying mid-turn costs one) before it fails. */
  RUNNER_ATTEMPTS: vars.positiveInt.default(catalog.rpc['runner.turn'].retry.attempts),
  /**
   * Seconds a turn may wait in the runners' queue for one with room before it is answered 503; at
   * least 5, as a runner working on a turn says so once a second.
   */
  RUNNER_QUEUE_TIMEOUT_SECONDS: vars.positiveInt.min(5).default(60),
  /**
   * MiB of conversations' prompt history each sessions process keeps between turns, so an LLM
   * turn does not read up to 100 messages again (used only while still what is stored); 0: none.
   */
  HISTORY_CACHE_MB: vars.nonNegativeInt.max(65_536).default(64),
  /** Where visitors' live events (status, messages, session ended) are written for their streams: REDIS_URL or REDIS_SENTINELS. */
  ...redisEnv,
  /**
   * A waiting escalation older than this (seconds) is mailed to the tenant's operator address,
   * and is what a visitor's expected wait assumes per place in the queue until there are claims to go by.
   */
  ESCALATION_NOTIFY_AFTER_SECONDS: vars.positiveInt.default(120),
  /** An escalation assigned to an operator who does not accept it in this many seconds moves to the next one. */
  ASSIGNMENT_TIMEOUT_SECONDS: vars.positiveInt.default(60),
  /** Where the console is reached, for the inbox address in the operators' mails (the gateway's PUBLIC_BASE_URL). */
  PUBLIC_BASE_URL: vars.url.optional(),
  /**
   * USD per million tokens by model, as JSON (`{"gpt-4o-mini": {"input": 0.15, "output": 0.6}}`):
   * each LLM call of a turn is priced when the turn is committed (docs/workflow.md "Traces"). Unset: no call has a cost.
   */
  LLM_PRICES: llmPricesVar.optional(),
  ...mailEnv,
});

export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv(
    { defaultHealthPort: 8083, needsDatabase: true, extra: sessionsEnv.check(redisTargetCheck({ required: true })) },
    env,
  );
  return {
    ...standalone,
    runnerAttempts: own.RUNNER_ATTEMPTS,
    queueTimeoutMs: own.RUNNER_QUEUE_TIMEOUT_SECONDS * 1000,
    historyCacheBytes: own.HISTORY_CACHE_MB * 1024 * 1024,
    llmPrices: own.LLM_PRICES ?? {},
    redis: requiredRedisTarget(own),
    escalations: { notifyAfterSeconds: own.ESCALATION_NOTIFY_AFTER_SECONDS, assignmentTimeoutSeconds: own.ASSIGNMENT_TIMEOUT_SECONDS },
    consoleBaseUrl: own.PUBLIC_BASE_URL,
    mail: { smtpUrl: own.SMTP_URL, from: own.MAIL_FROM },
    /** Where visitors' files are (S3_BUCKET or UPLOADS_DIR): erasure and retention delete them. */
    uploads: serviceUploadStoreFromEnv(env),
  };
}
