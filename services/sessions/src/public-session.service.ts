import { randomUUID } from 'node:crypto';
import { randomToken, sha256Hex } from '@parley/auth';
import { AppError, type LinkAccess, type PublicChatResponse } from '@parley/contracts';
import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import type { ConversationRepository, ConversationRow } from './conversation.repository.js';
import type { TurnPath } from './turn-path.js';

const MINUTE_MS = 60_000;

/** What sessions answer a visitor's message: the credential only when the session was started by it. */
export type PublicSendReply = Omit<PublicChatResponse, 'session'> & { session: string | null };

/** The visitor's credential, handed out once: `pcs_` + 192 random bits. Only its SHA-256 is kept. */
function newCredential(): { credential: string; credentialHash: string } {
  const credential = `pcs_${randomToken(24)}`;
  return { credential, credentialHash: sha256Hex(credential) };
}

const unknownSession = () => new AppError('unauthorized', 'unknown session for this link', { details: { reason: 'unknown_session' } });

/** A deactivated or expired link serves nobody, not even its sessions already started. */
function ensureOpen(link: LinkAccess): void {
  if (link.state !== 'active') {
    throw new AppError('gone', link.state === 'expired' ? 'this link has expired' : 'this link is no longer active', { details: { reason: link.state } });
  }
}

/** The session's deadline: the earlier of the link's expiry and the end of the idle timeout. */
function expiresAt(link: LinkAccess, lastActivity: number): string {
  const idle = lastActivity + link.sessionTimeoutMinutes * MINUTE_MS;
  const linkExpiry = link.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(link.expiresAt);
  return new Date(Math.min(idle, linkExpiry)).toISOString();
}

/**
 * Sessions of visitors on public links: conversations with channel `link`, found by the SHA-256
 * of the visitor's credential and valid only with their own link. They run the same turn path as
 * the Text Chat API; the link's limits (max_sessions, max_messages_per_session, the session
 * timeout) are checked against the conversation as the turn reads it, so the state_version guard
 * of the commit makes them hold under concurrency too.
 */
export class PublicSessionService {
  constructor(
    private readonly repository: ConversationRepository,
    private readonly turns: TurnPath,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
  ) {}

  async send(request: { link: LinkAccess; content: string; credentialHash?: string | undefined; fresh?: boolean | undefined; email?: string | undefined }): Promise<PublicSendReply> {
    const { link } = request;
    ensureOpen(link);
    if (request.credentialHash !== undefined && !request.fresh) {
      return { ...(await this.message(link, request.credentialHash, request.content)), session: null };
    }
    const email = request.email ?? (await this.verifiedEmailOf(link, request.credentialHash));
    if (link.requireEmailVerification && email === undefined) {
      throw new AppError('forbidden', 'this link needs a verified email before a conversation starts', { details: { reason: 'verification_required' } });
    }
    const started = await this.open(link, email);
    return { ...(await this.message(link, started.credentialHash, request.content)), session: started.credential };
  }

  /** A session without a message yet (the start turn runs): what confirming a verified email answers. */
  async start(request: { link: LinkAccess; email?: string | undefined }) {
    ensureOpen(request.link);
    const started = await this.open(request.link, request.email);
    return {
      session: started.credential,
      conversation_id: started.conversationId,
      expires_at: expiresAt(request.link, Date.now()),
      remaining_messages: request.link.maxMessagesPerSession,
    };
  }

  /** The session of a credential, if it belongs to the link. */
  async session(request: { linkId: string; credentialHash: string }) {
    const found = await this.repository.findByCredential(request.credentialHash);
    if (!found || found.conversation.link_id !== request.linkId) throw unknownSession();
    return { conversation_id: found.conversation.id, status: found.conversation.status };
  }

  async history(request: { linkId: string; credentialHash: string }) {
    const session = await this.session(request);
    const messages = await this.repository.messages(session.conversation_id);
    return {
      ...session,
      messages: messages.map((m) => ({ id: m.id, role: m.role, content: m.content, created_at: m.created_at.toISOString() })),
    };
  }

