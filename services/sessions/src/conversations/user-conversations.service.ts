import { randomToken, sha256Hex } from '@parley/auth';
import { AppError, type LinkAccess, type VisitorLanguage } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import { expiresAt } from '../public-sessions/session-expiry.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { ConversationStore } from '../store/conversation.store.js';
import { decodeCursor, pageOf } from './conversation-page.js';
import type { ListedConversation, UserConversationsRepository, VisitorOwner } from './user-conversations.repository.js';

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

const listed = (c: ListedConversation) => ({
  conversation_id: c.id,
  status: c.status,
  created_at: c.created_at.toISOString(),
  last_message_at: iso(c.last_message_at),
  turns: c.total_turns,
});

/**
 * A user's conversations (docs/api.md): a Text Chat API user's sessions, and a signed-in or
 * email-verified visitor's earlier conversations with a link's agent, which they may reopen.
 *
 * Reopening hands out a new credential for the conversation rather than moving the visitor's
 * current one: the credential the conversation had keeps working (the other device goes on, and
 * sees the new messages live), and the visitor's current conversation stays theirs to come back
 * to. An abandoned conversation (idle past its timeout, or its link closed) becomes active again
 * where its workflow stopped; one that completed (an end node, an end call, an operator closing
 * it) or failed has nothing to continue, and one whose messages retention removed has nothing
 * to show: both are gone (410).
 */
export class UserConversationsService {
  constructor(
    private readonly lists: UserConversationsRepository,
    private readonly conversations: ConversationRepository,
    private readonly store: ConversationStore,
    private readonly announcer: Announcer,
    private readonly logger: Logger,
  ) {}

  async forUser(request: { userId: string; tenantId?: string | undefined; limit: number; cursor?: string | undefined }) {
    const rows = await this.lists.forUser(request, request.limit, decodeCursor(request.cursor));
    const page = pageOf(rows, request.limit);
    return {
      conversations: page.rows.map((c) => ({ session_id: c.session_id, ...listed(c), tenant_id: c.tenant_id, agent_id: c.agent_id })),
      next_cursor: page.nextCursor,
    };
  }

  async forVisitor(request: { link: LinkAccess; credentialHash: string; limit: number; cursor?: string | undefined }) {
    const after = decodeCursor(request.cursor);
    const { link } = request;
    const current = await this.visitorSession(link, request.credentialHash);
    const rows = await this.lists.forVisitor(
      { tenantId: link.tenantId, agentId: link.agentId, owner: current.owner, exceptId: current.id },
      request.limit,
      after,
    );
    const page = pageOf(rows, request.limit);
    return { conversations: page.rows.map((c) => ({ ...listed(c), preview: c.preview })), next_cursor: page.nextCursor };
  }

  async resume(request: { link: LinkAccess; credentialHash: string; conversationId: string; language?: VisitorLanguage | undefined }) {
    const { link } = request;
    const current = await this.visitorSession(link, request.credentialHash);
    const target = await this.lists.findOwned(request.conversationId, { tenantId: link.tenantId, agentId: link.agentId, owner: current.owner });
    // Someone else's, another agent's, or none at all: the same answer, so ids reveal nothing.
    if (!target) throw new AppError('not_found', 'no such conversation of yours with this agent');
    if (target.purged_at !== null) throw new AppError('gone', 'this conversation’s messages were removed after it ended', { details: { reason: 'purged' } });
    if (target.status === 'completed' || target.status === 'error') {
      throw new AppError('gone', `this conversation has ended (${target.status}) and cannot continue`, { details: { reason: target.status } });
    }
    const credential = `pcs_${randomToken(24)}`;
    const reopened = await this.reopen(target.id, link, credential, request.language);
    this.logger.info({ conversationId: target.id, linkId: link.linkId, was: target.status }, 'conversation resumed');
    const max = link.maxMessagesPerSession;
    return {
      session: credential,
      conversation_id: target.id,
      expires_at: expiresAt(link, Date.now()),
      remaining_messages: max === null ? null : Math.max(0, max - reopened.user_messages),
      // The reopened session's stream starts after what came before: an abandoned conversation's
      // log ends with its `session_ended`, which must not end the stream again.
      last_event_id: await this.announcer.mark(target.id),
    };
  }

  private async reopen(conversationId: string, link: LinkAccess, credential: string, language: VisitorLanguage | undefined) {
    const reopened = await this.store.reopen(
      conversationId,
      { linkId: link.linkId, idleTimeoutSeconds: link.sessionTimeoutMinutes * 60 },
      sha256Hex(credential),
      language,
    );
    if (!reopened) throw new AppError('gone', 'this conversation has ended and cannot continue', { details: { reason: 'ended' } });
    return reopened;
  }

  /** The session of the credential on this link and whose it is; anonymous sessions have no earlier conversations. */
  private async visitorSession(link: LinkAccess, credentialHash: string): Promise<{ id: string; owner: VisitorOwner }> {
    const found = await this.conversations.findByCredential(credentialHash);
    if (!found || found.conversation.link_id !== link.linkId) {
      throw new AppError('unauthorized', 'unknown session for this link', { details: { reason: 'unknown_session' } });
    }
    const { id, user_id, user_realm, visitor_email } = found.conversation;
    // The signed-in user wins over an email: their conversations are found by who they are on the
    // host site, in the identity realm of the link that verified them.
    if (user_id && user_realm) return { id, owner: { userId: user_id, realm: user_realm } };
    if (visitor_email) return { id, owner: { email: visitor_email } };
    throw new AppError('forbidden', 'earlier conversations are kept only for signed-in users and verified emails', { details: { reason: 'not_verified' } });
  }
}
