import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

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
  /** ts_rank_cd of the chunk for the searched lexemes, OR-ed. */
  rank: number;
  /** Cosine similarity of its embedding and the question's; null when either has none (or they are of different models). */
  similarity: number | null;
}

/** Chunks ranked by weight before ts_rank_cd orders them: it is dearer, and weight already decides most places. */
const WEIGHED_FIRST = 200;

/** A lexeme as tsquery input of that one lexeme, taken as it is (quoted, nothing parsed or stemmed again). */
export const lexemeQuery = (lexeme: string) => `'${lexeme.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

/** SQL of retrieval over knowledge_chunks (docs/knowledge.md "How retrieval works"). */
export class SearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * The question's lexemes in `language` (stemmed, its stop words left out, each once), each with
   * the number of the bases' chunks holding it (knowledge_terms); and how many chunks the bases hold.
   */
  async terms(baseIds: string[], language: string, query: string): Promise<{ terms: QueryTerm[]; total: number }> {
    const { rows } = await sql<{ lexeme: string | null; chunks: number; total: number }>`
      WITH lexemes AS (SELECT unnest(tsvector_to_array(to_tsvector(${language}::regconfig, ${query}))) AS lexeme),
      counted AS (
        SELECT l.lexeme, coalesce(sum(t.chunks), 0)::int AS chunks
        FROM lexemes l LEFT JOIN knowledge_terms t ON t.base_id = ANY(${baseIds}::text[]) AND t.lexeme = l.lexeme
        GROUP BY l.lexeme
      )
      SELECT counted.lexeme, counted.chunks, bases.total
      FROM (SELECT coalesce(sum(chunks), 0)::int AS total FROM knowledge_documents WHERE base_id = ANY(${baseIds}::text[])) bases
      LEFT JOIN counted ON true`.execute(this.db);
    return {
      terms: rows.flatMap((row) => (row.lexeme === null ? [] : [{ lexeme: row.lexeme, chunks: row.chunks }])),
      total: rows[0]?.total ?? 0,
    };
  }

  /**
   * The best `limit` chunks of the bases holding any of `searched` (OR-ed), by the summed weight
   * of all `weighed` lexemes they hold, then by ts_rank_cd; each with its cosine similarity to
   * `vector` where its document's chunks were embedded with `model`.
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
    // One test of the chunk's tsv per lexeme, in the row itself: no subquery per chunk.
    const weight = sql.join(
      input.weighed.map((term) => sql`CASE WHEN c.tsv @@ ${lexemeQuery(term.lexeme)}::tsquery THEN ${term.weight}::float8 ELSE 0 END`),
      sql` + `,
    );
    const vector = input.vector ? `{${input.vector.join(',')}}` : null;
    const { rows } = await sql<CandidateRow>`
      WITH weighed AS (
        SELECT c.id, c.tsv, (${weight})::float8 AS weight
        FROM knowledge_chunks c
        WHERE c.base_id = ANY(${input.baseIds}::text[]) AND c.tsv @@ ${searched}::tsquery
        ORDER BY weight DESC
        LIMIT ${WEIGHED_FIRST}
      ),
      ranked AS (
        SELECT id, weight, ts_rank_cd(tsv, ${searched}::tsquery, 1)::float8 AS rank
        FROM weighed
        ORDER BY weight DESC, rank DESC, id
        LIMIT ${input.limit}
      )
      SELECT r.id AS chunk_id, c.document_id, c.base_id, c.heading, c.text, d.title, d.url, r.weight, r.rank,
        CASE WHEN ${vector}::real[] IS NOT NULL AND c.embedding IS NOT NULL AND d.embedding_model = ${input.model ?? null}
          THEN (SELECT (sum(a * b) / nullif(sqrt(sum(a * a) * sum(b * b)), 0))::float8 FROM unnest(c.embedding, ${vector}::real[]) AS v(a, b))
        END AS similarity
      FROM ranked r
      JOIN knowledge_chunks c ON c.id = r.id
      JOIN knowledge_documents d ON d.id = c.document_id`.execute(this.db);
    return rows;
  }
}
