import { type Kysely, sql } from 'kysely';

/**
 * Privacy reaching every store of a visitor (docs/management-api.md "Privacy"), owned by the links service.
 * - webhook_deliveries.body_erased_at: when the body was replaced by the erased marker, by a
 *   visitor's erasure or by retention; the delivery and its attempts stay. The retention job
 *   finds finished deliveries whose body is still there by their finish time.
 * - link_deliveries by recipient within a tenant: erasure and export of an email find the
 *   sendings to it without reading every delivery of the tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE webhook_deliveries ADD COLUMN body_erased_at timestamptz`.execute(db);
  await sql`
    CREATE INDEX webhook_deliveries_unerased_finished_idx ON webhook_deliveries (finished_at)
    WHERE body_erased_at IS NULL AND state <> 'pending'`.execute(db);
  await sql`CREATE INDEX link_deliveries_recipient_idx ON link_deliveries (tenant_id, lower(recipient))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS link_deliveries_recipient_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS webhook_deliveries_unerased_finished_idx`.execute(db);
  await sql`ALTER TABLE webhook_deliveries DROP COLUMN IF EXISTS body_erased_at`.execute(db);
}
