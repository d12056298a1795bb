import { type Kysely, sql } from 'kysely';

/**
 * An agent's test runs listed newest first (docs/evaluations.md "Listing runs"): without a version
 * filter the list reads this index in order instead of sorting the agent's runs.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX agent_test_runs_listing ON agent_test_runs (agent_id, created_at DESC, id DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS agent_test_runs_listing`.execute(db);
}
