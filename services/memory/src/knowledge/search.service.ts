import type { KnowledgePassage, SearchEmbedding } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { Embedder } from './embedder.js';
import { BaseIndex, type BaseIndexes } from './base-index.js';
import { CANDIDATES, type Candidate, fuse, idf } from './fusion.js';
import { type CandidateRow, type PassageRow, PRESELECTED, type SearchedBase, type SearchRepository } from './search.repository.js';

/**
 * The most chunks the OR-ed lexemes of one question may match before its most common lexemes are
 * left out of the search (they still count in the coverage of what is found): a word in most
 * chunks of a large base ("the", in the `simple` language, which has no stop words) would
 * otherwise have every chunk ranked for it.
 */
export const MAX_MATCHED = 600;

/** A full-text candidate, with what its passage shows. */
type Ranked = Candidate & { row: PassageRow };

/** A question's embedding and the model it was made with. */
type QueryVector = { vector: number[]; model: string };

export interface SearchOptions {
  /** The most memory the bases' indexes kept in memory may take, all bases together, in bytes. */
  indexBytes: number;
  /** How soon after a base was read into memory it is read again when its chunks changed. */
  indexRereadAfterMs: number;
  /** How long embedding a question here (one its caller did not embed) may take before the search goes on with full-text search alone. */
  queryEmbeddingTimeoutMs: number;
}

/**
 * Hybrid retrieval over a tenant's bases (docs/knowledge.md "How retrieval works"): full-text
 * candidates in each base's language, similarity of the question's embedding over them where
 * EMBEDDING_MODEL is set, fused by reciprocal rank.
 */
export class KnowledgeSearch {
  constructor(
    private readonly repository: SearchRepository,
    private readonly embedder: Embedder | undefined,
    private readonly options: SearchOptions,
    private readonly logger: Logger,
    /** The bases' indexes kept in memory; none: every search goes to the database. */
    private readonly indexes?: BaseIndexes,
  ) {}

  /**
   * The best passages for `query` in the named bases (ids or names; unknown ones are left out), best
   * first. `embedding` is the caller's say on the query's embedding: its vector, `"full-text"`
   * (none, and none to be made), or undefined – then it is embedded here, where EMBEDDING_MODEL is set.
   */
  async search(tenantId: string, bases: string[], query: string, limit: number, embedding?: SearchEmbedding): Promise<KnowledgePassage[]> {
    const found = await this.repository.bases(tenantId, bases, query);
    if (found.length === 0) return [];
    const thresholds = new Map(found.map((base) => [base.id, base.threshold]));
    const languages = new Map<string, SearchedBase[]>();
    for (const base of found) languages.set(base.language, [...(languages.get(base.language) ?? []), base]);
    // The embedding is asked while the lexemes are counted; the candidates need both.
    const embedded = this.queryVector(query, embedding);
    const candidates = (await Promise.all([...languages.values()].map((group) => this.candidates(group, embedded)))).flat();
    return fuse(candidates, (baseId) => thresholds.get(baseId) ?? 1, limit).map(({ row, score }) => ({
      document_id: row.document_id,
      knowledge_base_id: row.base_id,
      title: row.title,
      ...(row.url === null ? {} : { url: row.url }),
      chunk_id: row.chunk_id,
      ...(row.heading === null ? {} : { heading: row.heading }),
      text: row.text,
      score,
    }));
  }

