import { type Kysely, sql } from 'kysely';

/**
 * Transfers kept for the inbox (docs/escalation.md "Teams, presence and assignment"): who handed a
 * conversation on, to whom or to which team's queue, with the note for the colleagues. The names
 * are kept as they were then, so a renamed or removed member or team still reads as it did. They
 * go with the conversation's messages when it is erased or purged (conversation_id).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE escalation_transfers (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL,
      escalation_id text NOT NULL,
      conversation_id uuid NOT NULL,
      from_name text,
      to_name text,
      to_team_name text,
      note text,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX escalation_transfers_escalation_idx ON escalation_transfers (escalation_id, id)`.execute(db);
  await sql`CREATE INDEX escalation_transfers_conversation_idx ON escalation_transfers (conversation_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS escalation_transfers`.execute(db);
}
