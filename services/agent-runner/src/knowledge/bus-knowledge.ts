import type { PlatformBus } from '@parley/bus';
import type { KnowledgeSource, Passage } from '@parley/workflow';

/**
 * A turn's knowledge bases, searched through the memory service (docs/workflow.md "Knowledge"): the
 * tenant's bases by id or name, best passages first, those under a base's threshold left out.
 */
export function busKnowledge(bus: PlatformBus, tenantId: string, requestId?: string): KnowledgeSource {
  return {
    async retrieve({ bases, query, limit }): Promise<Passage[]> {
      const { results } = await bus.request('memory.knowledge.search', { tenantId, bases: [...bases], query, limit }, requestId ? { requestId } : {});
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
