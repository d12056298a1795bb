import type { KnowledgeActivity, KnowledgeGap } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

interface Window {
  tenantId: string;
  agentId: string;
  from: Date;
  to: Date;
}

/**
 * An agent's answers from knowledge as its conversations keep them (docs/workflow.md "Answers from knowledge in the transcript"):
 * the citations on the replies that answered (`[]` when they cited nothing), and the knowledge
 * gaps. Read from those rows, so retention and erasure take them out of the figures with the
 * conversations.
 */
export class KnowledgeAnswersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * In [from, to): the replies that answered from knowledge, those of them that cited a passage,
   * and the questions that found none (docs/management-api.md "Analytics").
   */
  async activity({ tenantId, agentId, from, to }: Window): Promise<KnowledgeActivity> {
    const result = await sql<{ answers: string; with_sources: string; without_match: string }>`
      SELECT count(*) AS answers, count(*) FILTER (WHERE jsonb_array_length(m.citations) > 0) AS with_sources,
        (SELECT count(*) FROM knowledge_gaps g
          WHERE g.tenant_id = ${tenantId} AND g.agent_id = ${agentId} AND g.created_at >= ${from} AND g.created_at < ${to}) AS without_match
      FROM text_conversations c
      JOIN text_conversation_messages m ON m.conversation_id = c.id
      -- A conversation last written before the window has no answer in it; messages are read by the month partitions the window covers.
      WHERE c.tenant_id = ${tenantId} AND c.agent_id = ${agentId} AND c.created_at < ${to} AND c.updated_at >= ${from}
        AND m.citations IS NOT NULL AND m.created_at >= ${from} AND m.created_at < ${to}`.execute(this.db);
    const row = result.rows[0];
    return { answers: Number(row?.answers ?? 0), with_sources: Number(row?.with_sources ?? 0), without_match: Number(row?.without_match ?? 0) };
  }

  /** The agent's knowledge gaps recorded in [from, to), newest first, at most `limit`. */
  async gaps({ tenantId, agentId, from, to, limit }: Window & { limit: number }): Promise<KnowledgeGap[]> {
    const rows = await this.db
      .selectFrom('knowledge_gaps')
      .select(['question', 'bases', 'conversation_id', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('agent_id', '=', agentId)
      .where('created_at', '>=', from)
      .where('created_at', '<', to)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({ question: row.question, bases: row.bases, conversation_id: row.conversation_id, created_at: row.created_at.toISOString() }));
  }
}
