import { AppError, type ConversationTrace, type RetrievedPassage, type StoredToolCall, type TracedLlmCall, toolCallReports } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/**
 * The turns' traces the commits write (docs/workflow.md "Traces"), read back: a conversation's,
 * and the cost of a period's turns. Read from those rows, so retention and erasure take them out
 * with the transcript.
 */
export class TurnTracesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The conversation's turns, in order, each with its tool calls as its transcript keeps them; not_found when it is not the tenant's. */
  async conversation(tenantId: string, conversationId: string): Promise<ConversationTrace> {
    const owned = await this.db
      .selectFrom('text_conversations')
      .select('id')
      .where('id', '=', conversationId)
      .where('tenant_id', '=', tenantId)
      .executeTakeFirst();
    if (!owned) throw new AppError('not_found', 'conversation not found');
    const [traces, calls] = await Promise.all([
      this.db
        .selectFrom('turn_traces')
        .select(['turn_number', 'node_path', 'llm_calls', 'retrieval'])
        .where('conversation_id', '=', conversationId)
        .orderBy('turn_number')
        .execute(),
      this.db
        .selectFrom('text_conversation_messages')
        .select(['turn_number', 'tool_call', 'node_id'])
        .where('conversation_id', '=', conversationId)
        .where('role', '=', 'tool')
        .orderBy('sequence')
        .execute(),
    ]);
    return {
      turns: traces.map((trace) => {
        const made = calls
          .filter((call) => call.turn_number === trace.turn_number && call.tool_call !== null)
          .map((call) => ({ ...(call.tool_call as unknown as StoredToolCall), node_id: call.node_id ?? '' }));
        return {
          turn: trace.turn_number,
          node_path: trace.node_path,
          llm_calls: trace.llm_calls as unknown as TracedLlmCall[],
          tool_calls: toolCallReports(made),
          ...(trace.retrieval ? { retrieval: trace.retrieval as unknown as RetrievedPassage[] } : {}),
        };
      }),
    };
  }

  /** What the LLM calls of the turns committed in [from, to) cost in USD – an agent's or a link's – in all and per agent version, lowest first. */
  async cost(scope: { tenantId: string; agentId?: string | undefined; linkId?: string | undefined; from: Date; to: Date }) {
    const result = await sql<{ version: number; usd: number }>`
      SELECT agent_version AS version, coalesce(sum(cost_usd), 0)::float8 AS usd FROM turn_traces
      WHERE tenant_id = ${scope.tenantId} AND created_at >= ${scope.from} AND created_at < ${scope.to} AND cost_usd IS NOT NULL
        AND (${scope.agentId ?? null}::uuid IS NULL OR agent_id = ${scope.agentId ?? null}::uuid)
        AND (${scope.linkId ?? null}::text IS NULL OR link_id = ${scope.linkId ?? null}::text)
      GROUP BY agent_version ORDER BY agent_version`.execute(this.db);
    const versions = result.rows.map((row) => ({ version: row.version, usd: roundUsd(row.usd) }));
    return { usd: roundUsd(versions.reduce((sum, v) => sum + v.usd, 0)), versions };
  }
}

/** To a billionth of a dollar, as each call's cost is: a sum reads as the prices say, not as binary fractions. */
const roundUsd = (usd: number) => Math.round(usd * 1e9) / 1e9;
