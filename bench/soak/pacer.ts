import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A slot no worker was free to take this long after its time is given up: the stack fell behind,
 * and sending the backlog in a burst would be another load than the one asked for.
 */
const LATE_MS = 1_000;

/**
 * Open-loop pacing: slots at a fixed rate from the first `take`, each taken by one worker, which
 * waits for its slot's time. A slot left untaken for a second is counted as missed.
 */
export class Pacer {
  private readonly intervalMs: number;
  private nextAt: number | undefined;
  private stopped = false;
  /** Slots given up because every worker was still busy. */
  missed = 0;

  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Waits for the next slot; false once the load is stopping. */
  async take(): Promise<boolean> {
    if (this.stopped) return false;
    const now = performance.now();
    let at = this.nextAt ?? now;
    if (now - at > LATE_MS) {
      const late = Math.floor((now - at) / this.intervalMs);
      this.missed += late;
      at += late * this.intervalMs;
    }
    this.nextAt = at + this.intervalMs;
    if (at > now) await sleep(at - now);
    return !this.stopped;
  }

  stop(): void {
    this.stopped = true;
  }
}
