import { type Kysely, sql } from 'kysely';

/**
 * An agent's test cases and their runs (docs/evaluations.md), owned by the links service as agents are:
 * - agent_tests: a named script of visitor messages, each with what the agent should do then.
 * - agent_test_runs: the tests as they were when a run of a version started (`tests`), what each
 *   turn did (`results`), and a lease: a run whose worker dies is picked up again once `lease_until`
 *   has passed, and given up as failed after its third attempt.
 * - agents.require_tests: publishing a version needs a passed run of every test of the agent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE agents ADD COLUMN require_tests boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    CREATE TABLE agent_tests (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      name text NOT NULL,
      turns jsonb NOT NULL,
      start jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX agent_tests_agent ON agent_tests (agent_id, created_at)`.execute(db);
  await sql`
    CREATE TABLE agent_test_runs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      agent_id uuid NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
      tenant_id uuid NOT NULL,
      version integer NOT NULL,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'passed', 'failed')),
      tests jsonb NOT NULL,
      results jsonb NOT NULL DEFAULT '[]',
      passed integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      lease_until timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      duration_ms integer
    )`.execute(db);
  await sql`CREATE INDEX agent_test_runs_due ON agent_test_runs (lease_until NULLS FIRST) WHERE status = 'running'`.execute(db);
  await sql`CREATE INDEX agent_test_runs_version ON agent_test_runs (agent_id, version, created_at DESC)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS agent_test_runs`.execute(db);
  await sql`DROP TABLE IF EXISTS agent_tests`.execute(db);
  await sql`ALTER TABLE agents DROP COLUMN IF EXISTS require_tests`.execute(db);
}
