import { AppError, type LinkSession } from '@parley/contracts';
import type { ConversationEnding } from '../endings/conversation-ending.js';
import type { ConversationStore } from '../store/conversation.store.js';
import type { LinkSessionRow, LinkSessionsRepository } from './link-sessions.repository.js';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

function shown(row: LinkSessionRow): LinkSession {
  return {
    conversation_id: row.id,
    version: row.agent_version,
    status: row.status as LinkSession['status'],
    visitor_email: row.visitor_email,
    user_messages: row.user_messages,
    total_turns: row.total_turns,
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
    ended_at: iso(row.ended_at),
  };
}

/**
 * A link's sessions as their owner manages them (management API, MCP). The caller has checked
 * that the link is the tenant's; every query is scoped by tenant and link again.
 */
export class LinkSessionsService {
  constructor(
    private readonly repository: LinkSessionsRepository,
    private readonly store: ConversationStore,
    private readonly ending: ConversationEnding,
  ) {}

  async list(tenantId: string, linkId: string, status: 'active' | 'ended' | undefined, limit: number) {
    return { sessions: (await this.repository.list(tenantId, linkId, status, limit)).map(shown) };
  }

  /** Ending is announced like any other end: session.ended, and a live `session_ended` for a visitor watching. */
  async end(tenantId: string, linkId: string, conversationId: string): Promise<LinkSession> {
    const ended = await this.store.endLinkSession(tenantId, linkId, conversationId);
    if (ended) {
      await this.ending.ended(ended, 'abandoned', 'ended_by_owner');
      return shown(ended);
    }
    // Already ended (answered as it is), or none of the link's.
    const row = await this.repository.find(tenantId, linkId, conversationId);
    if (!row) throw new AppError('not_found', 'session not found');
    return shown(row);
  }
}
