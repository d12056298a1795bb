import { randomBytes } from 'node:crypto';
import type { Logger } from '@parley/logger';
import type { JobClaimsRepository } from './job-claims.repository.js';

/** setTimeout fires at once for longer delays; a longer wait is done in steps of this. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Job {
  name: string;
  intervalMs: number;
  run(): Promise<string>;
}

/**
 * Runs each job once per interval slot across all replicas: every replica wakes at the slot
 * boundary, tries to claim it, and only the winner runs. A job still running when its next slot
 * comes is not started twice by this replica.
 */
export class Scheduler {
  /** One pending wake-up per job: a tick called from outside replaces it rather than adding one. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly replicaId = `cleanup_${randomBytes(6).toString('base64url')}`;
  private stopped = false;

  constructor(
    private readonly jobs: Job[],
    private readonly claims: JobClaimsRepository,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Tries every job's current slot now; resolves when those start-up runs are over. */
  async start(): Promise<void> {
    await Promise.all(this.jobs.map((job) => this.tick(job)));
  }

  /** Claims and runs the current slot of a job now (also used by tests and at start-up). */
  async tick(job: Job): Promise<boolean> {
    if (this.stopped) return false;
    this.scheduleNext(job);
    if (this.running.has(job.name)) return false;
    const slot = Math.floor(this.now() / job.intervalMs);
    let ran = false;
    const run = (async () => {
      try {
        if (!(await this.claims.claim(job.name, slot, this.replicaId))) return;
        ran = true;
        const outcome = await job.run();
        await this.claims.finish(job.name, slot, outcome);
        this.logger.info({ job: job.name, slot, outcome }, 'job ran');
      } catch (error) {
        this.logger.error({ err: error, job: job.name }, 'job failed');
      }
    })();
    this.running.set(job.name, run);
    await run;
    this.running.delete(job.name);
    return ran;
  }

  private scheduleNext(job: Job): void {
    if (this.stopped) return;
    // An interval of 25 days or more overflows the timer; waking early only finds the slot claimed.
    const delay = Math.min(job.intervalMs - (this.now() % job.intervalMs) + 50, MAX_TIMER_MS);
    clearTimeout(this.timers.get(job.name));
    const timer = setTimeout(() => {
      this.timers.delete(job.name);
      void this.tick(job);
    }, delay);
    timer.unref();
    this.timers.set(job.name, timer);
  }

  /** No new runs; waits for the ones in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running.values());
  }
}
