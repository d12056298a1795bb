import { type Kysely, sql } from 'kysely';

/**
 * turn_traces: what the sessions service keeps of each committed turn beside its transcript
 * (docs/workflow.md "Traces"), written by the turn's commit – the nodes it went through
 * (`node_path`), each request its LLM calls made (`llm_calls`: [{model, prompt_tokens,
 * completion_tokens, latency_ms, cost?}], `cost` in USD at the prices configured when the turn
 * was committed), the passages its knowledge nodes retrieved (`retrieval`: [{chunk_id, score}],
 * null when none), and `cost_usd`, the sum of its priced calls (null: none was priced).
 * Retention and erasure delete the rows with the conversation's messages (no cascade does, as
 * those conversations' rows stay); a visitor's export holds them. The conversation's agent,
 * version and link are copied so analytics sums cost by any of them; the index serves those
 * sums and the cascade from tenants.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE turn_traces (
      conversation_id uuid NOT NULL REFERENCES text_conversations (id) ON DELETE CASCADE,
      turn_number int NOT NULL,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      agent_id uuid NOT NULL,
      agent_version int NOT NULL,
      link_id text,
      node_path text[] NOT NULL,
      llm_calls jsonb NOT NULL,
      retrieval jsonb,
      cost_usd double precision,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (conversation_id, turn_number)
    )`.execute(db);
  await sql`CREATE INDEX turn_traces_tenant_created_idx ON turn_traces (tenant_id, created_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS turn_traces`.execute(db);
}
