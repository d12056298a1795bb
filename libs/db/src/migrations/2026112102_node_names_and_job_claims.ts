import { type Kysely, sql } from 'kysely';

/**
 * - text_conversations.current_node_name: the status and every turn report the current node's
 *   name; keeping it on the row spares loading the agent config to answer a status call.
 * - cleanup_job_runs: scheduled jobs claim (job, time slot) rows, so with any number of cleanup
 *   replicas each slot runs exactly once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations ADD COLUMN current_node_name text`.execute(db);
  await sql`
    CREATE TABLE cleanup_job_runs (
      job text NOT NULL,
      slot bigint NOT NULL,
      claimed_by text NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      outcome text,
      PRIMARY KEY (job, slot)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE cleanup_job_runs`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN current_node_name`.execute(db);
}
