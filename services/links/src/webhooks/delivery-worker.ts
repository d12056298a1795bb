import type { Logger } from '@parley/logger';
import { SecretNotOpened } from '../sealing/sealed-text.js';
import { LeasedQueueWorker } from '../store/leased-queue-worker.js';
import type { ClaimedDelivery, DeliveryRepository } from './delivery.repository.js';
import { type PostOutcome, postWebhook } from './http-sender.js';
import { signatureHeaders } from '@parley/outbound';
import type { AttemptResult, WebhookMetrics } from './webhook-metrics.js';
import type { WebhookSecrets } from './webhook-secrets.js';

export interface DeliveryWorkerOptions {
  /** Seconds before each retry after a failed attempt; its length is the number of retries. */
  retryDelaysSeconds: readonly number[];
  /**
   * Retries fall within this many seconds of the delivery's first attempt: one that would come
   * later is not scheduled, and the delivery fails for good (the delays alone may add up to more).
   */
  retryWindowSeconds: number;
  /** Loopback, private and link-local receivers allowed (development, tests). */
  allowPrivate: boolean;
  /** How often due deliveries are looked for (new ones are tried at once, without waiting). */
  pollIntervalMs: number;
  /** One attempt's time: resolving, connecting, sending, the answer's headers. */
  attemptTimeoutMs: number;
  /** Attempts one replica makes at once. */
  concurrency: number;
}

/** Longer than an attempt can take, so a live replica's claim never runs out under it. */
const LEASE_MS = 60_000;

type AttemptOutcome = Omit<PostOutcome, 'result' | 'durationMs'> & { result: AttemptResult; durationMs: number | null };

/**
 * An attempt whose signing secret does not open (SECRETS_KEY is not the one it was sealed under,
 * or the value was moved from another webhook's row): nothing unsigned is sent. It fails like an
 * attempt the receiver refused, and is retried as one: with the right key back, a retry goes out.
 */
const SECRET_NOT_OPENED: AttemptOutcome = {
  status: null,
  error: "not sent: the webhook's signing secret does not open with the platform's SECRETS_KEY (a configuration error)",
  result: 'config_error',
  durationMs: null,
};

/**
 * Attempts due deliveries and schedules their retries. The queue is the webhook_deliveries table
 * rather than a JetStream stream of delivery jobs: retry delays come from configuration and reach
 * 10 hours, every attempt and the next one are in the same rows the API reads, and pending
 * deliveries survive any restart – also in the one-process mode, whose in-process bus keeps
 * nothing but whose embedded PostgreSQL does. Replicas claim rows with FOR UPDATE SKIP LOCKED
 * and a lease, and a result is written only while the claim (fenced by the attempt number)
 * still holds, so one delivery is attempted by one replica at a time and succeeds at most once;
 * only a process dying between the receiver's answer and its record can send it again, with the
 * same `webhook-id` for the receiver to tell.
 */
export class DeliveryWorker {
  private readonly loop: LeasedQueueWorker<ClaimedDelivery>;

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly secrets: WebhookSecrets,
    private readonly options: DeliveryWorkerOptions,
    private readonly logger: Logger,
    private readonly metrics?: WebhookMetrics,
  ) {
    this.loop = new LeasedQueueWorker(
      { claimDue: (limit) => deliveries.claimDue(limit, LEASE_MS), attempt: (delivery) => this.attempt(delivery) },
      options,
      logger,
      'webhook deliveries',
    );
  }

  start(): void {
    this.loop.start();
  }

  /** Deliveries may be waiting (new ones, or a place came free): look now rather than at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  /** Takes no new attempts; waits for the ones being made. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const log = { deliveryId: delivery.id, webhookId: delivery.webhookId, attempt: delivery.attempt };
    const interruptedAt = delivery.interruptedSince && new Date(delivery.interruptedSince.getTime() - LEASE_MS);
    if (interruptedAt) await this.deliveries.recordInterrupted(delivery.id, delivery.attempt - 1, interruptedAt);
    const startedAt = new Date();
    const firstAttemptAt = delivery.firstAttemptAt ?? interruptedAt ?? startedAt;
    const secret = this.secretOf(delivery, log);
    const outcome: AttemptOutcome = secret === undefined ? SECRET_NOT_OPENED : await this.post(delivery, secret, startedAt);
    this.metrics?.attempted(outcome.result, outcome.durationMs);
    const succeeded = outcome.error === null;
    // Attempt n failed: retry after the n-th delay, while there is one and it falls within the window.
    const configuredDelay = succeeded ? undefined : this.options.retryDelaysSeconds[delivery.attempt - 1];
    const pastWindow = configuredDelay !== undefined && Date.now() + configuredDelay * 1000 - firstAttemptAt.getTime() > this.options.retryWindowSeconds * 1000;
    const delaySeconds = pastWindow ? undefined : configuredDelay;
    const next = succeeded
      ? { state: 'succeeded' as const }
      : delaySeconds === undefined
        ? { state: 'failed' as const }
        : { state: 'pending' as const, retryInSeconds: delaySeconds };
    const held = await this.deliveries.finish(
      delivery.id,
      delivery.attempt,
      { status: succeeded ? 'succeeded' : 'failed', responseCode: outcome.status, error: outcome.error, startedAt, durationMs: outcome.durationMs },
      next,
    );
    // Never the URL (a Slack or Teams URL is itself a credential) nor the secret.
    if (!held) this.logger.warn(log, 'webhook attempt finished after its claim was taken over or the webhook deleted');
    else if (succeeded) this.logger.debug({ ...log, status: outcome.status, ms: outcome.durationMs }, 'webhook delivered');
    else if (pastWindow)
      this.logger.info(
        { ...log, status: outcome.status, error: outcome.error, next: next.state },
        'webhook attempt failed; its next retry would fall past the retry window',
      );
    else this.logger.info({ ...log, status: outcome.status, error: outcome.error, next: next.state, retryInSeconds: delaySeconds }, 'webhook attempt failed');
  }

  private post(delivery: ClaimedDelivery, secret: string, startedAt: Date): Promise<PostOutcome> {
    const headers = signatureHeaders(secret, delivery.id, Math.floor(startedAt.getTime() / 1000), delivery.body);
    return postWebhook(new URL(delivery.url), delivery.body, headers, { allowPrivate: this.options.allowPrivate, timeoutMs: this.options.attemptTimeoutMs });
  }

  /** The secret to sign with; undefined (logged by ids, never a value) when it does not open for this webhook. */
  private secretOf(delivery: ClaimedDelivery, log: Record<string, unknown>): string | undefined {
    try {
      return this.secrets.open(delivery.storedSecret, { tenantId: delivery.tenantId, id: delivery.webhookId });
    } catch (error) {
      if (!(error instanceof SecretNotOpened)) throw error;
      this.logger.error(log, "a webhook's signing secret does not open with SECRETS_KEY; the delivery is not sent");
      return undefined;
    }
  }
}
