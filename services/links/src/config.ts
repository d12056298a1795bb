import { type Env, loadStandaloneEnv, mailEnv, vars } from '@parley/config';
import { z } from 'zod';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS, DEFAULT_WEBHOOK_RETRY_WINDOW_HOURS } from './webhooks/index.js';

const WEEK_SECONDS = 7 * 24 * 3600;
const MONTH_HOURS = 30 * 24;

/** The links service's own variables (the one-process mode reads them too). */
export const linksEnv = {
  /**
   * Seconds before each retry of a failed webhook attempt, and of a link's failed delivery (email,
   * Slack, Teams); as many retries as values (at most 20, each at most a week).
   */
  WEBHOOK_RETRY_DELAYS_SECONDS: z
    .string()
    .regex(/^\s*\d+\s*(,\s*\d+\s*)*$/, 'must be whole seconds separated by commas, e.g. 5,300,1800')
    .transform((value) => value.split(',').map((part) => Number(part.trim())))
    .refine((delays) => delays.length <= 20, 'at most 20 retries')
    .refine((delays) => delays.every((delay) => delay <= WEEK_SECONDS), `each delay at most ${WEEK_SECONDS} seconds (a week)`)
    .default(() => [...DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS]),
  /** Hours after a delivery's first attempt within which its retries fall; a later one is not made and the delivery fails (at most 30 days). */
  WEBHOOK_RETRY_WINDOW_HOURS: vars.positiveInt.max(MONTH_HOURS, `at most ${MONTH_HOURS} hours (30 days)`).default(DEFAULT_WEBHOOK_RETRY_WINDOW_HOURS),
  /** Lets webhooks and links sent to Slack / Teams reach loopback, private and link-local addresses: development and tests only (SSRF). */
  WEBHOOK_ALLOW_PRIVATE: vars.boolean.default(false),
  /** SMTP_URL and MAIL_FROM: the mails that send links (none without SMTP_URL; printed in the one-process mode). */
  ...mailEnv,
  /**
   * Keys the audit log's hash chain (HMAC-SHA256) and signs its head checkpoints: without it,
   * whoever can write the table could rewrite the chain and recompute every hash.
   */
  AUDIT_KEY: vars.secret,
  /** Keys the stored hashes of email verification codes, so a copy of the table cannot be searched for the 10^6 codes. */
  VERIFICATION_KEY: vars.secret,
  /**
   * Seals the secrets the platform must read back (tenants' Text Chat API secrets): a copy of the
   * database alone does not give them. Changing it makes the sealed ones unreadable.
   */
  SECRETS_KEY: vars.secret,
};

/** The links service's keys from the parsed variables. */
export function linkKeysFrom(env: { AUDIT_KEY: string; VERIFICATION_KEY: string; SECRETS_KEY: string }) {
  return { audit: env.AUDIT_KEY, verification: env.VERIFICATION_KEY, secrets: env.SECRETS_KEY };
}

/** Webhook options from the parsed variables. */
export function webhookOptionsFrom(env: { WEBHOOK_RETRY_DELAYS_SECONDS: number[]; WEBHOOK_RETRY_WINDOW_HOURS: number; WEBHOOK_ALLOW_PRIVATE: boolean }) {
  return {
    retryDelaysSeconds: env.WEBHOOK_RETRY_DELAYS_SECONDS,
    retryWindowSeconds: env.WEBHOOK_RETRY_WINDOW_HOURS * 3600,
    allowPrivate: env.WEBHOOK_ALLOW_PRIVATE,
  };
}

/**
 * Distribution options from the parsed variables. Its retries and private-address switch are the
 * webhooks' own variables: both send to the same kinds of receiver (Slack and Teams incoming
 * webhooks) and an operator tunes them together; the retry window is the webhooks' alone.
 */
export function distributionOptionsFrom(env: { WEBHOOK_RETRY_DELAYS_SECONDS: number[]; WEBHOOK_ALLOW_PRIVATE: boolean }) {
  return { retryDelaysSeconds: env.WEBHOOK_RETRY_DELAYS_SECONDS, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE };
}

/** PostgreSQL is required (the service owns tables). */
export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv({ defaultHealthPort: 8082, needsDatabase: true, extra: z.object(linksEnv) }, env);
  return {
    ...standalone,
    webhooks: webhookOptionsFrom(own),
    distribution: distributionOptionsFrom(own),
    mail: { smtpUrl: own.SMTP_URL, from: own.MAIL_FROM },
    keys: linkKeysFrom(own),
  };
}
