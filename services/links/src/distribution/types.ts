import type { Subscription } from '@parley/bus';
import type { FailedDelivery, LinkDeliveryView, SendSpec } from '@parley/contracts';
import type { DB } from '@parley/db';
import type { Kysely } from 'kysely';

/** A mail as the distribution sends it: a readable HTML part and its plain-text twin. */
export interface LinkMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The language it is written in (its Content-Language); absent on mails recorded before mails had one. */
  language?: string;
}

/** Sends the mails of link distribution: SMTP (SMTP_URL), or the console in the one-process mode. */
export interface LinkMailer {
  /** Aborted when the attempt's time is up: a mail still queued or being sent is given up rather than sent late. */
  send(mail: LinkMail, options?: { signal?: AbortSignal }): Promise<void>;
  close?(): void;
}

/** A text message as the distribution sends it. */
export interface LinkSms {
  /** E.164. */
  to: string;
  body: string;
}

/**
 * What one text came to: sent, with the provider's status and its message id; or failed –
 * `retry` false when asking again cannot help (the provider refused it with a 4xx), `status`
 * null when no answer came.
 */
export type SmsOutcome = { ok: true; status: number; sid: string | null } | { ok: false; retry: boolean; status: number | null; error: string };

/** Sends the texts of link distribution: a Twilio-compatible Messages API (SMS_PROVIDER_URL). Never throws. */
export interface LinkSmsSender {
  send(sms: LinkSms, options: { timeoutMs: number }): Promise<SmsOutcome>;
}

/** One link whose URL is to be sent, with what the message says. */
export interface DistributionItem {
  tenantId: string;
  linkId: string;
  url: string;
  title: string;
  /** The link's variables: `{{name}}` in the message is filled in from them. */
  variables: Record<string, string>;
  /** The person the link was made for (bulk): an email channel without `to` goes to them. */
  recipient: { email: string; name: string | null } | null;
  /** The link's `locale`: the language its invitation mail is written in (English when the pages do not speak it, or none is set). */
  locale?: string | null;
}

export interface FirstAttempts {
  /** Deliveries whose first attempt went out. */
  sent: number;
  /** Deliveries not yet attempted when the wait ran out: they go on in the background. */
  pending: number;
  /** Deliveries whose first attempt failed: retried with backoff. `to` whatever the channel, `email` only for email. */
  failed: FailedDelivery[];
  deliveries: LinkDeliveryView[];
}

export interface Distribution {
  /**
   * Refuses, before anything is made, a send that cannot work here: an email channel with no
   * address (no `to` and no recipients) or with no mail configured, an SMS channel with no SMS
   * provider configured or more texts than one request may send (`links` of them, 1 unless
   * said), a Slack or Teams URL that resolves to a private address (unless allowed).
   * AppError('invalid') naming the field.
   */
  check(send: SendSpec, options: { hasRecipients: boolean; links?: number }): Promise<void>;
  /** Records the deliveries of these links – inside the caller's transaction, so links and their deliveries commit together. */
  enqueue(db: Kysely<DB>, items: DistributionItem[], send: SendSpec): Promise<string[]>;
  /** Makes the first attempts of these deliveries now, waiting a bounded time; the rest go on in the background. */
  deliverNow(ids: string[]): Promise<FirstAttempts>;
  /**
   * Starts the first attempts of these deliveries and answers at once, with the deliveries as
   * recorded (queued): what API answers use, so a slow receiver never holds a link back.
   */
  deliverInBackground(ids: string[]): Promise<FirstAttempts>;
  /** A link's deliveries, newest first. */
  list(tenantId: string, linkId: string): Promise<LinkDeliveryView[]>;
  /** The retry worker, stopped with the service. */
  running: Subscription;
}