  /** A verified visitor starting a new conversation keeps their email: it comes from their session on this link. */
  private async verifiedEmailOf(link: LinkAccess, credentialHash: string | undefined): Promise<string | undefined> {
    if (credentialHash === undefined) return undefined;
    const found = await this.repository.findByCredential(credentialHash);
    if (!found || found.conversation.link_id !== link.linkId) return undefined;
    return found.conversation.visitor_email ?? undefined;
  }

  /** Claims one of the link's sessions first (a refused start costs no runner), gives it back if the start fails. */
  private async open(link: LinkAccess, email: string | undefined) {
    if (!(await this.repository.claimLinkSession(link.linkId, link.maxSessions))) {
      throw new AppError('quota_exceeded', 'this link has started all the conversations it may', { details: { quota: 'sessions' } });
    }
    const { credential, credentialHash } = newCredential();
    const conversationId = randomUUID();
    try {
      await this.turns.start(
        {
          conversationId,
          sessionId: `ses_${randomToken(16)}`,
          tenantId: link.tenantId,
          // A link follows its agent's active version: a session runs the one active when it starts.
          ...(await this.activeVersion(link)),
          metadata: {},
          visitor: { channel: 'link', linkId: link.linkId, credentialHash, email: email ?? null, idleTimeoutSeconds: link.sessionTimeoutMinutes * 60 },
        },
        credentialHash,
      );
    } catch (error) {
      await this.repository.releaseLinkSession(link.linkId).catch((release: unknown) => {
        this.logger.warn({ err: release, linkId: link.linkId }, 'could not give back a link session');
      });
      throw error;
    }
    this.logger.info({ conversationId, linkId: link.linkId }, 'public session started');
    return { credential, credentialHash, conversationId };
  }

  private async activeVersion(link: LinkAccess) {
    const resolved = await this.bus.request('agents.resolveVersion', { tenantId: link.tenantId, agentId: link.agentId });
    return { agentId: resolved.agentId, version: resolved.version, isActiveVersion: resolved.isActiveVersion };
  }

  private message(link: LinkAccess, credentialHash: string, content: string) {
    const max = link.maxMessagesPerSession;
    return this.turns.message<Omit<PublicSendReply, 'session'>>({
      key: credentialHash,
      find: (withHistory) => this.repository.findByCredential(credentialHash, { withHistory }),
      missing: unknownSession,
      admit: async ({ conversation }) => {
        if (conversation.link_id !== link.linkId) throw unknownSession();
        if (conversation.status !== 'active') throw ended(conversation);
        if (Date.now() - conversation.updated_at.getTime() > link.sessionTimeoutMinutes * MINUTE_MS) {
          await this.timeOut(conversation);
          throw new AppError('gone', 'this conversation ended after being idle too long', { details: { reason: 'timeout' } });
        }
        if (max !== null && conversation.user_messages >= max) {
          throw new AppError('quota_exceeded', `this conversation may have ${max} messages`, { details: { quota: 'messages', limit: max } });
        }
        return undefined;
      },
      content,
      idempotencyKey: null,
      respond: (conversation, outcome, { userMessageId }) => ({
        response: outcome.response,
        conversation_id: conversation.id,
        message_id: userMessageId,
        remaining_messages: max === null ? null : Math.max(0, max - conversation.user_messages - 1),
        expires_at: expiresAt(link, Date.now()),
        session_ended: outcome.status !== 'active',
      }),
    });
  }

  private async timeOut(conversation: ConversationRow): Promise<void> {
    const abandoned = await this.repository.abandon(conversation.id, conversation.state_version);
    if (abandoned) await this.turns.ended(abandoned, 'abandoned', 'timeout');
  }
}

function ended(conversation: ConversationRow): AppError {
  return new AppError('gone', `this conversation has ended (${conversation.status})`, { details: { reason: conversation.status } });
}
