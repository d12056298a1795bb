import { type Kysely, sql } from 'kysely';

/**
 * What the sessions service keeps of prompt nodes' answers from knowledge (docs/workflow.md "Answers from knowledge in the transcript"):
 * - text_conversation_messages.citations: on the agent's message that answered from knowledge, the
 *   passages it cited ({n, document_id, title, url?, chunk_id}), `[]` when it cited none; null on
 *   every other message – so analytics tells an answer from knowledge from any other reply. Added
 *   to the partitioned parent, which takes it to every monthly partition.
 * - knowledge_gaps: a visitor's question that found no passage, with the bases its node searched.
 *   The visitor's words: retention and erasure delete them with the conversation's messages (no
 *   cascade does, as those conversations' rows stay), a visitor's export holds them. The first
 *   index serves an agent's gaps and analytics, newest first, and the cascade from tenants; the
 *   second the deletes by conversation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversation_messages ADD COLUMN citations jsonb`.execute(db);
  await sql`
    CREATE TABLE knowledge_gaps (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      agent_id uuid NOT NULL,
      agent_version int NOT NULL,
      conversation_id uuid NOT NULL REFERENCES text_conversations (id) ON DELETE CASCADE,
      question text NOT NULL,
      bases text[] NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX knowledge_gaps_agent_created_idx ON knowledge_gaps (tenant_id, agent_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX knowledge_gaps_conversation_idx ON knowledge_gaps (conversation_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS knowledge_gaps`.execute(db);
  await sql`ALTER TABLE text_conversation_messages DROP COLUMN IF EXISTS citations`.execute(db);
}
