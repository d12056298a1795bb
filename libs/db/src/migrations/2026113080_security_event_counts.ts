import { type Kysely, sql } from 'kysely';

/**
 * A security event's `count`: alike refusals published within one batch's window (of one kind,
 * tenant and link) are one event, and one row, with their number (docs/public-chat-api.md
 * "Security events"). Every row stored before stands for one refusal.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE security_events ADD COLUMN count integer NOT NULL DEFAULT 1 CHECK (count >= 1)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE security_events DROP COLUMN count`.execute(db);
}
