import type { Logger } from '@parley/logger';

/** What the worker works through: claiming due items (with a lease), and one attempt of one. */
export interface LeasedQueue<T extends { id: string }> {
  claimDue(limit: number): Promise<T[]>;
  /** Sends and records; a throw means the outcome could not be recorded (the lease runs out, it is tried again). */
  attempt(item: T): Promise<unknown>;
}

/**
 * Works through a queue of outgoing deliveries kept in PostgreSQL – webhook deliveries, and links
 * sent by email, Slack, Teams or SMS. Each queue claims its due rows with FOR UPDATE SKIP LOCKED and a
 * lease and records results fenced by the attempt number, so one delivery is attempted by one
 * replica at a time and sent at most once; only a process dying between the receiver's answer
 * and its record can send it again. This loop is what both share: poll, fill the free places,
 * look again at once when a place frees up or new work is announced (kick).
 */
export class LeasedQueueWorker<T extends { id: string }> {
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Attempts being made; each finishing one frees a place and looks for more work. */
  private readonly attempts = new Set<Promise<void>>();

  constructor(
    private readonly queue: LeasedQueue<T>,
    private readonly options: { pollIntervalMs: number; concurrency: number },
    private readonly logger: Logger,
    /** What the queue holds, for its log lines: "webhook deliveries", "link deliveries". */
    private readonly what: string,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Deliveries may be due (new ones, or a place came free): look now rather than at the next poll. */
  kick(): void {
    if (this.stopped) return;
    if (this.polling) this.again = true;
    else this.schedule(0);
  }

  /** Takes no new attempts; waits for the ones being made. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.polling;
    await Promise.all(this.attempts);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.polling = this.poll().finally(() => {
        this.polling = undefined;
        const more = this.again;
        this.again = false;
        this.schedule(more ? 0 : this.options.pollIntervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  /** Claims as many due deliveries as there are free places and starts them without waiting: a slow server holds one place, not the others. */
  private async poll(): Promise<void> {
    try {
      for (;;) {
        const free = this.options.concurrency - this.attempts.size;
        if (this.stopped || free <= 0) return;
        const claimed = await this.queue.claimDue(free);
        for (const delivery of claimed) {
          const attempt: Promise<void> = this.queue
            .attempt(delivery)
            .then(() => undefined)
            // Not recorded (the database went away): the lease runs out and the delivery is attempted again.
            .catch((error: unknown) => this.logger.error({ err: error, deliveryId: delivery.id }, `an attempt of ${this.what} could not be recorded`))
            .finally(() => {
              this.attempts.delete(attempt);
              this.kick();
            });
          this.attempts.add(attempt);
        }
        if (claimed.length < free) return;
      }
    } catch (error) {
      this.logger.error({ err: error }, `${this.what} could not be claimed; trying again at the next poll`);
    }
  }
}
