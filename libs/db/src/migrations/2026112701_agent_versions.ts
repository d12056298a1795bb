import { type Kysely, sql } from 'kysely';

/**
 * Drafts, and links that pin or split versions (docs/management-api.md "Versions: drafts and published"):
 * - agent_versions.published_at: when the version was first made active; null: a draft. Versions
 *   made before drafts existed were all servable, so they count as published when they were made.
 * - public_links.version: the version the link runs, drafts included; null: the published active one.
 * - public_links.split: `[{version, weight}]`, new sessions divided by weight; null: no split.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE agent_versions ADD COLUMN published_at timestamptz`.execute(db);
  await sql`UPDATE agent_versions SET published_at = created_at`.execute(db);
  await sql`
    ALTER TABLE public_links
      ADD COLUMN version integer,
      ADD COLUMN split jsonb`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE public_links DROP COLUMN IF EXISTS version, DROP COLUMN IF EXISTS split`.execute(db);
  await sql`ALTER TABLE agent_versions DROP COLUMN IF EXISTS published_at`.execute(db);
}
