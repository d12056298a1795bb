import { type Kysely, sql } from 'kysely';

/**
 * link_deliveries.response_code: the HTTP status the Slack or Teams webhook answered the latest
 * attempt with (200 once sent, 500 when it failed so); null while no attempt got an answer – not
 * made yet, timed out, refused – and for email. Shown with each delivery (docs/management-api.md, "Sending
 * links: email, Slack, Teams, SMS"), since link creation no longer waits for the attempt and this is
 * where its outcome is read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE link_deliveries ADD COLUMN response_code smallint`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE link_deliveries DROP COLUMN IF EXISTS response_code`.execute(db);
}
