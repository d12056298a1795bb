import { type Kysely, sql } from 'kysely';

/** analytics_hourly's counters as they stand before this migration: what a down() adds up per (agent, link, hour). */
const COUNTERS = [
  'sessions_started',
  'sessions_completed',
  'sessions_abandoned',
  'sessions_expired',
  'sessions_escalated',
  'messages_user',
  'messages_assistant',
  'messages_operator',
  'refused_rate_limited',
  'refused_quota_exceeded',
  'refused_forbidden_origin',
  'refused_forbidden_ip',
  'refused_invalid_token',
  'refused_verification_failed',
  'refused_passcode_lockout',
  'refused_verification_lockout',
  'feedback_up',
  'feedback_down',
  'csat_sum',
  'csat_responses',
  'refused_content_blocked',
  'refused_content_redacted',
  'refused_content_flagged',
  'refused_country',
  'refused_budget_exhausted',
  'refused_challenge_failed',
  'tokens_prompt',
  'tokens_completion',
  'sentiment_positive',
  'sentiment_neutral',
  'sentiment_negative',
  'sentiment_sum',
] as const;

/**
 * Outcomes (docs/management-api.md "Outcomes"):
 * - text_conversations.resolved_at / resolution: when and why a conversation was resolved (a
 *   node marked `resolves`, the visitor's positive feedback, or an end with no escalation and no
 *   negative feedback); both null while it is not. Set by one conditional UPDATE, so a
 *   conversation is resolved once whichever replica or redelivery gets there.
 * - analytics_hourly gains agent_version in its key (0: not recorded, the rows from before) and
 *   sessions_resolved, so analytics compare the versions of an agent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE text_conversations
      ADD COLUMN resolved_at timestamptz,
      ADD COLUMN resolution text CHECK (resolution IN ('node', 'feedback', 'ended'))`.execute(db);
  await sql`
    ALTER TABLE analytics_hourly
      ADD COLUMN agent_version int NOT NULL DEFAULT 0,
      ADD COLUMN sessions_resolved int NOT NULL DEFAULT 0,
      DROP CONSTRAINT analytics_hourly_pkey,
      ADD PRIMARY KEY (agent_id, link_id, agent_version, hour)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // The versions of one (agent, link, hour) become one row again: their counters added up.
  const sums = sql.join(COUNTERS.map((c) => sql`sum(${sql.ref(c)}) AS ${sql.ref(c)}`));
  const columns = sql.join(COUNTERS.map((c) => sql.ref(c)));
  await sql`
    CREATE TEMP TABLE analytics_hourly_merged AS
      SELECT min(tenant_id::text)::uuid AS tenant_id, agent_id, link_id, hour, ${sums},
        analytics_hist_sum(response_hist) AS response_hist, analytics_hist_sum(session_hist) AS session_hist
      FROM analytics_hourly GROUP BY agent_id, link_id, hour`.execute(db);
  await sql`DELETE FROM analytics_hourly`.execute(db);
  await sql`
    ALTER TABLE analytics_hourly
      DROP CONSTRAINT analytics_hourly_pkey,
      DROP COLUMN agent_version,
      DROP COLUMN sessions_resolved,
      ADD PRIMARY KEY (agent_id, link_id, hour)`.execute(db);
  await sql`
    INSERT INTO analytics_hourly (tenant_id, agent_id, link_id, hour, ${columns}, response_hist, session_hist)
    SELECT tenant_id, agent_id, link_id, hour, ${columns}, response_hist, session_hist FROM analytics_hourly_merged`.execute(db);
  await sql`DROP TABLE analytics_hourly_merged`.execute(db);
  await sql`ALTER TABLE text_conversations DROP COLUMN IF EXISTS resolved_at, DROP COLUMN IF EXISTS resolution`.execute(db);
}
