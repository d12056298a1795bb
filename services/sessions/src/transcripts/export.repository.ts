import type { TranscriptCursor, TranscriptRow } from '@parley/contracts';
import type { DB } from '@parley/db';
import { type Kysely, sql } from 'kysely';

/** What one page of an agent's transcripts is read for (docs/management-api.md "Transcripts export"). */
export interface TranscriptPageQuery {
  tenantId: string;
  agentId: string;
  linkId: string | null;
  from: string;
  to: string;
  after: TranscriptCursor | null;
  limit: number;
}

/**
 * The messages of an agent's conversations as the transcripts export reads them: keyset pages by
 * (conversation start, conversation id, sequence), so an export of any size holds one page at a
 * time and a conversation's messages come in the order they were said. Erased and purged
 * conversations are left out (their messages are gone, and are never resurrected as rows), as are
 * a failed turn's messages and the agent's tool calls (what was said, not what the agent did:
 * GET /api/conversations/{id} shows those).
 */
export class TranscriptExportRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async page(query: TranscriptPageQuery): Promise<TranscriptRow[]> {
    let select = this.db
      .selectFrom('text_conversations as c')
      .innerJoin('text_conversation_messages as m', 'm.conversation_id', 'c.id')
      .select(['c.id as conversation_id', 'c.session_id', 'c.channel', 'c.link_id', 'c.agent_version', 'c.created_at as started_at', 'c.ended_at'])
      .select(['m.sequence', 'm.role', 'm.author_name', 'm.content', 'm.created_at'])
      .where('c.tenant_id', '=', query.tenantId)
      .where('c.agent_id', '=', query.agentId)
      .where('c.created_at', '>=', new Date(query.from))
      .where('c.created_at', '<', new Date(query.to))
      .where('c.erased_at', 'is', null)
      .where('c.purged_at', 'is', null)
      .where('m.status', '=', 'ok')
      .where('m.role', '<>', 'tool')
      .$narrowType<{ role: TranscriptRow['role'] }>()
      .orderBy('c.created_at')
      .orderBy('c.id')
      .orderBy('m.sequence')
      .limit(query.limit);
    if (query.linkId !== null) select = select.where('c.link_id', '=', query.linkId);
    const after = query.after;
    if (after !== null) {
      // Raw: the cursor's start time is read from the row itself, at the database's precision
      // (microseconds), which a JavaScript date would round and so repeat or skip rows.
      select = select.where(
        sql<boolean>`(c.created_at, c.id, m.sequence) > ((SELECT created_at FROM text_conversations WHERE id = ${after.conversationId}::uuid), ${after.conversationId}::uuid, ${after.sequence})`,
      );
    }
    const rows = await select.execute();
    return rows.map((row) => ({
      conversation_id: row.conversation_id,
      session_id: row.session_id,
      channel: row.channel,
      link_id: row.link_id,
      agent_version: row.agent_version,
      conversation_started_at: row.started_at.toISOString(),
      conversation_ended_at: row.ended_at === null ? null : row.ended_at.toISOString(),
      sequence: row.sequence,
      role: row.role,
      operator_name: row.role === 'operator' ? row.author_name : null,
      content: row.content,
      created_at: row.created_at.toISOString(),
    }));
  }
}
