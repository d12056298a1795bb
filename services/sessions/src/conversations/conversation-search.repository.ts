import type { ConversationReader, EscalationState } from '@parley/contracts';
import { afterPageKey, type DB, type PageKey, pageKeyOf } from '@parley/db';
import { type Kysely, sql } from 'kysely';
import { escalationVisibleTo } from '../store/visibility.repository.js';
import { type FactsRow, lastVisitorMessage, unreadBy, visitorColumns } from './conversation-facts.js';

/** What the search asks for. */
export interface SearchFilter {
  tenantId: string;
  reader: ConversationReader;
  readerId: string;
  q?: string | undefined;
  label?: string | undefined;
  agentId?: string | undefined;
  status?: string | undefined;
}

/** A conversation the search found; `page_key` is its created_at for the next page's cursor. */
export interface FoundRow extends FactsRow {
  id: string;
  agent_id: string;
  channel: 'api' | 'link';
  link_id: string | null;
  status: string;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
  labels: string[];
  escalation_id: string | null;
  escalation_state: EscalationState | null;
  unread: number;
  /** With `q`: the first message that matched, whole (the service cuts around the match). */
  matched: string | null;
  page_key: string;
}

/** The messages searched: what people said, not the agent's tool calls. */
const SEARCHED_ROLES = sql`('user', 'assistant', 'operator')`;

/**
 * The conversation search (docs/escalation.md "The inbox"): the tenant's conversations by the words
 * of their messages – PostgreSQL full text in the `simple` configuration (no stemming: a word
 * matches as written, in any language), over the GIN index of migration
 * 2026113075_conversation_labels_notes – and their labels (GIN), agent and status, newest first in
 * keyset pages. An operator finds only the conversations of escalations they may see.
 */
export class ConversationSearchRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async search(filter: SearchFilter, limit: number, after: PageKey | undefined): Promise<FoundRow[]> {
    const { reader } = filter;
    const query = filter.q === undefined ? null : sql`websearch_to_tsquery('simple', ${filter.q})`;
    const matches = query
      ? sql`EXISTS (SELECT 1 FROM text_conversation_messages m WHERE m.conversation_id = c.id AND m.status = 'ok'
          AND m.role IN ${SEARCHED_ROLES} AND to_tsvector('simple', m.content) @@ ${query})`
      : sql`true`;
    const matched = query
      ? sql<string | null>`(SELECT left(m.content, 2000) FROM text_conversation_messages m WHERE m.conversation_id = c.id AND m.status = 'ok'
          AND m.role IN ${SEARCHED_ROLES} AND to_tsvector('simple', m.content) @@ ${query} ORDER BY m.sequence LIMIT 1)`
      : sql<null>`NULL`;
    const visible =
      reader.sees === 'all'
        ? sql`true`
        : sql`EXISTS (SELECT 1 FROM escalations e WHERE e.conversation_id = c.id AND e.tenant_id = c.tenant_id AND ${escalationVisibleTo(reader, 'e')})`;
    const result = await sql<FoundRow>`
      SELECT c.id, c.agent_id, c.channel, c.link_id, c.status, c.created_at, c.updated_at, c.ended_at, c.labels,
        ${visitorColumns}, ${lastVisitorMessage} AS preview, ${matched} AS matched,
        latest.id AS escalation_id, latest.state AS escalation_state,
        ${unreadBy(filter.readerId, sql.ref('latest.created_at'))} AS unread,
        ${pageKeyOf('c.created_at')} AS page_key
      FROM text_conversations c
      LEFT JOIN LATERAL (
        SELECT e.id, e.state, e.created_at FROM escalations e
        WHERE e.conversation_id = c.id AND e.tenant_id = c.tenant_id AND ${escalationVisibleTo(reader, 'e')}
        ORDER BY e.created_at DESC, e.id DESC LIMIT 1
      ) latest ON true
      WHERE c.tenant_id = ${filter.tenantId}
        AND (${filter.agentId ?? null}::uuid IS NULL OR c.agent_id = ${filter.agentId ?? null}::uuid)
        AND (${filter.status ?? null}::text IS NULL OR c.status = ${filter.status ?? null}::text)
        AND (${filter.label ?? null}::text IS NULL OR c.labels @> ARRAY[${filter.label ?? null}::text])
        AND ${visible}
        AND ${matches}
        AND ${after ? afterPageKey('c.created_at', 'c.id', after) : sql`true`}
      ORDER BY c.created_at DESC, c.id DESC
      LIMIT ${limit + 1}`.execute(this.db);
    return result.rows;
  }
}
