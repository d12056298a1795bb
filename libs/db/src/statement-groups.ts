/** How long a statement may be under way before the items behind it go in one of their own. */
const DEFAULT_STALL_MS = 50;
/** The most statements of one group under way at once. */
const MAX_IN_FLIGHT = 4;

interface Waiting<I, O> {
  item: I;
  /** When it was added (StatementGroupsOptions.clock). */
  at: number;
  resolve: (answer: O) => void;
  reject: (error: unknown) => void;
}

/**
 * Whether a statement that failed with this error surely did nothing. PostgreSQL rolls back a
 * statement it answers with an error (a server message: it has a severity and a SQLSTATE), whole.
 * A connection that broke (a socket error such as EPIPE, SQLSTATE class 08) or a server shutting
 * down (57P0x) may have lost the answer of a statement that committed.
 */
export function statementRolledBack(error: unknown): boolean {
  const { code, severity } = (error ?? {}) as { code?: unknown; severity?: unknown };
  if (typeof severity !== 'string' || typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return !code.startsWith('08') && !code.startsWith('57P0');
}

export interface StatementGroupsOptions<O> {
  /** The most items one statement carries; more wait for the next. */
  maxGroup: number;
  /**
   * After how long a statement under way no longer holds back the items that came meanwhile: they
   * go in a statement of their own (at most MAX_IN_FLIGHT at once), so one statement waiting on a
   * lock, or on a slow server, does not stall every caller behind it. Default 50 ms.
   */
  stallMs?: number;
  /** An item's answer when a statement of its own failed with this error; undefined: the error is its caller's. */
  answerOnError?: (error: unknown) => O | undefined;
  /** Told the size of each group as its statement is sent. */
  onGroup?: (items: number) => void;
  /**
   * Told, as each statement answers (or fails), how long it took and how long each of its items had
   * waited before it was sent – behind a statement under way, or for the end of the loop turn it
   * was added in: what grouping costs a caller.
   */
  onStatement?: (timing: StatementTiming) => void;
  /** Milliseconds, for onStatement; default performance.now. */
  clock?: () => number;
}

/** One statement's timing (StatementGroupsOptions.onStatement), in milliseconds. */
export interface StatementTiming {
  /** From the statement being sent to its answer. */
  tookMs: number;
  /** Each item's wait from being added to the statement being sent, in the group's order. */
  waitedMs: number[];
}

/**
 * Statements that many callers make at once, grouped as PostgreSQL groups commits: with no
 * statement under way, the items added in one turn of the event loop go together as it ends;
 * items that come while one is under way go together in the next. So a lone caller waits for
 * nothing but the end of its loop turn, and under load one statement – one round trip, one
 * transaction – answers many callers, where the round trips and wake-ups are most of what a small
 * statement costs. Each caller gets its own answer, in the order the items were given.
 *
 * A statement that stalls (a row lock held elsewhere, a slow server) holds back the items behind
 * it for stallMs at most: they then go in a statement of their own.
 *
 * A group whose statement failed and surely did nothing (statementRolledBack: one item's unique
 * violation, a deadlock) is run again item by item, so one item's failure stays its own; a lost
 * connection fails every item of the group, as it would have failed each alone.
 */
export class StatementGroups<I, O> {
  private waiting: Waiting<I, O>[] = [];
  /** Statements under way: one normally, more once one has stalled (see stallMs). */
  private running = 0;
  /** Those of them under way for longer than stallMs. */
  private stalled = 0;
  /** A look at the waiting items is due once this turn of the event loop ends (add). */
  private gathering = false;

  private readonly now: () => number;

  /** `run` answers the items given, in one statement, in their order. */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: StatementGroupsOptions<O>,
  ) {
    this.now = options.clock ?? (() => performance.now());
  }

  add(item: I): Promise<O> {
    // Timed only for onStatement: nothing more on the path of a group no one observes.
    const at = this.options.onStatement ? this.now() : 0;
    const answered = new Promise<O>((resolve, reject) => this.waiting.push({ item, at, resolve, reject }));
    if (!this.gathering) {
      // The items added in this turn of the event loop go together: the callers woken by one read
      // of a socket (many turns in one NATS read under load) make one statement, not a lone one
      // and then a group behind it.
      this.gathering = true;
      setImmediate(() => {
        this.gathering = false;
        this.drainIfNoneMoving();
      });
    }
    return answered;
  }

  /** A statement for the waiting items, unless one under way and not stalled will take them when it ends. */
  private drainIfNoneMoving(): void {
    if (this.waiting.length > 0 && this.running === this.stalled && this.running < MAX_IN_FLIGHT) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running += 1;
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroup);
      this.options.onGroup?.(group.length);
      let stalled = false;
      const timer = setTimeout(() => {
        stalled = true;
        this.stalled += 1;
        this.drainIfNoneMoving();
      }, this.options.stallMs ?? DEFAULT_STALL_MS);
      try {
        const answers = await this.runGroup(group);
        for (const [i, w] of group.entries()) w.resolve(answers[i] as O);
      } catch (error) {
        if (group.length === 1) this.settleAlone(group[0] as Waiting<I, O>, error);
        else if (statementRolledBack(error)) for (const w of group) await this.alone(w);
        else for (const w of group) w.reject(error);
      } finally {
        clearTimeout(timer);
        if (stalled) this.stalled -= 1;
      }
    }
    this.running -= 1;
  }

  /** The group's statement; told to onStatement as it answers or fails, when there is one. */
  private runGroup(group: Waiting<I, O>[]): Promise<O[]> {
    const observe = this.options.onStatement;
    if (!observe) return this.run(group.map((w) => w.item));
    const sent = this.now();
    return this.run(group.map((w) => w.item)).finally(() => observe({ tookMs: this.now() - sent, waitedMs: group.map((w) => sent - w.at) }));
  }

  private async alone(w: Waiting<I, O>): Promise<void> {
    try {
      w.resolve((await this.run([w.item]))[0] as O);
    } catch (error) {
      this.settleAlone(w, error);
    }
  }

  private settleAlone(w: Waiting<I, O>, error: unknown): void {
    const answer = this.options.answerOnError?.(error);
    if (answer === undefined) w.reject(error);
    else w.resolve(answer);
  }
}
