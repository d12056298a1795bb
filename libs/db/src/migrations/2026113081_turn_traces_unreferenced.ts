import { type Kysely, sql } from 'kysely';

/**
 * turn_traces without its foreign keys, as the messages and transitions it sits beside have none:
 * a trace is written only by its turn's commit, from the conversation row that very statement
 * updated (so its conversation and tenant exist by construction), and is deleted with the
 * conversation's messages by retention and erasure; conversations and tenants are never deleted.
 * Each key was checked for every trace by a query of its own at the end of the commit statement –
 * two per turn, some 8 % of PostgreSQL's time on a turn that asks no LLM.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE turn_traces DROP CONSTRAINT turn_traces_conversation_id_fkey, DROP CONSTRAINT turn_traces_tenant_id_fkey`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Traces whose conversation or tenant is gone could not be kept under the keys again.
  await sql`DELETE FROM turn_traces tt WHERE NOT EXISTS (SELECT 1 FROM text_conversations c WHERE c.id = tt.conversation_id)
    OR NOT EXISTS (SELECT 1 FROM tenants t WHERE t.id = tt.tenant_id)`.execute(db);
  await sql`ALTER TABLE turn_traces
    ADD CONSTRAINT turn_traces_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES text_conversations (id) ON DELETE CASCADE,
    ADD CONSTRAINT turn_traces_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE`.execute(db);
}
