import { type Kysely, sql } from 'kysely';

/**
 * What protects a link and what analytics learn of it (docs/public-chat-api.md "Content rules",
 * "Country rules", "Proof of work"; docs/api.md "Adaptive limits"; docs/management-api.md "Cost
 * guards" and "Analytics"): content rules,
 * country lists, an adaptive rate limit, token budgets and a proof-of-work challenge on links; a
 * tenant's daily token budget; and, in the hourly rollups, the new refusals, the tokens spent and
 * the sentiment of conversations that ended.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE public_links
      ADD COLUMN content_rules jsonb,
      ADD COLUMN country_allow text[] NOT NULL DEFAULT '{}',
      ADD COLUMN country_deny text[] NOT NULL DEFAULT '{}',
      ADD COLUMN rate_limit_adaptive boolean NOT NULL DEFAULT false,
      ADD COLUMN budget jsonb,
      ADD COLUMN budget_exhausted_message text,
      ADD COLUMN challenge text CHECK (challenge IN ('pow'))`.execute(db);
  await sql`ALTER TABLE tenants ADD COLUMN tokens_per_day bigint CHECK (tokens_per_day > 0)`.execute(db);
  await sql`
    ALTER TABLE analytics_hourly
      ADD COLUMN refused_content_blocked int NOT NULL DEFAULT 0,
      ADD COLUMN refused_content_redacted int NOT NULL DEFAULT 0,
      ADD COLUMN refused_content_flagged int NOT NULL DEFAULT 0,
      ADD COLUMN refused_country int NOT NULL DEFAULT 0,
      ADD COLUMN refused_budget_exhausted int NOT NULL DEFAULT 0,
      ADD COLUMN refused_challenge_failed int NOT NULL DEFAULT 0,
      ADD COLUMN tokens_prompt bigint NOT NULL DEFAULT 0,
      ADD COLUMN tokens_completion bigint NOT NULL DEFAULT 0,
      ADD COLUMN sentiment_positive int NOT NULL DEFAULT 0,
      ADD COLUMN sentiment_neutral int NOT NULL DEFAULT 0,
      ADD COLUMN sentiment_negative int NOT NULL DEFAULT 0,
      ADD COLUMN sentiment_sum double precision NOT NULL DEFAULT 0`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE analytics_hourly
      DROP COLUMN IF EXISTS refused_content_blocked,
      DROP COLUMN IF EXISTS refused_content_redacted,
      DROP COLUMN IF EXISTS refused_content_flagged,
      DROP COLUMN IF EXISTS refused_country,
      DROP COLUMN IF EXISTS refused_budget_exhausted,
      DROP COLUMN IF EXISTS refused_challenge_failed,
      DROP COLUMN IF EXISTS tokens_prompt,
      DROP COLUMN IF EXISTS tokens_completion,
      DROP COLUMN IF EXISTS sentiment_positive,
      DROP COLUMN IF EXISTS sentiment_neutral,
      DROP COLUMN IF EXISTS sentiment_negative,
      DROP COLUMN IF EXISTS sentiment_sum`.execute(db);
  await sql`ALTER TABLE tenants DROP COLUMN IF EXISTS tokens_per_day`.execute(db);
  await sql`
    ALTER TABLE public_links
      DROP COLUMN IF EXISTS content_rules,
      DROP COLUMN IF EXISTS country_allow,
      DROP COLUMN IF EXISTS country_deny,
      DROP COLUMN IF EXISTS rate_limit_adaptive,
      DROP COLUMN IF EXISTS budget,
      DROP COLUMN IF EXISTS budget_exhausted_message,
      DROP COLUMN IF EXISTS challenge`.execute(db);
}
