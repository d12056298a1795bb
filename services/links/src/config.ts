import { type Env, loadStandaloneEnv, mailEnv, vars } from '@parley/config';
import { z } from 'zod';
import type { SmsSettings } from './distribution/index.js';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS, DEFAULT_WEBHOOK_RETRY_WINDOW_HOURS } from './webhooks/index.js';

const WEEK_SECONDS = 7 * 24 * 3600;
const MONTH_HOURS = 30 * 24;

/** The links service's own variables (the one-process mode reads them too). */
export const linksEnv = {
  /**
   * Seconds before each retry of a failed webhook attempt, and of a link's failed delivery (email,
   * Slack, Teams, SMS); as many retries as values (at most 20, each at most a week).
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
  /** The base of a Twilio-compatible Messages API that texts links (`sms` channels); Twilio's by default. */
  SMS_PROVIDER_URL: vars.url.default('https://api.twilio.com'),
  /** The provider's account: the path's `Accounts/{sid}` and the basic-auth user. Unset: no SMS (an `sms` channel is refused). */
  SMS_ACCOUNT_SID: z.string().trim().min(1).max(200).optional(),
  /** The basic-auth password of SMS_ACCOUNT_SID: a secret, never logged nor shown. */
  SMS_AUTH_TOKEN: z.string().min(1).max(500).optional(),
  /** The sender of every text (`From`): a number in E.164 form, or a sender id or messaging service the provider knows. */
  SMS_FROM: z.string().trim().min(1).max(100).optional(),
  /**
   * Lets SMS_PROVIDER_URL reach loopback, private and link-local addresses (a provider or gateway
   * on the operator's own network; tests). Its own switch: the provider is the operator's, while
   * WEBHOOK_ALLOW_PRIVATE opens tenants' webhook URLs too.
   */
  SMS_ALLOW_PRIVATE: vars.boolean.default(false),
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
 * webhooks) and an operator tunes them together; the retry window is the webhooks' alone. Texts
 * are retried on the same delays; the SMS provider, the operator's own, has its own switch (smsSettingsFrom).
 */
export function distributionOptionsFrom(env: { WEBHOOK_RETRY_DELAYS_SECONDS: number[]; WEBHOOK_ALLOW_PRIVATE: boolean }) {
  return { retryDelaysSeconds: env.WEBHOOK_RETRY_DELAYS_SECONDS, allowPrivate: env.WEBHOOK_ALLOW_PRIVATE };
}

const SMS_VARIABLES = ['SMS_ACCOUNT_SID', 'SMS_AUTH_TOKEN', 'SMS_FROM'] as const;

type SmsVariables = { [K in (typeof SMS_VARIABLES)[number]]?: string | undefined } & { SMS_PROVIDER_URL: string; SMS_ALLOW_PRIVATE: boolean };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * SMS is configured whole or not at all (a half-set one would fail only when a link is texted),
 * and its provider is spoken to over TLS unless it runs on this host: the auth token goes with every request.
 */
export function refuseHalfSms(env: SmsVariables, context: z.RefinementCtx): void {
  const set = SMS_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length > 0 && set.length < SMS_VARIABLES.length) {
    for (const name of SMS_VARIABLES.filter((name) => env[name] === undefined)) {
      context.addIssue({ code: 'custom', path: [name], message: `is required with ${set.join(' and ')}` });
    }
  }
  // A value that is no http(s) URL at all is SMS_PROVIDER_URL's own problem, reported already.
  const provider = URL.parse(env.SMS_PROVIDER_URL);
  if (provider?.protocol === 'http:' && !LOOPBACK_HOSTS.has(provider.hostname)) {
    context.addIssue({ code: 'custom', path: ['SMS_PROVIDER_URL'], message: 'must be https:// (http:// only on a loopback host)' });
  }
}

/** The SMS provider from the parsed variables; undefined without one (refuseHalfSms has made sure it is all or none). */
export function smsSettingsFrom(env: SmsVariables): SmsSettings | undefined {
  if (env.SMS_ACCOUNT_SID === undefined || env.SMS_AUTH_TOKEN === undefined || env.SMS_FROM === undefined) return undefined;
  return {
    providerUrl: env.SMS_PROVIDER_URL,
    accountSid: env.SMS_ACCOUNT_SID,
    authToken: env.SMS_AUTH_TOKEN,
    from: env.SMS_FROM,
    allowPrivate: env.SMS_ALLOW_PRIVATE,
  };
}

/** PostgreSQL is required (the service owns tables). */
export function loadConfig(env: Env = process.env) {
  const { standalone, env: own } = loadStandaloneEnv(
    { defaultHealthPort: 8082, needsDatabase: true, extra: z.object(linksEnv).superRefine(refuseHalfSms) },
    env,
  );
  return {
    ...standalone,
    webhooks: webhookOptionsFrom(own),
    distribution: distributionOptionsFrom(own),
    mail: { smtpUrl: own.SMTP_URL, from: own.MAIL_FROM },
    sms: smsSettingsFrom(own),
    keys: linkKeysFrom(own),
  };
}
