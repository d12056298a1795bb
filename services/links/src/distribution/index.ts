import type { DB } from '@parley/db';
import type { Logger } from '@parley/logger';
import type { Kysely } from 'kysely';
import { LeasedQueueWorker } from '../store/leased-queue-worker.js';
import { DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS } from '../webhooks/index.js';
import { LinkDeliveryRepository } from './delivery.repository.js';
import { type AttemptOptions, DeliveryAttempts } from './delivery-attempt.js';
import { DistributionService } from './distribution.service.js';
import { FirstAttemptRunner } from './first-attempts.js';
import type { Distribution, LinkMailer, LinkSmsSender } from './types.js';

export { consoleLinkMailer, smtpLinkMailer } from './link-mailer.js';
export { type SmsSettings, twilioSmsSender } from './sms-sender.js';
export type { Distribution, DistributionItem, FirstAttempts, LinkMail, LinkMailer, LinkSms, LinkSmsSender, SmsOutcome } from './types.js';

/**
 * Distribution: a link's URL sent by email, Slack, Teams or SMS when the link is made or its token
 * rotated – right away, since only the token's hash is kept. A module of the links service, next
 * to the webhooks whose SSRF guard, pinned HTTP sender and Slack / Teams message shapes it uses;
 * texts go to a Twilio-compatible Messages API through the outbound guard.
 * Each delivery is a row of link_deliveries, which is also its place in the retry queue: its first
 * attempt is started at once in the background (the API answers without waiting for it), retries
 * are made by a worker in every replica.
 */

export interface DistributionOptions extends AttemptOptions {
  /** How often due retries are looked for. */
  pollIntervalMs: number;
  /** Attempts one replica makes at once, for one deliverNow and for the retry worker each. */
  concurrency: number;
  /** The longest first attempts are made in the replica that recorded them; the rest are the worker's. */
  firstAttemptWaitMs: number;
}

/** The webhooks' retry delays (5 s up to 10 h); a bulk send of 1,000 mails has 50 in flight at once. */
export const defaultDistributionOptions: DistributionOptions = {
  retryDelaysSeconds: DEFAULT_WEBHOOK_RETRY_DELAYS_SECONDS,
  allowPrivate: false,
  pollIntervalMs: 1_000,
  attemptTimeoutMs: 10_000,
  concurrency: 50,
  firstAttemptWaitMs: 8_000,
};

/** A claim outlives any attempt, so a live replica's claim never runs out under it. */
const leaseFor = (options: DistributionOptions) => Math.max(60_000, 2 * options.attemptTimeoutMs);

export function startDistribution(deps: {
  db: Kysely<DB>;
  logger: Logger;
  mailer: LinkMailer | undefined;
  /** The SMS provider (SMS_* variables); without one an `sms` channel is refused. */
  sms?: LinkSmsSender | undefined;
  options: DistributionOptions;
}): Distribution {
  const logger = deps.logger.child({ module: 'distribution' });
  const leaseMs = leaseFor(deps.options);
  const deliveries = new LinkDeliveryRepository(deps.db);
  const attempts = new DeliveryAttempts(deliveries, deps.mailer, deps.sms, deps.options, logger);
  const worker = new LeasedQueueWorker(
    { claimDue: (limit) => deliveries.claimDue(limit, leaseMs), attempt: (delivery) => attempts.run(delivery) },
    deps.options,
    logger,
    'link deliveries',
  );
  const firstAttempts = new FirstAttemptRunner(deliveries, attempts, { ...deps.options, leaseMs }, () => worker.kick(), logger);
  const service = new DistributionService(deliveries, firstAttempts, deps.mailer, deps.sms, {
    allowPrivate: deps.options.allowPrivate,
    // A new delivery waits this long for its caller's deliverNow (the caller's transaction may
    // take a while to commit) before the worker takes it – after a crash in between, say.
    holdMs: deps.options.firstAttemptWaitMs + leaseMs,
  });
  worker.start();
  return {
    check: (send, options) => service.check(send, options),
    enqueue: (db, items, send) => service.enqueue(db, items, send),
    deliverNow: (ids) => service.deliverNow(ids),
    deliverInBackground: (ids) => service.deliverInBackground(ids),
    list: (tenantId, linkId) => service.list(tenantId, linkId),
    running: {
      // The mailer is the caller's: it closes it after this.
      drain: async () => {
        await firstAttempts.stop();
        await worker.stop();
      },
    },
  };
}
