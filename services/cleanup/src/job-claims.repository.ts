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

  async finish(job: string, slot: number, outcome: string): Promise<void> {
    await sql`UPDATE cleanup_job_runs SET finished_at = now(), outcome = ${outcome} WHERE job = ${job} AND slot = ${slot}`.execute(this.db);
  }

  /** Keeps the claims table small: claims older than a week are of no use. */
  async prune(): Promise<void> {
    await sql`DELETE FROM cleanup_job_runs WHERE claimed_at < now() - interval '7 days'`.execute(this.db);
  }
}
