import { type Kysely, sql } from 'kysely';

/**
 * What a link offers visitors beyond the chat itself (docs/management-api.md, "Public links" and "Visitors'
 * language and look"): which files they may attach, the page's look, and its language. Null:
 * nothing to attach, the platform's look, the visitor's own language.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE public_links
      ADD COLUMN uploads jsonb,
      ADD COLUMN theme jsonb,
      ADD COLUMN locale text
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE public_links DROP COLUMN uploads, DROP COLUMN theme, DROP COLUMN locale`.execute(db);
}
