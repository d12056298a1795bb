import { type Kysely, sql } from 'kysely';

/**
 * Analytics count the lockouts of a link's passcode and verification-code checks (the link's
 * budget of wrong tries spent) beside its other refusals.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE analytics_hourly
      ADD COLUMN refused_passcode_lockout int NOT NULL DEFAULT 0,
      ADD COLUMN refused_verification_lockout int NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE analytics_hourly
      DROP COLUMN IF EXISTS refused_passcode_lockout,
      DROP COLUMN IF EXISTS refused_verification_lockout`.execute(db);
}
