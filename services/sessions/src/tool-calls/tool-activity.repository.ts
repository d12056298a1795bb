import type { ToolActivity } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/**
 * An agent's tool calls as analytics counts them (docs/management-api.md "Analytics"), read from
 * the calls its conversations' transcripts keep (`role = 'tool'` messages), so retention and
 * erasure take them out of the figures with the messages.
 */
export class ToolActivityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Per tool, the calls made in [from, to): how many, how many did not end `ok`, and their
   * average and 95th-percentile durations, rounded to whole milliseconds; the most called first.
   */
  async activity(request: { tenantId: string; agentId: string; from: Date; to: Date }): Promise<ToolActivity[]> {
    const { tenantId, agentId, from, to } = request;
    const result = await sql<{ tool: string; calls: string; failures: string; avg_duration_ms: number; p95_duration_ms: number }>`
      SELECT m.tool_call->>'tool' AS tool, count(*) AS calls,
        count(*) FILTER (WHERE m.tool_call->>'status' <> 'ok') AS failures,
        avg((m.tool_call->>'duration_ms')::float8) AS avg_duration_ms,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY (m.tool_call->>'duration_ms')::float8) AS p95_duration_ms
      FROM text_conversations c
      JOIN text_conversation_messages m ON m.conversation_id = c.id
      -- A conversation last written before the window has no call in it; messages are read by the month partitions the window covers.
      WHERE c.tenant_id = ${tenantId} AND c.agent_id = ${agentId} AND c.created_at < ${to} AND c.updated_at >= ${from}
        AND m.role = 'tool' AND m.created_at >= ${from} AND m.created_at < ${to}
      GROUP BY 1
      ORDER BY count(*) DESC, 1`.execute(this.db);
    return result.rows.map((row) => ({
      tool: row.tool,
      calls: Number(row.calls),
      failures: Number(row.failures),
      avg_duration_ms: Math.round(row.avg_duration_ms),
      p95_duration_ms: Math.round(row.p95_duration_ms),
    }));
  }
}
