import { type Kysely, sql } from 'kysely';
import { ensureMonthlyPartitions } from '../partitions.js';

// Table names and columns follow the Text Chat API reference, whose example SQL must run unchanged.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  `.execute(db);

  await sql`
    CREATE TABLE tenant_api_keys (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      key_hash text NOT NULL UNIQUE,
      prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    )
  `.execute(db);
  // Serves the cascade from tenants and the per-tenant key list.
  await sql`CREATE INDEX tenant_api_keys_tenant_id_idx ON tenant_api_keys (tenant_id)`.execute(db);

  await sql`
    CREATE TABLE agents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
      name text NOT NULL,
      active_version int NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, name)
    )
  `.execute(db);

  await sql`
    CREATE TABLE agent_versions (
      agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
      version int NOT NULL,
      config jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (agent_id, version)
    )
  `.execute(db);

  await sql`
    CREATE TABLE text_conversations (
      id uuid PRIMARY KEY,
      session_id text NOT NULL UNIQUE,
      tenant_id uuid NOT NULL,
      agent_id uuid NOT NULL,
      agent_version int NOT NULL,
      is_active_version boolean NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'completed', 'abandoned', 'error')),
      current_node_id text NOT NULL,
      visit_turns int NOT NULL DEFAULT 0,
      collected_data jsonb NOT NULL DEFAULT '{}',
      metadata jsonb NOT NULL DEFAULT '{}',
      total_turns int NOT NULL DEFAULT 0,
      total_transitions int NOT NULL DEFAULT 0,
      state_version int NOT NULL DEFAULT 0,
      message_count int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz
    )
  `.execute(db);
  // The idle sweep looks only at active conversations, oldest activity first.
  await sql`
    CREATE INDEX text_conversations_active_updated_at_idx ON text_conversations (updated_at)
    WHERE status = 'active'
  `.execute(db);
  await sql`CREATE INDEX text_conversations_agent_id_idx ON text_conversations (agent_id)`.execute(db);

  // The partition key must be part of every unique key of a partitioned table, hence (id, created_at).
  await sql`
    CREATE TABLE text_conversation_messages (
      id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      sequence int NOT NULL,
      role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
      content text NOT NULL,
      node_id text,
      turn_number int,
      status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'failed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id, created_at)
    ) PARTITION BY RANGE (created_at)
  `.execute(db);
  await sql`
    CREATE INDEX text_conversation_messages_conversation_sequence_idx
    ON text_conversation_messages (conversation_id, sequence)
  `.execute(db);
  await sql`CREATE TABLE text_conversation_messages_default PARTITION OF text_conversation_messages DEFAULT`.execute(db);

  await sql`
    CREATE TABLE text_conversation_transitions (
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      conversation_id uuid NOT NULL,
      turn_number int NOT NULL,
      sequence int NOT NULL,
      from_node text NOT NULL,
      from_node_name text,
      to_node text NOT NULL,
      to_node_name text,
      condition text,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id, created_at)
    ) PARTITION BY RANGE (created_at)
  `.execute(db);
  await sql`
    CREATE INDEX text_conversation_transitions_conversation_turn_idx
    ON text_conversation_transitions (conversation_id, turn_number, sequence)
  `.execute(db);
  await sql`CREATE TABLE text_conversation_transitions_default PARTITION OF text_conversation_transitions DEFAULT`.execute(db);

  await sql`
    CREATE TABLE text_conversation_variables (
      conversation_id uuid NOT NULL,
      name text NOT NULL,
      value text NOT NULL,
      turn_number int NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (conversation_id, name)
    )
  `.execute(db);

  await sql`
    CREATE TABLE text_conversation_turns (
      conversation_id uuid NOT NULL,
      turn_number int NOT NULL,
      idempotency_key text,
      user_message_id uuid NOT NULL,
      response jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (conversation_id, turn_number)
    )
  `.execute(db);
  // A retried POST with the same Idempotency-Key finds the first turn's response here.
  await sql`
    CREATE UNIQUE INDEX text_conversation_turns_idempotency_key_idx
    ON text_conversation_turns (conversation_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL
  `.execute(db);

  // Later months are added by the cleanup service on its schedule.
  await ensureMonthlyPartitions(db, { monthsAhead: 2 });
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE text_conversation_turns`.execute(db);
  await sql`DROP TABLE text_conversation_variables`.execute(db);
  await sql`DROP TABLE text_conversation_transitions`.execute(db);
  await sql`DROP TABLE text_conversation_messages`.execute(db);
  await sql`DROP TABLE text_conversations`.execute(db);
  await sql`DROP TABLE agent_versions`.execute(db);
  await sql`DROP TABLE agents`.execute(db);
  await sql`DROP TABLE tenant_api_keys`.execute(db);
  await sql`DROP TABLE tenants`.execute(db);
}