  /**
   * The full-text candidates of one language's bases, with what fusion weighs them by: ranked by
   * the bases' indexes in memory when each is kept at the base's generation, else by the database.
   * Both rank the same way; in memory, the database is asked only for similarity.
   */
  private async candidates(group: SearchedBase[], embedded: Promise<QueryVector | undefined>): Promise<Ranked[]> {
    const indexes = group.map((base) => this.indexes?.current(base.id, base.generation));
    const kept = indexes.every((index) => index !== undefined) ? indexes : undefined;
    const baseIds = group.map((base) => base.id);
    // One language's bases: the question's lexemes are the same in each.
    const lexemes = group[0]?.lexemes ?? [];
    const counted = kept
      ? {
          terms: lexemes.map((lexeme) => ({ lexeme, chunks: kept.reduce((sum, index) => sum + index.holding(lexeme), 0) })),
          total: kept.reduce((sum, index) => sum + index.chunks, 0),
        }
      : await this.repository.terms(baseIds, lexemes);
    const weighed = counted.terms.map((term) => ({ lexeme: term.lexeme, weight: idf(term.chunks, counted.total) }));
    const whole = weighed.reduce((sum, term) => sum + term.weight, 0);
    const searched = searchedLexemes(counted.terms);
    const vector = await embedded;
    let rows: CandidateRow[];
    if (kept) {
      const ranked = BaseIndex.rank(kept, { searched, weighed, preselected: PRESELECTED, limit: CANDIDATES });
      const similar = vector
        ? await this.repository.similarities(
            ranked.map((chunk) => chunk.chunkId),
            vector.vector,
            vector.model,
          )
        : undefined;
      rows = ranked.map((chunk) => ({ ...chunk.row, weight: chunk.weight, bm25: chunk.bm25, similarity: similar?.get(chunk.chunkId) ?? null }));
    } else {
      rows = await this.repository.candidates({ baseIds, searched, weighed, limit: CANDIDATES, vector: vector?.vector, model: vector?.model });
    }
    const ratio = (figure: number) => (whole > 0 ? figure / whole : 0);
    return rows.map((row) => ({
      chunkId: row.chunk_id,
      baseId: row.base_id,
      coverage: ratio(row.weight),
      relevance: ratio(row.bm25),
      similarity: row.similarity,
      row,
    }));
  }

  /**
   * The query's vector to compare passages with, and its model: the caller's when it is of
   * EMBEDDING_MODEL (a vector of another model is not comparable with the passages'); none when
   * the caller chose full-text search alone; without a word from the caller, the query is
   * embedded here. Undefined: full-text search answers alone.
   */
  private async queryVector(query: string, given: SearchEmbedding | undefined): Promise<QueryVector | undefined> {
    if (given === 'full-text') return undefined;
    if (given !== undefined) {
      if (given.model === this.embedder?.model) return given;
      this.logger.warn(
        { given: given.model, embeddingModel: this.embedder?.model ?? null },
        "the question was embedded with another model than EMBEDDING_MODEL: full-text search answers alone (set the agent-runner's EMBEDDING_MODEL to the memory service's)",
      );
      return undefined;
    }
    const model = this.embedder?.model;
    if (model === undefined) return undefined;
    const vector = await this.embedQuery(query);
    return vector && { vector, model };
  }

  /** The question's embedding; undefined without an embedder, or when it fails or takes too long (full-text search answers alone). */
  private async embedQuery(query: string): Promise<number[] | undefined> {
    if (this.embedder === undefined) return undefined;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), this.options.queryEmbeddingTimeoutMs);
    });
    try {
      const vector = await Promise.race([this.embedder.embed([query]).then((vectors) => vectors[0]), late]);
      if (vector === undefined) this.logger.warn('the question was not embedded in time: full-text search answers alone');
      return vector;
    } catch (error) {
      this.logger.warn({ err: error }, 'the question could not be embedded: full-text search answers alone');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * The lexemes searched for: all of them, unless together they are in more than MAX_MATCHED
 * chunks – then the most common go, one by one, the rarest always staying.
 */
export function searchedLexemes(terms: { lexeme: string; chunks: number }[]): string[] {
  const rarestFirst = [...terms].sort((a, b) => a.chunks - b.chunks);
  let matched = rarestFirst.reduce((sum, term) => sum + term.chunks, 0);
  while (rarestFirst.length > 1 && matched > MAX_MATCHED) matched -= rarestFirst.pop()!.chunks;
  return rarestFirst.map((term) => term.lexeme);
}
