import { type Kysely, sql } from 'kysely';

/**
 * A visitor's export and erasure by email (docs/management-api.md "Privacy") find their conversations by
 * lookups within the tenant, each on an index of its own, instead of reading every conversation:
 * - a signed-in visitor's email (`metadata.user.email`: the widget's `user`, either form), trimmed
 *   and lower-cased as the route lower-cases the address asked for;
 * - the email the workflow collected (`collected_data.email`), lower-cased;
 * - the address a transcript was asked to;
 * - the address a message was left with (escalations.offline_email).
 * Each is partial: only the rows that have the address are in it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX text_conversations_signed_email_idx ON text_conversations (tenant_id, lower(btrim(metadata->'user'->>'email')))
    WHERE metadata->'user'->>'email' IS NOT NULL`.execute(db);
  await sql`
    CREATE INDEX text_conversations_collected_email_idx ON text_conversations (tenant_id, lower(collected_data->>'email'))
    WHERE collected_data->>'email' IS NOT NULL`.execute(db);
  await sql`
    CREATE INDEX text_conversations_transcript_email_idx ON text_conversations (tenant_id, transcript_email)
    WHERE transcript_email IS NOT NULL`.execute(db);
  await sql`CREATE INDEX escalations_offline_email_idx ON escalations (tenant_id, offline_email) WHERE offline_email IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS escalations_offline_email_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_transcript_email_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_collected_email_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_signed_email_idx`.execute(db);
}
