import { type Kysely, sql } from 'kysely';

/**
 * What cleaning up public sessions needs.
 * - idle_timeout_seconds: a link conversation's own idle timeout, taken from its link when the
 *   session starts, so the idle sweep ends it without asking the links service (null: a Text
 *   Chat API conversation, which follows SESSION_TIMEOUT_SECONDS). Active link conversations of
 *   before this column get their link's current timeout.
 * - purged_at: when retention removed the conversation's messages; the row stays for analytics.
 * Both partial indexes hold only the rows their job looks at: link conversations still active
 * (ended when their link closes) and ended ones not yet purged (by when they ended).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE text_conversations
      ADD COLUMN idle_timeout_seconds int,
      ADD COLUMN purged_at timestamptz`.execute(db);
  await sql`
    UPDATE text_conversations c SET idle_timeout_seconds = l.session_timeout_minutes * 60
    FROM public_links l WHERE c.link_id = l.id AND c.status = 'active'`.execute(db);
  await sql`
    CREATE INDEX text_conversations_active_link_idx ON text_conversations (link_id)
    WHERE status = 'active' AND link_id IS NOT NULL`.execute(db);
  await sql`
    CREATE INDEX text_conversations_unpurged_ended_idx ON text_conversations (ended_at)
    WHERE link_id IS NOT NULL AND purged_at IS NULL AND ended_at IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS text_conversations_unpurged_ended_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS text_conversations_active_link_idx`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN purged_at, DROP COLUMN idle_timeout_seconds`.execute(db);
}
