import { type Kysely, sql } from 'kysely';

/**
 * Operators at work (docs/escalation.md "Teams, presence and assignment", "Canned replies"):
 * - teams and team_members: a tenant's operator members grouped, each team with its business
 *   hours (time zone, weekly hours, holidays) and its cap of open conversations per operator.
 * - escalations gain `assigned` (offered to one online operator, who accepts it or lets it time
 *   out), the team they wait for, when that team was settled (routing places none before it is), when they were assigned and first answered, and the visitor's
 *   email for an answer by mail (offline capture). The one-open-per-conversation index counts an
 *   assigned escalation as open.
 * - escalation_assignments: every offer of an escalation to an operator and how it ended
 *   (accepted, missed, transferred, withdrawn) – the analytics of operators read it.
 * - canned_replies: the tenant's shared replies and each member's own.
 * - public_links gain the team their escalations go to, when the visitor is offered a person,
 *   and whether the tenant's address gets each conversation's transcript.
 * - text_conversations gain the address a visitor asked the transcript to be mailed to, and when
 *   it was sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE teams (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL,
      name text NOT NULL,
      hours jsonb,
      max_open_per_operator integer CHECK (max_open_per_operator BETWEEN 1 AND 1000),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX teams_tenant_name_idx ON teams (tenant_id, lower(name))`.execute(db);
  await sql`
    CREATE TABLE team_members (
      team_id text NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
      member_id text NOT NULL,
      tenant_id uuid NOT NULL,
      PRIMARY KEY (team_id, member_id)
    )`.execute(db);
  await sql`CREATE INDEX team_members_member_idx ON team_members (tenant_id, member_id)`.execute(db);

  await sql`ALTER TABLE escalations DROP CONSTRAINT IF EXISTS escalations_state_check`.execute(db);
  await sql`
    ALTER TABLE escalations
      ADD CONSTRAINT escalations_state_check CHECK (state IN ('waiting', 'assigned', 'claimed', 'released', 'closed')),
      ADD COLUMN team_id text,
      ADD COLUMN routed_at timestamptz,
      ADD COLUMN assigned_at timestamptz,
      ADD COLUMN first_response_at timestamptz,
      ADD COLUMN offline_email text`.execute(db);
  await sql`DROP INDEX IF EXISTS escalations_one_open_idx`.execute(db);
  await sql`
    CREATE UNIQUE INDEX escalations_one_open_idx ON escalations (conversation_id)
    WHERE state IN ('waiting', 'assigned', 'claimed')`.execute(db);
  await sql`DROP INDEX IF EXISTS escalations_open_by_tenant_idx`.execute(db);
  await sql`
    CREATE INDEX escalations_open_by_tenant_idx ON escalations (tenant_id, created_at)
    WHERE state IN ('waiting', 'assigned', 'claimed')`.execute(db);
  // An operator's open load: the routing counts it for every escalation it places.
  await sql`
    CREATE INDEX escalations_open_by_operator_idx ON escalations (tenant_id, operator_key_id)
    WHERE state IN ('assigned', 'claimed')`.execute(db);

  await sql`
    CREATE TABLE escalation_assignments (
      id bigserial PRIMARY KEY,
      tenant_id uuid NOT NULL,
      escalation_id text NOT NULL,
      member_id text NOT NULL,
      member_name text NOT NULL,
      team_id text,
      assigned_at timestamptz NOT NULL,
      ended_at timestamptz,
      outcome text CHECK (outcome IN ('accepted', 'missed', 'transferred', 'withdrawn')),
      -- A transfer's note for the colleague it went to.
      note text
    )`.execute(db);
  await sql`CREATE INDEX escalation_assignments_escalation_idx ON escalation_assignments (escalation_id)`.execute(db);
  await sql`CREATE INDEX escalation_assignments_tenant_idx ON escalation_assignments (tenant_id, assigned_at)`.execute(db);

  await sql`
    CREATE TABLE canned_replies (
      id text PRIMARY KEY,
      tenant_id uuid NOT NULL,
      member_id text,
      shortcut text NOT NULL,
      content text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX canned_replies_shortcut_idx ON canned_replies (tenant_id, coalesce(member_id, ''), lower(shortcut))`.execute(db);

  await sql`
    ALTER TABLE public_links
      ADD COLUMN team_id text,
      ADD COLUMN offer_person text NOT NULL DEFAULT 'never',
      ADD COLUMN transcript_to_tenant boolean NOT NULL DEFAULT false`.execute(db);
  await sql`
    ALTER TABLE text_conversations
      ADD COLUMN transcript_email text,
      ADD COLUMN transcript_sent_at timestamptz`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS transcript_email, DROP COLUMN IF EXISTS transcript_sent_at`.execute(db);
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS team_id, DROP COLUMN IF EXISTS offer_person, DROP COLUMN IF EXISTS transcript_to_tenant`.execute(db);
  await sql`DROP TABLE IF EXISTS canned_replies`.execute(db);
  await sql`DROP TABLE IF EXISTS escalation_assignments`.execute(db);
  // An assigned escalation has no state before this migration: it goes back to the queue.
  await sql`UPDATE escalations SET state = 'waiting', operator_key_id = NULL, operator_name = NULL WHERE state = 'assigned'`.execute(db);
  await sql`DROP INDEX IF EXISTS escalations_open_by_operator_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS escalations_one_open_idx`.execute(db);
  await sql`CREATE UNIQUE INDEX escalations_one_open_idx ON escalations (conversation_id) WHERE state IN ('waiting', 'claimed')`.execute(db);
  await sql`DROP INDEX IF EXISTS escalations_open_by_tenant_idx`.execute(db);
  await sql`CREATE INDEX escalations_open_by_tenant_idx ON escalations (tenant_id, created_at) WHERE state IN ('waiting', 'claimed')`.execute(db);
  await sql`
    ALTER TABLE escalations
      DROP CONSTRAINT IF EXISTS escalations_state_check,
      DROP COLUMN IF EXISTS team_id,
      DROP COLUMN IF EXISTS routed_at,
      DROP COLUMN IF EXISTS assigned_at,
      DROP COLUMN IF EXISTS first_response_at,
      DROP COLUMN IF EXISTS offline_email`.execute(db);
  await sql`ALTER TABLE escalations ADD CONSTRAINT escalations_state_check CHECK (state IN ('waiting', 'claimed', 'released', 'closed'))`.execute(db);
  await sql`DROP TABLE IF EXISTS team_members`.execute(db);
  await sql`DROP TABLE IF EXISTS teams`.execute(db);
}
