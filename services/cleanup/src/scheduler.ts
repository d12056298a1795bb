import { randomBytes } from 'node:crypto';
import type { Logger } from '@parley/logger';
import type { JobClaimsRepository } from './job-claims.repository.js';

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
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly replicaId = `cleanup_${randomBytes(6).toString('base64url')}`;
  private stopped = false;

  constructor(
    private readonly jobs: Job[],
    private readonly claims: JobClaimsRepository,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    for (const job of this.jobs) {
      void this.tick(job);
    }
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
    const delay = job.intervalMs - (this.now() % job.intervalMs) + 50;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.tick(job);
    }, delay);
    timer.unref();
    this.timers.add(timer);
  }

  /** No new runs; waits for the ones in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.all(this.running.values());
  }
}
