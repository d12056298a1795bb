import { type Kysely, sql } from 'kysely';

/**
 * link_deliveries.channel may be `sms`: a link's URL sent as a text message through a
 * Twilio-compatible Messages API (docs/management-api.md, "Sending links: email, Slack, Teams,
 * SMS"). `recipient` is then the phone number (E.164), found and erased with the link it sent.
 * The wider check is added NOT VALID and validated apart, so the table is not locked against
 * writes while its rows are read (every existing row passes it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE link_deliveries DROP CONSTRAINT link_deliveries_channel_check`.execute(db);
  await sql`
    ALTER TABLE link_deliveries ADD CONSTRAINT link_deliveries_channel_check
      CHECK (channel IN ('email', 'slack', 'teams', 'sms')) NOT VALID`.execute(db);
  await sql`ALTER TABLE link_deliveries VALIDATE CONSTRAINT link_deliveries_channel_check`.execute(db);
}

/** Text-message deliveries have no place in the older check: they go with it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM link_deliveries WHERE channel = 'sms'`.execute(db);
  await sql`ALTER TABLE link_deliveries DROP CONSTRAINT link_deliveries_channel_check`.execute(db);
  await sql`ALTER TABLE link_deliveries ADD CONSTRAINT link_deliveries_channel_check CHECK (channel IN ('email', 'slack', 'teams'))`.execute(db);
}
