import type { PlatformBus } from '@parley/bus';
import type { SearchEmbedding } from '@parley/contracts';
import type { Embedder } from '@parley/llm';
import type { Logger } from '@parley/logger';
import type { KnowledgeSource, Passage } from '@parley/workflow';

/** How a turn's questions are embedded: EMBEDDING_MODEL's embedder (none: the memory service decides), and how long a turn waits for it. */
export interface QuestionEmbedding {
  embedder: Embedder | undefined;
  budgetMs: number;
  logger: Logger;
}

/**
 * A turn's knowledge bases, searched through the memory service (docs/workflow.md "Knowledge"): the
 * tenant's bases by id or name, best passages first, those under a base's threshold left out. The
 * question is embedded here, an outbound call of the turn like its LLM calls (docs/knowledge.md
 * "Answering a question"); one that fails or comes late is searched with full-text alone, and the
 * memory service is told so rather than left to try again in the turn's time.
 */
export function busKnowledge(bus: PlatformBus, tenantId: string, embedding: QuestionEmbedding, requestId?: string): KnowledgeSource {
  // Several nodes of one turn may search for the same message: it is embedded once.
  const embedded = new Map<string, Promise<SearchEmbedding>>();
  const embeddingOf = (embedder: Embedder, query: string) => {
    let vector = embedded.get(query);
    if (vector === undefined) {
      vector = embedQuestion(embedder, query, embedding);
      embedded.set(query, vector);
    }
    return vector;
  };
  return {
    async retrieve({ bases, query, limit }): Promise<Passage[]> {
      const given = embedding.embedder ? await embeddingOf(embedding.embedder, query) : undefined;
      const { results } = await bus.request(
        'memory.knowledge.search',
        { tenantId, bases: [...bases], query, limit, ...(given === undefined ? {} : { embedding: given }) },
        requestId ? { requestId } : {},
      );
      return results.map((result) => ({
        document_id: result.document_id,
        title: result.title,
        ...(result.url ? { url: result.url } : {}),
        chunk_id: result.chunk_id,
        ...(result.heading ? { heading: result.heading } : {}),
        text: result.text,
        score: result.score,
      }));
    },
  };
}

/** The question's vector with its model, or `"full-text"` when the embedder failed or took longer than the budget. */
async function embedQuestion(embedder: Embedder, query: string, { budgetMs, logger }: QuestionEmbedding): Promise<SearchEmbedding> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), budgetMs);
  });
  try {
    const vector = await Promise.race([embedder.embed([query]).then((vectors) => vectors[0]), late]);
    if (vector === undefined) {
      logger.warn({ budgetMs }, 'the question was not embedded in time: knowledge is searched with full-text alone');
      return 'full-text';
    }
    return { model: embedder.model, vector };
  } catch (error) {
    logger.warn({ err: error }, 'the question could not be embedded: knowledge is searched with full-text alone');
    return 'full-text';
  } finally {
    clearTimeout(timer);
  }
}
