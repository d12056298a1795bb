import { type Kysely, sql } from 'kysely';

/**
 * What the memory service remembers about a verified visitor of an agent (memory service owns both).
 * - visitor_memories: one row per (agent, lower-cased email); `summary` is the LLM's latest
 *   summary, `messages_counted` every message counted, `summarising_until` a lease held while one
 *   replica asks the LLM, so a summary is made once even when replicas see the same batch due.
 * - visitor_memory_messages: the message ids counted, so a redelivered event counts once;
 *   `summarised_at` null marks the ones the next summary still has to read. Kept after the
 *   summary: an event redelivered after its ack was lost must still find its id here.
 * No foreign keys: the conversations and agents belong to other services.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE visitor_memories (
      agent_id uuid NOT NULL,
      email text NOT NULL,
      tenant_id uuid NOT NULL,
      summary text,
      messages_counted int NOT NULL DEFAULT 0,
      summarising_until timestamptz,
      summarised_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agent_id, email),
      CHECK (email = lower(email))
    )`.execute(db);
  await sql`CREATE INDEX visitor_memories_tenant_idx ON visitor_memories (tenant_id)`.execute(db);
  await sql`
    CREATE TABLE visitor_memory_messages (
      agent_id uuid NOT NULL,
      email text NOT NULL,
      message_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      role text NOT NULL,
      sent_at timestamptz NOT NULL,
      counted_at timestamptz NOT NULL DEFAULT now(),
      summarised_at timestamptz,
      PRIMARY KEY (agent_id, email, message_id)
    )`.execute(db);
  await sql`
    CREATE INDEX visitor_memory_messages_pending_idx ON visitor_memory_messages (agent_id, email, sent_at)
    WHERE summarised_at IS NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS visitor_memory_messages`.execute(db);
  await sql`DROP TABLE IF EXISTS visitor_memories`.execute(db);
}
