import { type Kysely, sql } from 'kysely';

/**
 * The chunks' full-text index without GIN's pending list (`fastupdate = off`): with it, a
 * document's new chunks wait in an unsorted list that every search scans whole until a vacuum or
 * 4 MB of them merge it into the index – a search right after a base's documents were added took
 * 9–11 ms of PostgreSQL's time instead of 2–4 (docs/knowledge.md "How retrieval works"). Chunks
 * are written by the ingestion worker in the background, so their slower inserts cost no turn. What
 * the list holds now is merged at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER INDEX knowledge_chunks_tsv_idx SET (fastupdate = off)`.execute(db);
  await sql`SELECT gin_clean_pending_list('knowledge_chunks_tsv_idx'::regclass)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER INDEX knowledge_chunks_tsv_idx RESET (fastupdate)`.execute(db);
}
