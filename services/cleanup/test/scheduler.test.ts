import { Writable } from 'node:stream';
import { createLogger } from '@parley/logger';
import { createTestContext, type TestContext } from '@parley/testing';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JobClaimsRepository } from '../src/scheduling/job-claims.repository.js';
import { type Job, Scheduler } from '../src/scheduling/scheduler.js';

const HOUR_MS = 60 * 60 * 1000;

/** A job that counts its runs of `body`. */
function countingJob(name: string, intervalMs = HOUR_MS, body: () => Promise<string> = async () => 'done') {
  const job = {
    name,
    intervalMs,
    runs: 0,
    run: async () => {
      job.runs++;
      return body();
    },
  };
  return job;
}

describe('Scheduler: one replica per (job, slot), on the real database', () => {
  let ctx: TestContext;
  const schedulers: Scheduler[] = [];
  /** Every replica reads this clock, so a test chooses the slot. */
  let now = Date.UTC(2030, 0, 1, 12, 0, 0);
  const logLines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'cleanup-test',
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line !== '') logLines.push(JSON.parse(line));
        done();
      },
    }),
  });

  const replica = (jobs: Job[]) => {
    const scheduler = new Scheduler(jobs, new JobClaimsRepository(ctx.db), logger, () => now);
    schedulers.push(scheduler);
    return scheduler;
  };
  const claimsOf = async (job: string) =>
    (
      await sql<{ slot: string; claimed_by: string; finished_at: Date | null; outcome: string | null }>`
      SELECT slot, claimed_by, finished_at, outcome FROM cleanup_job_runs WHERE job = ${job} ORDER BY slot`.execute(ctx.db)
    ).rows;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'cleanup-scheduler' });
  });
  afterEach(async () => {
    await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => ctx?.cleanup());

  it('three replicas ticking the same slot at once: exactly one runs it', async () => {
    const job = countingJob('race');
    const replicas = [replica([job]), replica([job]), replica([job])];

    const first = await Promise.all(replicas.map((r) => r.tick(job)));
    expect(first.filter(Boolean)).toHaveLength(1);
    expect(job.runs).toBe(1);
    // The same slot again: nobody runs it.
    expect(await Promise.all(replicas.map((r) => r.tick(job)))).toEqual([false, false, false]);
    expect(job.runs).toBe(1);

    // The next slot runs once more, by exactly one replica.
    now += HOUR_MS;
    const second = await Promise.all(replicas.map((r) => r.tick(job)));
    expect(second.filter(Boolean)).toHaveLength(1);
    expect(job.runs).toBe(2);

    const claims = await claimsOf('race');
    expect(claims.map((c) => Number(c.slot))).toEqual([Math.floor(now / HOUR_MS) - 1, Math.floor(now / HOUR_MS)]);
    for (const claim of claims) expect(claim).toMatchObject({ claimed_by: expect.stringMatching(/^cleanup_/), finished_at: expect.any(Date), outcome: 'done' });
  });

  it('a failing job is logged with its error; its slot is not retried, the next slot runs', async () => {
    let fail = true;
    const job = countingJob('flaky', HOUR_MS, async () => {
      if (fail) throw new Error('database went away');
      return 'recovered';
    });
    const [a, b] = [replica([job]), replica([job])];

    expect(await a.tick(job)).toBe(true);
    expect(logLines).toContainEqual(
      expect.objectContaining({ level: 'error', msg: 'job failed', job: 'flaky', err: expect.objectContaining({ message: 'database went away' }) }),
    );
    expect(await claimsOf('flaky')).toEqual([expect.objectContaining({ finished_at: null, outcome: null })]);
    fail = false;
    expect(await b.tick(job)).toBe(false);
    expect(job.runs).toBe(1);

    now += HOUR_MS;
    expect(await b.tick(job)).toBe(true);
    expect((await claimsOf('flaky'))[1]).toMatchObject({ finished_at: expect.any(Date), outcome: 'recovered' });
  });

  it('a job still running is not started again by the same replica, and stop() waits for it', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const job = countingJob('slow', HOUR_MS, async () => {
      await held;
      return 'slow done';
    });
    const scheduler = replica([job]);

    const running = scheduler.tick(job);
    now += HOUR_MS;
    // A new slot, but this replica is still busy with the job: it does not start it twice.
    expect(await scheduler.tick(job)).toBe(false);

    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    expect(await running).toBe(true);
    await stopping;
    expect(job.runs).toBe(1);
    expect(await claimsOf('slow')).toEqual([expect.objectContaining({ outcome: 'slow done' })]);

    // Stopped: no more runs, not even of a new slot.
    now += HOUR_MS;
    expect(await scheduler.tick(job)).toBe(false);
    expect(await claimsOf('slow')).toHaveLength(1);
  });

  it('start() runs the current slot of every job and resolves when they are done', async () => {
    const hourly = countingJob('start-hourly');
    const daily = countingJob('start-daily', 24 * HOUR_MS);
    await replica([hourly, daily]).start();
    expect([hourly.runs, daily.runs]).toEqual([1, 1]);
    expect(await claimsOf('start-hourly')).toEqual([expect.objectContaining({ outcome: 'done' })]);
    expect(await claimsOf('start-daily')).toEqual([expect.objectContaining({ outcome: 'done' })]);
  });

  it('an interval longer than a timer can wait (25 days and more) does not spin', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      // CLEANUP_INTERVAL_MINUTES=100000: about 69 days.
      const job = countingJob('long-interval', 100_000 * 60_000);
      await replica([job]).start();
      // Warnings are emitted on the next tick; let them arrive.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.name === 'TimeoutOverflowWarning')).toEqual([]);
      expect(job.runs).toBe(1);
    } finally {
      process.off('warning', onWarning);
    }
  });
  it('a stale claim taken over by eight askers at once becomes exactly one of theirs; a claim already taken or finished is not taken', async () => {
    const claims = new JobClaimsRepository(ctx.db);
    const slot = Math.floor(now / 60_000);
    expect(await claims.claim('takeover', slot, 'dead-replica')).toBe(true);
    const stale = (await claims.unfinishedVersion('takeover', slot))!;
    const askers = Array.from({ length: 8 }, (_, i) => `asker-${i}`);
    const won = await Promise.all(askers.map((asker) => claims.takeOver('takeover', slot, asker, stale)));
    expect(won.filter(Boolean)).toHaveLength(1);
    const [claim] = await claimsOf('takeover');
    expect(claim.claimed_by).toBe(askers[won.indexOf(true)]);

    // The winner's claim, stale in turn, can be taken over again – by the same replica too.
    expect(await claims.takeOver('takeover', slot, 'late-asker', stale)).toBe(false);
    const taken = (await claims.unfinishedVersion('takeover', slot))!;
    expect(taken).not.toBe(stale);
    expect(await claims.takeOver('takeover', slot, claim.claimed_by, taken)).toBe(true);
    const retaken = (await claims.unfinishedVersion('takeover', slot))!;
    await claims.finish('takeover', slot, 'succeeded');
    expect(await claims.unfinishedVersion('takeover', slot)).toBeUndefined();
    expect(await claims.takeOver('takeover', slot, 'late-asker', retaken)).toBe(false);
    expect(await claimsOf('takeover')).toEqual([expect.objectContaining({ claimed_by: claim.claimed_by, outcome: 'succeeded' })]);
  });
});
