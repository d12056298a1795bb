import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/**
 * Claims of scheduled job runs. Time is cut into slots of the job's interval; the first replica
 * to insert (job, slot) runs that slot and every other replica's insert does nothing – so with
 * any number of replicas each job runs exactly once per interval.
 */
export class JobClaimsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async claim(job: string, slot: number, claimedBy: string): Promise<boolean> {
    const result = await sql<{ job: string }>`
      INSERT INTO cleanup_job_runs (job, slot, claimed_by) VALUES (${job}, ${slot}, ${claimedBy})
      ON CONFLICT (job, slot) DO NOTHING RETURNING job`.execute(this.db);
    return result.rows.length === 1;
  }

  /**
   * The claim's version (its claimed_at, to the microsecond) while it is unfinished: what a
   * replica that finds a slot claimed remembers, to take the claim over if it goes stale.
   */
  async unfinishedVersion(job: string, slot: number): Promise<string | undefined> {
    const held = await sql<{ claimed_at: string }>`
      SELECT claimed_at::text AS claimed_at FROM cleanup_job_runs WHERE job = ${job} AND slot = ${slot} AND finished_at IS NULL`.execute(this.db);
    return held.rows[0]?.claimed_at;
  }

  /**
   * Takes over a claim whose claimant is gone: the claim becomes this claimant's if it is still
   * unfinished and still the version found stale. Of any number of replicas (or overlapping ticks
   * of one) taking over the same version at once, exactly one wins: under READ COMMITTED a
   * concurrent taker's update is re-checked against the row the winner committed, whose version
   * is new.
   */
  async takeOver(job: string, slot: number, claimedBy: string, version: string): Promise<boolean> {
    const taken = await sql<{ job: string }>`
      UPDATE cleanup_job_runs SET claimed_by = ${claimedBy}, claimed_at = clock_timestamp()
      WHERE job = ${job} AND slot = ${slot} AND finished_at IS NULL AND claimed_at = ${version}::timestamptz
      RETURNING job`.execute(this.db);
    return taken.rows.length === 1;
  }

  async finish(job: string, slot: number, outcome: string): Promise<void> {
    await sql`UPDATE cleanup_job_runs SET finished_at = now(), outcome = ${outcome} WHERE job = ${job} AND slot = ${slot}`.execute(this.db);
  }

  /** Keeps the claims table small: claims older than a week are of no use. */
  async prune(): Promise<void> {
    await sql`DELETE FROM cleanup_job_runs WHERE claimed_at < now() - interval '7 days'`.execute(this.db);
  }
}
