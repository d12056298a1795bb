import { type Kysely, sql } from 'kysely';

/**
 * public_links.rate_limit_per_link_per_minute: a cap on the messages of all a link's sessions
 * together, per minute; null (every link so far): none. A link's rate_limit_per_minute now counts
 * each session's messages on their own (docs/api.md "Rate limits"), so the cap on the whole link
 * is a setting of its own.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE public_links ADD COLUMN rate_limit_per_link_per_minute integer`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS rate_limit_per_link_per_minute`.execute(db);
}
