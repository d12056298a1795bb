import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/**
 * What a search reads of a base instead of counting it over the chunks (docs/knowledge.md "How
 * retrieval works"): knowledge_terms, per base, how many chunks each lexeme is in – what a
 * question's words weigh – and knowledge_documents.words, the words of each document's chunks –
 * the base's average chunk length. Kept in the transactions that write or delete chunks, which
 * hold the base row (FOR NO KEY UPDATE or FOR UPDATE) so two of them never update one base's
 * counts at once. A deleted document takes its words with it; its lexemes are counted out first.
 */

/** Counts a document's chunks in (once they are written), and their words. */
export async function countDocumentTerms(db: Kysely<DB>, baseId: string, documentId: string): Promise<void> {
  await sql`
    INSERT INTO knowledge_terms (base_id, lexeme, chunks)
    SELECT ${baseId}, l.lexeme, count(*)::int
    FROM knowledge_chunks c, unnest(tsvector_to_array(c.tsv)) AS l(lexeme)
    WHERE c.document_id = ${documentId} AND c.base_id = ${baseId}
    GROUP BY l.lexeme
    ON CONFLICT (base_id, lexeme) DO UPDATE SET chunks = knowledge_terms.chunks + excluded.chunks`.execute(db);
  await sql`
    UPDATE knowledge_documents SET words = (SELECT coalesce(sum(words), 0)::int FROM knowledge_chunks WHERE document_id = ${documentId})
    WHERE id = ${documentId}`.execute(db);
}

/** Counts the document's chunks out (before they are deleted). */
export async function discountDocumentTerms(db: Kysely<DB>, baseId: string, documentIds: string[]): Promise<void> {
  if (documentIds.length === 0) return;
  await sql`
    UPDATE knowledge_terms t SET chunks = t.chunks - gone.chunks
    FROM (
      SELECT l.lexeme, count(*)::int AS chunks
      FROM knowledge_chunks c, unnest(tsvector_to_array(c.tsv)) AS l(lexeme)
      WHERE c.document_id = ANY(${documentIds}::text[]) AND c.base_id = ${baseId}
      GROUP BY l.lexeme
    ) gone
    WHERE t.base_id = ${baseId} AND t.lexeme = gone.lexeme`.execute(db);
  // A lexeme no chunk holds any more weighs as one never seen: its row is not needed.
  await sql`DELETE FROM knowledge_terms WHERE base_id = ${baseId} AND chunks = 0`.execute(db);
}

/** Counts the base's chunks again from scratch (its language changed: its lexemes and their words are others). */
export async function recountBaseTerms(db: Kysely<DB>, baseId: string): Promise<void> {
  await sql`DELETE FROM knowledge_terms WHERE base_id = ${baseId}`.execute(db);
  await sql`
    INSERT INTO knowledge_terms (base_id, lexeme, chunks)
    SELECT ${baseId}, l.lexeme, count(*)::int
    FROM knowledge_chunks c, unnest(tsvector_to_array(c.tsv)) AS l(lexeme)
    WHERE c.base_id = ${baseId}
    GROUP BY l.lexeme`.execute(db);
  await sql`
    UPDATE knowledge_documents d SET words = (SELECT coalesce(sum(c.words), 0)::int FROM knowledge_chunks c WHERE c.document_id = d.id)
    WHERE d.base_id = ${baseId}`.execute(db);
}
