import { type Kysely, sql } from 'kysely';

/**
 * How long passages are, for BM25's length normalisation in knowledge retrieval (docs/knowledge.md
 * "How retrieval works"), owned by the memory service:
 * - knowledge_chunks.words: the words of the chunk its `tsv` indexes (every position of every
 *   lexeme: stop words are not counted, a repeated word is). Generated from `tsv`, so a chunk
 *   written, or indexed again in its base's new language, always has it right.
 * - knowledge_documents.words: the sum over the document's chunks, set with their count (`chunks`)
 *   when they are written and counted again when the base's language changes. A search reads the
 *   average chunk length of its bases from the documents' sums – a few rows – instead of from
 *   every chunk; a document deleted or replaced takes its words with it.
 * - From now on a chunk's `tsv` weighs its heading's words as its text's: only ts_rank_cd read the
 *   weights, and BM25, which ranks instead, does not. Chunks written before keep theirs, unread.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION knowledge_words(tsvector) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT coalesce(sum(cardinality(positions)), 0)::int FROM unnest($1) $$`.execute(db);
  await sql`ALTER TABLE knowledge_chunks ADD COLUMN words integer NOT NULL GENERATED ALWAYS AS (knowledge_words(tsv)) STORED`.execute(db);
  await sql`ALTER TABLE knowledge_documents ADD COLUMN words integer NOT NULL DEFAULT 0 CHECK (words >= 0)`.execute(db);
  await sql`
    UPDATE knowledge_documents d SET words = counted.words
    FROM (SELECT document_id, sum(words)::int AS words FROM knowledge_chunks GROUP BY document_id) counted
    WHERE counted.document_id = d.id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE knowledge_documents DROP COLUMN IF EXISTS words`.execute(db);
  await sql`ALTER TABLE knowledge_chunks DROP COLUMN IF EXISTS words`.execute(db);
  await sql`DROP FUNCTION IF EXISTS knowledge_words(tsvector)`.execute(db);
}
