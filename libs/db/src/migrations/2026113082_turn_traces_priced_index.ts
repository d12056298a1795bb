import { type Kysely, sql } from 'kysely';

/**
 * turn_traces' index by tenant and time holds only the traces with a cost: the one query it serves
 * (a tenant’s LLM cost over a window, docs/management-api.md "Analytics") reads no other. A turn that asked no LLM,
 * or only models without a price, then adds no key to it – the index's one other purpose, the
 * cascade from tenants, went with the foreign keys (2026113081_turn_traces_unreferenced).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS turn_traces_tenant_created_idx`.execute(db);
  await sql`CREATE INDEX turn_traces_priced_idx ON turn_traces (tenant_id, created_at) WHERE cost_usd IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS turn_traces_priced_idx`.execute(db);
  await sql`CREATE INDEX turn_traces_tenant_created_idx ON turn_traces (tenant_id, created_at)`.execute(db);
}
