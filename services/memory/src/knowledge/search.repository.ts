import type { DB, PreparedStatements } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import { BM25 } from './fusion.js';

/** A lexeme of a question and in how many of the searched chunks it is. */
export interface QueryTerm {
  lexeme: string;
  chunks: number;
}

/** A chunk full-text search found, with what fusion ranks it by. */
export interface CandidateRow {
  chunk_id: string;
  document_id: string;
  base_id: string;
  heading: string | null;
  text: string;
  title: string;
  url: string | null;
  /** The summed weight (idf) of the question's lexemes the chunk holds. */
  weight: number;
  /** Its BM25 score for the question's lexemes (their weights, how often it holds each, its length). */
  bm25: number;
  /** Cosine similarity of its embedding and the question's; null when either has none (or they are of different models). */
  similarity: number | null;
}

/** The cosine similarity of a chunk's embedding (`c.embedding`) and `vector` (a real[] literal). */
const cosine = (vector: string | null) =>
  sql<number | null>`(SELECT (sum(a * b) / nullif(sqrt(sum(a * a) * sum(b * b)), 0))::float8 FROM unnest(c.embedding, ${vector}::real[]) AS v(a, b))`;

/** A lexeme as tsquery input of that one lexeme, taken as it is (quoted, nothing parsed or stemmed again). */
export const lexemeQuery = (lexeme: string) => `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/**
 * Chunks weighed by the question's weight they hold that go on to be scored by BM25: enough that
 * every chunk holding most of the question is among them (ranks past this were never in a top 3
 * of the docs' quality test), few enough that scoring them is a small part of a search.
 */
export const PRESELECTED = 200;

/** A base a search names, with the question's lexemes in its language. */
export interface SearchedBase {
  id: string;
  language: string;
  threshold: number;
  /** Its chunks' generation (knowledge_bases.generation): which index in memory may answer for it. */
  generation: string;
  /** The question's lexemes in the base's language (stemmed, its stop words left out, each once). */
  lexemes: string[];
}

/** What a passage shows of its chunk and document. */
export type PassageRow = Pick<CandidateRow, 'chunk_id' | 'document_id' | 'base_id' | 'heading' | 'text' | 'title' | 'url'>;

/** SQL of retrieval over knowledge_chunks (docs/knowledge.md "How retrieval works"). */
export class SearchRepository {
  constructor(
    private readonly db: Kysely<DB>,
    /** Where the statement every search makes (`bases`) runs, planned once per connection. */
    private readonly prepared: PreparedStatements,
  ) {}

  /** The tenant's bases named (ids or names; unknown ones are left out), each with the question's lexemes in its language. */
  async bases(tenantId: string, idsOrNames: string[], query: string): Promise<SearchedBase[]> {
    const rows = await this.prepared.run(
      'knowledge_bases_searched',
      sql<SearchedBase & { generation: string | number }>`
      SELECT id, language, threshold, generation::text AS generation, tsvector_to_array(to_tsvector(language::regconfig, ${query})) AS lexemes
      FROM knowledge_bases
      WHERE tenant_id = ${tenantId} AND (id = ANY(${idsOrNames}::text[]) OR name = ANY(${idsOrNames}::text[]))`,
    );
    return rows.map((row) => ({ ...row, generation: String(row.generation) }));
  }

  /**
   * The cosine similarity to `vector` of each of the chunks (ranked in memory) whose document's
   * chunks were embedded with `model`; the others have none.
   */
  async similarities(ids: string[], vector: number[], model: string): Promise<Map<string, number | null>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<{ id: string; similarity: number | null }>`
      SELECT c.id, ${cosine(`{${vector.join(',')}}`)} AS similarity
      FROM knowledge_chunks c
      JOIN knowledge_documents d ON d.id = c.document_id
      WHERE c.id = ANY(${ids}::text[]) AND c.embedding IS NOT NULL AND d.embedding_model = ${model}`.execute(this.db);
    return new Map(rows.map((row) => [row.id, row.similarity]));
  }

  /**
   * Each of the question's lexemes (SearchRepository.bases, in its bases' language) with the
   * number of the bases' chunks holding it (knowledge_terms), in the order given; and how many
   * chunks the bases hold.
   */
  async terms(baseIds: string[], lexemes: string[]): Promise<{ terms: QueryTerm[]; total: number }> {
    const { rows } = await sql<{ lexeme: string | null; chunks: number; total: number }>`
      WITH counted AS (
        SELECT l.lexeme, l.place, coalesce(sum(t.chunks), 0)::int AS chunks
        FROM unnest(${lexemes}::text[]) WITH ORDINALITY AS l(lexeme, place)
        LEFT JOIN knowledge_terms t ON t.base_id = ANY(${baseIds}::text[]) AND t.lexeme = l.lexeme
        GROUP BY l.lexeme, l.place
      )
      SELECT counted.lexeme, counted.chunks, bases.total
      FROM (SELECT coalesce(sum(chunks), 0)::int AS total FROM knowledge_documents WHERE base_id = ANY(${baseIds}::text[])) bases
      LEFT JOIN counted ON true
      ORDER BY counted.place`.execute(this.db);
    return {
      terms: rows.flatMap((row) => (row.lexeme === null ? [] : [{ lexeme: row.lexeme, chunks: row.chunks }])),
      total: rows[0]?.total ?? 0,
    };
  }

  /**
   * The best `limit` chunks of the bases holding any of `searched` (OR-ed), by their BM25 score
   * for all `weighed` lexemes (each one's weight its idf); each with the summed weight of those it
   * holds, and its cosine similarity to `vector` where its document's chunks were embedded with `model`.
   */
  async candidates(input: {
    baseIds: string[];
    searched: string[];
    weighed: { lexeme: string; weight: number }[];
    limit: number;
    vector: number[] | undefined;
    model: string | undefined;
  }): Promise<CandidateRow[]> {
    if (input.searched.length === 0) return [];
    const searched = input.searched.map(lexemeQuery).join(' | ');
    const lexemes = input.weighed.map((term) => term.lexeme);
    const vector = input.vector ? `{${input.vector.join(',')}}` : null;
    const k1 = sql.lit(BM25.k1);
    const b = sql.lit(BM25.b);
    // Two steps, so that a search costs little however many chunks hold a common word: every
    // chunk holding any searched lexeme is weighed by the question's weight it holds (a test of
    // its tsv per lexeme – cheap), and only the PRESELECTED heaviest are scored by BM25. How often
    // such a chunk holds each lexeme is read from the positions of its tsv narrowed to the
    // question's lexemes (marked with a weight, then filtered by it): a few entries per chunk, not
    // all of its words. Its length is held against the bases' average, from the documents' sums.
    const weight = sql.join(
      input.weighed.map((term) => sql`CASE WHEN c.tsv @@ ${lexemeQuery(term.lexeme)}::tsquery THEN ${term.weight}::float8 ELSE 0 END`),
      sql` + `,
    );
    // A search is a few milliseconds of one backend's time, made while a turn waits: parallel
    // workers would spend more of the machine for it than they save, when searches run side by side.
    // And the chunks are found through the GIN index, never read whole: the planner prices a
    // tsquery test at next to nothing, so once the matches are a tenth of a base it reads every
    // chunk and tests each (7–12 ms at 10,000 chunks, against 1–2 ms through the index).
    return this.db.transaction().execute(async (trx) => {
      await sql`SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('enable_seqscan', 'off', true)`.execute(trx);
      const { rows } = await sql<CandidateRow>`
      WITH question AS (
        SELECT * FROM unnest(${lexemes}::text[], ${input.weighed.map((term) => term.weight)}::float8[]) AS q(lexeme, weight)
      ),
      bases AS (
        SELECT coalesce(sum(words)::float8 / nullif(sum(chunks), 0), 0) AS average_words
        FROM knowledge_documents WHERE base_id = ANY(${input.baseIds}::text[])
      ),
      weighed AS (
        SELECT c.id, c.tsv, c.words, (${weight})::float8 AS weight
        FROM knowledge_chunks c
        WHERE c.base_id = ANY(${input.baseIds}::text[]) AND c.tsv @@ ${searched}::tsquery
        ORDER BY weight DESC, c.id COLLATE "C"
        LIMIT ${PRESELECTED}
      ),
      scored AS (
        SELECT w.id, w.weight, held.bm25
        FROM bases, weighed w,
        LATERAL (SELECT ${k1} * (1 - ${b} + ${b} * CASE WHEN bases.average_words > 0 THEN w.words / bases.average_words ELSE 1 END) AS k) saturation,
        LATERAL (
          SELECT coalesce(sum(q.weight * cardinality(u.positions) * (${k1} + 1) / (cardinality(u.positions) + saturation.k)), 0)::float8 AS bm25
          FROM unnest(ts_filter(setweight(w.tsv, 'A', ${lexemes}::text[]), '{a}')) u
          JOIN question q ON q.lexeme = u.lexeme
        ) held
        ORDER BY held.bm25 DESC, w.id COLLATE "C"
        LIMIT ${input.limit}
      )
      SELECT s.id AS chunk_id, c.document_id, c.base_id, c.heading, c.text, d.title, d.url, s.weight, s.bm25,
        CASE WHEN ${vector}::real[] IS NOT NULL AND c.embedding IS NOT NULL AND d.embedding_model = ${input.model ?? null}
          THEN ${cosine(vector)}
        END AS similarity
      FROM scored s
      JOIN knowledge_chunks c ON c.id = s.id
      JOIN knowledge_documents d ON d.id = c.document_id`.execute(trx);
      return rows;
    });
  }
}
