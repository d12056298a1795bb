import { type Kysely, sql } from 'kysely';

/**
 * The audit log: append-only. `seq` orders the one chain every entry is on; `hash` is the SHA-256
 * of the previous entry's hash and this entry's canonical content, so a row changed by hand breaks
 * the chain at that row. A trigger refuses UPDATE, DELETE and TRUNCATE: no code path can change
 * history, only someone who disables the trigger – and the chain shows it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE audit_entries (
      seq bigint PRIMARY KEY,
      id text NOT NULL UNIQUE,
      event_id uuid NOT NULL UNIQUE,
      at timestamptz NOT NULL,
      tenant_id uuid,
      actor jsonb NOT NULL,
      action text NOT NULL,
      target_kind text NOT NULL,
      target_id text,
      ip text,
      details jsonb NOT NULL DEFAULT '{}',
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`.execute(db);
  await sql`CREATE INDEX audit_entries_tenant_seq_idx ON audit_entries (tenant_id, seq)`.execute(db);
  await sql`
    CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'the audit log is append-only: % is refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_entries_no_change BEFORE UPDATE OR DELETE ON audit_entries
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS audit_entries`.execute(db);
  await sql`DROP FUNCTION IF EXISTS audit_entries_append_only()`.execute(db);
}
