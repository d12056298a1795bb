import { type Kysely, sql } from 'kysely';

/**
 * The visitor's choice of a person (docs/escalation.md "Offering a person"):
 * - text_conversations.unanswered_turns: the turns whose message the agent did not understand,
 *   counted by each turn's commit; past a link's `after_unanswered:N` the visitor is offered a person.
 * - text_conversations.offer_person: a Text Chat API session's own `offer_person` (given when it
 *   was created); null: never. A link's conversations follow their link's setting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE text_conversations
      ADD COLUMN unanswered_turns integer NOT NULL DEFAULT 0,
      ADD COLUMN offer_person text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS unanswered_turns, DROP COLUMN IF EXISTS offer_person`.execute(db);
}
