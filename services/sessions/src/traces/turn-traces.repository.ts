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

  /**
   * What the LLM calls of the turns committed in [from, to) cost in USD – an agent's or a link's –
   * in all and per agent version, lowest first; with `bucket`, per UTC hour or day too (the
   * analytics series' buckets), oldest first, only those with a priced call.
   */
  async cost(scope: {
    tenantId: string;
    agentId?: string | undefined;
    linkId?: string | undefined;
    from: Date;
    to: Date;
    bucket?: 'hour' | 'day' | undefined;
  }) {
    // Without a bucket, the whole window is one: the cells are the versions.
    const bucket = scope.bucket ?? null;
    const result = await sql<{ version: number; at: Date | null; usd: number }>`
      SELECT agent_version AS version,
        CASE WHEN ${bucket}::text IS NULL THEN NULL ELSE date_trunc(${bucket}::text, created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' END AS at,
        coalesce(sum(cost_usd), 0)::float8 AS usd
      FROM turn_traces
      WHERE tenant_id = ${scope.tenantId} AND created_at >= ${scope.from} AND created_at < ${scope.to} AND cost_usd IS NOT NULL
        AND (${scope.agentId ?? null}::uuid IS NULL OR agent_id = ${scope.agentId ?? null}::uuid)
        AND (${scope.linkId ?? null}::text IS NULL OR link_id = ${scope.linkId ?? null}::text)
      GROUP BY 1, 2 ORDER BY 1, 2`.execute(this.db);
    const versions = sums(result.rows, (row) => row.version).map(([version, usd]) => ({ version, usd }));
    const total = { usd: roundUsd(versions.reduce((sum, v) => sum + v.usd, 0)), versions };
    if (bucket === null) return total;
    const series = sums(result.rows, (row) => (row.at as Date).getTime()).map(([at, usd]) => ({ at: new Date(at).toISOString(), usd }));
    return { ...total, series };
  }
}

/** The cells' costs summed by a key, each sum rounded, in the key's order. */
function sums<R extends { usd: number }>(rows: R[], key: (row: R) => number): Array<[number, number]> {
  const by = new Map<number, number>();
  for (const row of rows) by.set(key(row), (by.get(key(row)) ?? 0) + row.usd);
  return [...by.entries()].sort(([a], [b]) => a - b).map(([k, usd]) => [k, roundUsd(usd)]);
}

/** To a billionth of a dollar, as each call's cost is: a sum reads as the prices say, not as binary fractions. */
const roundUsd = (usd: number) => Math.round(usd * 1e9) / 1e9;
