import { type Kysely, sql } from 'kysely';

/**
 * Who reads which conversation (docs/management-api.md "Roles"; docs/escalation.md "Teams, presence and assignment"): an
 * operator reads the escalations of their own teams and of none, and those assigned to or claimed
 * by them; a team with `open_to_all_operators` is read by every operator of the tenant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE teams ADD COLUMN open_to_all_operators boolean NOT NULL DEFAULT false`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE teams DROP COLUMN IF EXISTS open_to_all_operators`.execute(db);
}
