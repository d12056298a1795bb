import type { FailedDelivery } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { DeliveryAttempts } from './delivery-attempt.js';
import type { ClaimedLinkDelivery, LinkDeliveryRepository, LinkDeliveryRow } from './delivery.repository.js';
import { deliveryView } from './delivery-view.js';
import type { FirstAttempts } from './types.js';

export interface FirstAttemptOptions {
  /** Attempts made at once. */
  concurrency: number;
  /** The longest deliverNow waits; attempts not made by then are the worker's. */
  firstAttemptWaitMs: number;
  leaseMs: number;
}

/**
 * The first attempts of deliveries just recorded, made at once in this replica for at most
 * `firstAttemptWaitMs`. Link creation starts them in the background (`inBackground`) and never
 * waits: a webhook that never answers costs the creator nothing. `deliverNow` waits for them
 * instead, bounded (a schedule's run records what its slot sent). Deliveries are claimed a few at
 * a time, as places come free, exactly as the worker claims them; whatever is not attempted in
 * time is handed to the worker, and attempts still running go on and record their own outcome.
 */
export class FirstAttemptRunner {
  private stopped = false;
  /** Attempts being made, so stopping can wait for them. */
  private readonly running = new Set<Promise<void>>();
  /** First attempts started by `inBackground` and not yet over or handed to the worker. */
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly deliveries: LinkDeliveryRepository,
    private readonly attempter: DeliveryAttempts,
    private readonly options: FirstAttemptOptions,
    /** Deliveries became due for the worker. */
    private readonly onHandedOver: () => void,
    private readonly logger: Logger,
  ) {}

  async deliverNow(ids: string[]): Promise<FirstAttempts> {
    const wanted = [...new Set(ids)];
    const unclaimed = [...wanted];
    const claimed: ClaimedLinkDelivery[] = [];
    let claiming: Promise<void> | undefined;
    let timeUp = false;

    /** The next claimed delivery to attempt; undefined once time is up or none is left. */
    const next = async (): Promise<ClaimedLinkDelivery | undefined> => {
      for (;;) {
        if (timeUp || this.stopped) return undefined;
        const delivery = claimed.shift();
        if (delivery) return delivery;
        if (unclaimed.length === 0 && !claiming) return undefined;
        claiming ??= this.deliveries
          .claimFirst(unclaimed.splice(0, this.options.concurrency), this.options.leaseMs)
          .then((rows) => void claimed.push(...rows))
          .finally(() => {
            claiming = undefined;
          });
        await claiming;
      }
    };
    const runner = async () => {
      for (let delivery = await next(); delivery; delivery = await next()) await this.track(delivery);
    };

    let timer: NodeJS.Timeout | undefined;
    const wait = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.firstAttemptWaitMs);
    });
    const runners = Array.from({ length: Math.min(this.options.concurrency, wanted.length) }, runner);
    try {
      await Promise.race([Promise.all(runners), wait]);
    } catch (error) {
      // Claiming failed (the database went away): what was not attempted stays pending.
      this.logger.error({ err: error }, 'first attempts of link deliveries could not be claimed; the worker makes them');
    } finally {
      clearTimeout(timer);
      timeUp = true;
    }
    await this.handOver(claiming, claimed, wanted);
    return summary(wanted, await this.deliveries.byIds(wanted));
  }

  /**
   * Starts the first attempts and answers at once with the deliveries as recorded – queued, none
   * attempted yet – so a caller never waits for a mail server or webhook. Their outcome is
   * recorded on each delivery as it comes.
   */
  async inBackground(ids: string[]): Promise<FirstAttempts> {
    const wanted = [...new Set(ids)];
    const recorded = summary(wanted, await this.deliveries.byIds(wanted));
    const started: Promise<void> = this.deliverNow(wanted)
      .then(() => undefined)
      // deliverNow logs its own failures; this is the last guard of a promise no one awaits.
      .catch((error: unknown) => this.logger.error({ err: error }, 'first attempts of link deliveries failed; the worker makes them'))
      .finally(() => this.background.delete(started));
    this.background.add(started);
    return recorded;
  }

  /** Takes no new attempts; waits for the ones being made and for background hand-overs. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.background);
    await Promise.all(this.running);
  }

  private track(delivery: ClaimedLinkDelivery): Promise<void> {
    const attempt: Promise<void> = this.attempter
      .run(delivery)
      .then(() => undefined)
      // Not recorded (the database went away): the lease runs out and the worker attempts it again.
      .catch((error: unknown) => this.logger.error({ err: error, deliveryId: delivery.id }, 'a link delivery attempt could not be recorded'))
      .finally(() => this.running.delete(attempt));
    this.running.add(attempt);
    return attempt;
  }

  /** Gives the worker what was not attempted in time: claimed but not started, and never claimed. */
  private async handOver(claiming: Promise<void> | undefined, claimed: ClaimedLinkDelivery[], wanted: string[]): Promise<void> {
    try {
      await claiming?.catch(() => undefined);
      await this.deliveries.release(claimed.splice(0).map(({ id, attempt }) => ({ id, attempt })));
      // Only rows no one claimed are changed (see dueNow), so passing every id is safe.
      await this.deliveries.dueNow(wanted);
      this.onHandedOver();
    } catch (error) {
      // Their hold runs out by itself: the worker takes them then.
      this.logger.error({ err: error }, 'link deliveries could not be handed to the worker now; it takes them when their hold runs out');
    }
  }
}

/** What the caller is told: from the rows as they are now, so counts and deliveries agree. */
function summary(wanted: string[], rows: LinkDeliveryRow[]): FirstAttempts {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const ordered = wanted.flatMap((id) => byId.get(id) ?? []);
  const failed = ordered.filter((row) => row.state === 'failed' || (row.state === 'pending' && row.last_error !== null));
  const sent = ordered.filter((row) => row.state === 'sent').length;
  return {
    sent,
    pending: ordered.length - sent - failed.length,
    failed: failed.map(failedEntry),
    deliveries: ordered.map(deliveryView),
  };
}

/**
 * A failed delivery as answers list it: `to` is the address, the webhook's host or the phone
 * number; `email` is there only for the email channel, where older clients read the address.
 */
function failedEntry(row: LinkDeliveryRow): FailedDelivery {
  const error = row.last_error ?? 'failed';
  return row.channel === 'email'
    ? { email: row.recipient, to: row.recipient, channel: row.channel, error }
    : { to: row.recipient, channel: row.channel, error };
}
