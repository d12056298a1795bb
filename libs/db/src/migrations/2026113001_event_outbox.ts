import { type Kysely, sql } from 'kysely';

/**
 * event_outbox: the events of a commit, written by the commit's own statement and deleted once the
 * event stream has them (docs/architecture.md "Events kept with their commit"). A row lives for
 * the moment between the commit and the stream's acknowledgement – longer only while the stream
 * is out of reach, when the sessions service relays it later. `conversation_id` lets erasure take
 * a conversation's pending events with it. No index but the key: every turn writes and deletes a
 * row, while the relay and erasure read the table rarely, and it is small but in an outage.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE event_outbox (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      payload jsonb NOT NULL,
      conversation_id uuid,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS event_outbox`.execute(db);
}
