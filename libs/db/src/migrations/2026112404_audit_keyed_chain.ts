import { type Kysely, sql } from 'kysely';

/**
 * The audit chain becomes keyed (HMAC-SHA256 under AUDIT_KEY). Entries already written were
 * hashed with plain SHA-256 and cannot be rewritten (the log is append-only), so this records how
 * far they go, once: verify accepts a plain hash up to `last_seq` and nowhere after it. The row is
 * append-only like the entries (the same trigger function), so the unkeyed prefix cannot be
 * extended later; a table without its row accepts no plain hash at all.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE audit_legacy_prefix (last_seq bigint NOT NULL)`.execute(db);
  // Taken under the chain's lock: an append running meanwhile is either counted or keyed.
  await sql`SELECT pg_advisory_xact_lock(7311409)`.execute(db);
  await sql`INSERT INTO audit_legacy_prefix (last_seq) SELECT coalesce(max(seq), 0) FROM audit_entries`.execute(db);
  await sql`
    CREATE TRIGGER audit_legacy_prefix_no_change BEFORE INSERT OR UPDATE OR DELETE ON audit_legacy_prefix
    FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`.execute(db);
  await sql`
    CREATE TRIGGER audit_legacy_prefix_no_truncate BEFORE TRUNCATE ON audit_legacy_prefix
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS audit_legacy_prefix`.execute(db);
}
