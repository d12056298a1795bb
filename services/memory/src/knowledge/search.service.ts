import type { KnowledgePassage, SearchEmbedding } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { Embedder } from './embedder.js';
import { CANDIDATES, fuse, idf } from './fusion.js';
import type { KnowledgeRepository } from './knowledge.repository.js';
import type { SearchRepository } from './search.repository.js';

/**
 * The most chunks the OR-ed lexemes of one question may match before its most common lexemes are
 * left out of the search (they still count in the coverage of what is found): a word in most
 * chunks of a large base ("the", in the `simple` language, which has no stop words) would
 * otherwise have every chunk ranked for it.
 */
export const MAX_MATCHED = 600;

export interface SearchOptions {
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
    private readonly knowledge: KnowledgeRepository,
    private readonly repository: SearchRepository,
    private readonly embedder: Embedder | undefined,
    private readonly options: SearchOptions,
    private readonly logger: Logger,
  ) {}

  /**
   * The best passages for `query` in the named bases (ids or names; unknown ones are left out), best
   * first. `embedding` is the caller's say on the query's embedding: its vector, `"full-text"`
   * (none, and none to be made), or undefined – then it is embedded here, where EMBEDDING_MODEL is set.
   */
  async search(tenantId: string, bases: string[], query: string, limit: number, embedding?: SearchEmbedding): Promise<KnowledgePassage[]> {
    const found = await this.knowledge.resolveBases(tenantId, bases);
    if (found.length === 0) return [];
    const thresholds = new Map(found.map((base) => [base.id, base.threshold]));
    const languages = new Map<string, typeof found>();
    for (const base of found) languages.set(base.language, [...(languages.get(base.language) ?? []), base]);
    // The embedding is asked while the lexemes are counted; the candidates need both.
    const embedded = this.queryVector(query, embedding);
    const counted = await Promise.all(
      [...languages].map(async ([language, group]) => {
        const baseIds = group.map((base) => base.id);
        return { baseIds, ...(await this.repository.terms(baseIds, language, query)) };
      }),
    );
    const vector = await embedded;
    const candidates = (
      await Promise.all(
        counted.map(async ({ baseIds, terms, total }) => {
          const weighed = terms.map((term) => ({ lexeme: term.lexeme, weight: idf(term.chunks, total) }));
          const whole = weighed.reduce((sum, term) => sum + term.weight, 0);
          const rows = await this.repository.candidates({
            baseIds,
            searched: searchedLexemes(terms),
            weighed,
            limit: CANDIDATES,
            vector: vector?.vector,
            model: vector?.model,
          });
          return rows.map((row) => ({
            ...row,
            chunkId: row.chunk_id,
            baseId: row.base_id,
            coverage: whole > 0 ? row.weight / whole : 0,
            relevance: whole > 0 ? row.bm25 / whole : 0,
          }));
        }),
      )
    ).flat();
    return fuse(candidates, (baseId) => thresholds.get(baseId) ?? 1, limit).map((passage) => ({
      document_id: passage.document_id,
      knowledge_base_id: passage.base_id,
      title: passage.title,
      ...(passage.url === null ? {} : { url: passage.url }),
      chunk_id: passage.chunk_id,
      ...(passage.heading === null ? {} : { heading: passage.heading }),
      text: passage.text,
      score: passage.score,
    }));
  }

  /**
   * The query's vector to compare passages with, and its model: the caller's when it is of
   * EMBEDDING_MODEL (a vector of another model is not comparable with the passages'); none when
   * the caller chose full-text search alone; without a word from the caller, the query is
   * embedded here. Undefined: full-text search answers alone.
   */
  private async queryVector(query: string, given: SearchEmbedding | undefined): Promise<{ vector: number[]; model: string } | undefined> {
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
