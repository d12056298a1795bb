import type { Logger } from '@parley/logger';
import { postWebhook } from '../webhooks/http-sender.js';
import type { ClaimedLinkDelivery, LinkDeliveryRepository, NextStep } from './delivery.repository.js';
import type { WebhookPayload } from './messages.js';
import type { LinkMail, LinkMailer, LinkSms, LinkSmsSender } from './types.js';

export interface AttemptOptions {
  /** Seconds before each retry after a failed attempt; its length is the number of retries. */
  retryDelaysSeconds: readonly number[];
  /** Loopback, private and link-local webhook receivers allowed (development, tests). */
  allowPrivate: boolean;
  /** One attempt's time: connecting, sending, the answer. */
  attemptTimeoutMs: number;
}

/** What an attempt came to: null when it went out, else what went wrong. */
export interface AttemptOutcome {
  error: string | null;
}

/** Successes recorded in one statement at most. */
const SENT_BATCH = 200;

/** Longest error text kept with a delivery. */
const MAX_ERROR_LENGTH = 500;

/**
 * Makes one attempt of a claimed delivery and records what comes next. Shared by the first
 * attempts (deliverNow) and the retry worker, so both send, back off and give up alike.
 */
export class DeliveryAttempts {
  /** Sent deliveries waiting to be recorded, and whether a batch of them is being written. */
  private readonly sent: Array<{
    id: string;
    attempt: number;
    responseCode: number | null;
    resolve: (held: boolean) => void;
    reject: (error: unknown) => void;
  }> = [];
  private writingSent = false;

  constructor(
    private readonly deliveries: LinkDeliveryRepository,
    private readonly mailer: LinkMailer | undefined,
    private readonly sms: LinkSmsSender | undefined,
    private readonly options: AttemptOptions,
    private readonly logger: Logger,
  ) {}

  async run(delivery: ClaimedLinkDelivery): Promise<AttemptOutcome> {
    const { error, responseCode, final } = await this.send(delivery);
    // Attempt n failed: retry after the n-th delay, while there is one – unless asking again cannot help.
    const delay = error === null || final ? undefined : this.options.retryDelaysSeconds[delivery.attempt - 1];
    const next: NextStep =
      error === null
        ? { state: 'sent', responseCode }
        : delay === undefined
          ? { state: 'failed', error, responseCode }
          : { state: 'pending', error, retryInSeconds: delay, responseCode };
    const held = next.state === 'sent' ? await this.recordSent(delivery, responseCode) : await this.deliveries.finish(delivery.id, delivery.attempt, next);
    // Never the payload nor a webhook URL: both hold the link's URL, and a webhook URL is a credential.
    const log = { deliveryId: delivery.id, channel: delivery.channel, attempt: delivery.attempt };
    if (!held) this.logger.warn(log, 'link delivery attempt finished after its claim was taken over');
    else if (error === null) this.logger.debug(log, 'link delivered');
    else this.logger.info({ ...log, error: unnamed(error, delivery), next: next.state, retryInSeconds: delay }, 'link delivery attempt failed');
    return { error };
  }

  /**
   * Successes are written in batches: while one batch is being written the next gathers, so a
   * bulk send makes a few statements rather than one per mail, and a single send waits for none.
   */
  private recordSent(delivery: ClaimedLinkDelivery, responseCode: number | null): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.sent.push({ id: delivery.id, attempt: delivery.attempt, responseCode, resolve, reject });
      if (!this.writingSent) void this.writeSent();
    });
  }

  private async writeSent(): Promise<void> {
    this.writingSent = true;
    try {
      while (this.sent.length > 0) {
        const batch = this.sent.splice(0, SENT_BATCH);
        try {
          const held = await this.deliveries.finishSent(batch);
          for (const waiting of batch) waiting.resolve(held.has(waiting.id));
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      this.writingSent = false;
    }
  }

  /**
   * `error` null when the message went out, with the status a webhook or the SMS provider answered
   * (none for email); `final` when the failure is one a retry would meet again. Never throws.
   */
  private async send(delivery: ClaimedLinkDelivery): Promise<{ error: string | null; responseCode: number | null; final?: boolean }> {
    if (delivery.channel === 'email') return { error: await this.sendMail(delivery.payload as LinkMail), responseCode: null };
    if (delivery.channel === 'sms') return this.sendSms(delivery.id, delivery.payload as LinkSms);
    const payload = delivery.payload as WebhookPayload;
    const outcome = await postWebhook(
      new URL(payload.webhook_url),
      payload.body,
      {},
      {
        allowPrivate: this.options.allowPrivate,
        timeoutMs: this.options.attemptTimeoutMs,
      },
    );
    return { error: outcome.error, responseCode: outcome.status };
  }

  /** A text through the provider, which answers within the attempt's time (the outbound guard's deadline). */
  private async sendSms(deliveryId: string, sms: LinkSms): Promise<{ error: string | null; responseCode: number | null; final: boolean }> {
    if (!this.sms) return { error: 'SMS is not configured (SMS_ACCOUNT_SID, SMS_AUTH_TOKEN, SMS_FROM)', responseCode: null, final: false };
    const outcome = await this.sms.send(sms, { timeoutMs: this.options.attemptTimeoutMs });
    if (!outcome.ok) return { error: outcome.error, responseCode: outcome.status, final: !outcome.retry };
    // The provider's id of the message, to find it in the provider's logs; never the text (it holds the link's URL).
    this.logger.debug({ deliveryId, sid: outcome.sid }, 'link texted');
    return { error: null, responseCode: outcome.status, final: false };
  }

  /**
   * The mailer is told to give up when the time is up (so a retry cannot race a late first
   * send), and is not waited for beyond it either way.
   */
  private async sendMail(mail: LinkMail): Promise<string | null> {
    if (!this.mailer) return 'mail is not configured (SMTP_URL)';
    const timeUp = `timed out: no answer from the mail server within ${this.options.attemptTimeoutMs / 1000} s`;
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new Error(timeUp));
      }, this.options.attemptTimeoutMs);
    });
    try {
      await Promise.race([this.mailer.send(mail, { signal: abort.signal }), deadline]);
      return null;
    } catch (error) {
      return abort.signal.aborted ? timeUp : describe(error);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** An error as logged: a provider quoting the phone number has it masked, as emails in logs are. */
function unnamed(error: string, delivery: ClaimedLinkDelivery): string {
  return delivery.channel === 'sms' ? error.split(delivery.recipient).join('+***') : error;
}

function describe(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    text = code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  } else text = String(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
