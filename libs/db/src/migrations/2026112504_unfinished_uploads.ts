import { type Kysely, sql } from 'kysely';

/**
 * Files on their way into the upload store (docs/operations.md, "Visitors' files"), owned by the
 * sessions service. A gateway names the file here before it stores a byte, and the row goes when
 * the file is recorded in `uploads` (in the same statement). A gateway that dies between the two –
 * while the file streams, or once it is stored – leaves its row behind: the cleanup service's
 * sweep deletes the file under `storage_key`, then the row, once it is older than any upload can
 * take. No foreign key: an erased or purged conversation must not take the row, which is the only
 * trace of such a file.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE unfinished_uploads (
      id text PRIMARY KEY CHECK (id ~ '^upl_[A-Za-z0-9_-]{22}$'),
      tenant_id uuid NOT NULL,
      conversation_id uuid NOT NULL,
      storage_key text NOT NULL UNIQUE,
      started_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX unfinished_uploads_started_idx ON unfinished_uploads (started_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS unfinished_uploads`.execute(db);
}
