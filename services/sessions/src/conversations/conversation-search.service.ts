import type { ConversationReader } from '@parley/contracts';
import { decodeCursor, pageOf } from './conversation-page.js';
import { factsOf } from './conversation-facts.js';
import type { ConversationSearchRepository, FoundRow } from './conversation-search.repository.js';

/** About how many characters of a matching message the search shows around the match. */
const MATCH_CHARS = 140;

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/**
 * Words around the first of the query's words in the message (the full-text match itself is
 * PostgreSQL's: this only picks where to cut), on one line, with ellipses where it was cut.
 */
export function excerptOf(text: string, q: string, max = MATCH_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const lower = flat.toLowerCase();
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0 && word !== 'or');
  const at = Math.min(...words.map((word) => lower.indexOf(word)).filter((index) => index >= 0), flat.length);
  const start = at === flat.length ? 0 : Math.max(0, Math.min(at - Math.floor(max / 3), flat.length - max));
  const cut = flat.slice(start, start + max).trim();
  return `${start > 0 ? '…' : ''}${cut}${start + max < flat.length ? '…' : ''}`;
}

/** The conversation search (docs/escalation.md "The inbox"): a keyset page of what the reader may see. */
export class ConversationSearchService {
  constructor(private readonly repository: ConversationSearchRepository) {}

  async search(request: {
    tenantId: string;
    reader: ConversationReader;
    readerId: string;
    q?: string | undefined;
    label?: string | undefined;
    agentId?: string | undefined;
    status?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  }) {
    const { limit, cursor, ...filter } = request;
    const rows = await this.repository.search(filter, limit, decodeCursor(cursor));
    const page = pageOf(rows, limit);
    return { conversations: page.rows.map((row) => this.summaryOf(row, request.q)), next_cursor: page.nextCursor };
  }

  private summaryOf(row: FoundRow, q: string | undefined) {
    return {
      conversation_id: row.id,
      agent_id: row.agent_id,
      channel: row.channel,
      link_id: row.link_id,
      status: row.status,
      created_at: new Date(row.created_at).toISOString(),
      updated_at: new Date(row.updated_at).toISOString(),
      ended_at: iso(row.ended_at),
      ...factsOf(row),
      unread: row.unread,
      labels: row.labels,
      escalation: row.escalation_id && row.escalation_state ? { id: row.escalation_id, state: row.escalation_state } : null,
      match: row.matched !== null && q !== undefined ? excerptOf(row.matched, q) : null,
    };
  }
}
