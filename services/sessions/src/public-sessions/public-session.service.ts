import { randomUUID } from 'node:crypto';
import { randomToken, sha256Hex } from '@parley/auth';
import type { PlatformBus } from '@parley/bus';
import {
  AppError,
  type LinkAccess,
  type PublicChatResponse,
  type VerifiedUser,
  type VisitorContext,
  type VisitorLanguage,
  type VisitorOrigin,
} from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { FeedbackRepository } from '../feedback/feedback.repository.js';
import type { LinkUsageRepository } from '../link-sessions/link-usage.repository.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { TurnEngine } from '../turns/engine.js';
import type { UploadsService } from '../uploads/uploads.service.js';
import { contextData } from './page-context.js';
import { expiresAt } from './session-expiry.js';
import { versionOnLink } from './version-split.js';
import { unknownSession, visitorChannel } from './visitor-message.js';

/** The agent version a new session runs, and whether it is the agent's active one (not a link's pin or split). */
interface ActiveVersion {
  agentId: string;
  version: number;
  isActiveVersion: boolean;
}

/** What sessions answer a visitor's message: the credential only when the session was started by it. */
export type PublicSendReply = Omit<PublicChatResponse, 'session'> & { session: string | null };

/** The visitor's credential, handed out once: `pcs_` + 192 random bits. Only its SHA-256 is kept. */
function newCredential(): { credential: string; credentialHash: string } {
  const credential = `pcs_${randomToken(24)}`;
  return { credential, credentialHash: sha256Hex(credential) };
}

/** Who starts a session: a verified email, a host site's signed-in user (verified by the gateway), both or neither. */
interface VisitorIdentity {
  email: string | undefined;
  user: VerifiedUser | undefined;
  /** The version their previous session on the link ran, when they start again with its credential. */
  previousVersion?: number | undefined;
  /** The language of their page: the session's later mails to them are written in it (docs/public-chat-api.md "Visitors' language and look"). */
  language?: VisitorLanguage | undefined;
}

/**
 * Who may start a conversation on a link: with email verification on, only a visitor with a
 * verified email (from confirming a code, or carried over from their previous conversation); with
 * require_identity, only a signed-in user (verified by the gateway, or carried over). Decided here
 * alone, since only sessions knows what a visitor's previous conversation carries; that the link
 * is open is the gateway's to decide, when it looks the link up for any request.
 */
function ensureMayStart(link: LinkAccess, visitor: VisitorIdentity): void {
  if (link.requireEmailVerification && visitor.email === undefined) {
    throw new AppError('forbidden', 'verify your email before starting a conversation on this link', { details: { reason: 'verification_required' } });
  }
  if (link.requireIdentity && visitor.user === undefined) {
    throw new AppError('unauthorized', 'this link starts conversations only for signed-in users: send `user` (its `user_hash`, or a `token`)', {
      details: { reason: 'identity_required' },
    });
  }
}

/**
 * Sessions of visitors on public links: conversations with channel `link`, found by the SHA-256
 * of the visitor's credential and valid only with their own link. They run on the same turn
 * engine as the Text Chat API, on the visitor channel (a message's link rules – its session
 * timeout, max_messages_per_session – are the visitor channel's, see visitor-message.ts);
 * max_sessions is claimed before a session starts.
 */
export class PublicSessionService {
  constructor(
    private readonly repository: ConversationRepository,
    private readonly linkUsage: LinkUsageRepository,
    private readonly engine: TurnEngine,
    private readonly bus: PlatformBus,
    private readonly logger: Logger,
    private readonly uploads: UploadsService,
    private readonly feedback: FeedbackRepository,
  ) {}

  async send(request: {
    link: LinkAccess;
    content: string;
    credentialHash?: string | undefined;
    fresh?: boolean | undefined;
    email?: string | undefined;
    user?: VerifiedUser | undefined;
    origin?: VisitorOrigin | undefined;
    /** The visitor's Idempotency-Key (or a socket's client_id), kept with the turn of this session. */
    idempotencyKey?: string | undefined;
    /** Uploads of the session the message carries. */
    attachments?: string[] | undefined;
    /** What the host page says of where the visitor is: a session the message starts starts with it, one under way takes it in. */
    context?: VisitorContext | undefined;
    /** The language of the page: a session the message starts keeps it for its visitor's mails. */
    language?: VisitorLanguage | undefined;
  }): Promise<PublicSendReply> {
    const { link } = request;
    const idempotencyKey = request.idempotencyKey ?? null;
    if (request.credentialHash !== undefined && !request.fresh) {
      const { credentialHash, content, attachments, context } = request;
      return { ...(await this.engine.message(visitorChannel, { link, credentialHash, content, idempotencyKey, attachments, context })), session: null };
    }
    // A new session has no files yet: a message starting one names none of its own.
    if (request.attachments !== undefined) {
      throw new AppError('invalid', 'attachments: a new conversation has no files yet; upload them in the session first', {
        details: [{ path: 'attachments', message: 'not an upload of this session' }],
      });
    }
    const carried = await this.identityOf(link, request.credentialHash);
    const visitor = {
      email: request.email ?? carried.email,
      user: request.user ?? carried.user,
      previousVersion: carried.previousVersion,
      language: request.language,
    };
    ensureMayStart(link, visitor);
    const fresh = newCredential();
    const version = await this.versionFor(link, visitor, request.credentialHash ?? fresh.credentialHash);
    // The message opens the session: the turn screens it first (the rules of the version chosen,
    // and the link's), so one its content rules block opens none – nothing stored, no session counted.
    const reply = await this.engine.message(
      visitorChannel,
      { link, credentialHash: fresh.credentialHash, content: request.content, idempotencyKey },
      {
        subject: { tenantId: link.tenantId, linkId: link.linkId, agentId: version.agentId, version: version.version, own: link.contentRules },
        open: async () => {
          await this.open(link, visitor, request.origin, fresh, version, contextData(request.context));
        },
      },
    );
    return { ...reply, session: fresh.credential };
  }

  /** A session without a message yet (the start turn runs): what confirming a verified email answers. */
  async start(request: {
    link: LinkAccess;
    email?: string | undefined;
    user?: VerifiedUser | undefined;
    origin?: VisitorOrigin | undefined;
    context?: VisitorContext | undefined;
    language?: VisitorLanguage | undefined;
  }) {
    const visitor = { email: request.email, user: request.user, language: request.language };
    ensureMayStart(request.link, visitor);
    const started = await this.open(request.link, visitor, request.origin, newCredential(), undefined, contextData(request.context));
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

  /** The session's messages, each with the visitor's own thumb, and their score: a reloaded page shows both and asks no second time. */
  async history(request: { linkId: string; credentialHash: string }) {
    const session = await this.session(request);
    const [messages, feedback, ratings] = await Promise.all([
      this.repository.messages(session.conversation_id),
      this.feedback.feedbackOf(session.conversation_id),
      this.feedback.ratingsOf([session.conversation_id]),
    ]);
    const attachments = await this.uploads.ofMessages(messages.filter((m) => m.role === 'user').map((m) => m.id));
    const rating = ratings.get(session.conversation_id);
    return {
      ...session,
      messages: messages.map((m) => {
        const thumb = feedback.get(m.id)?.rating;
        return {
          id: m.id,
          role: m.role,
          content: m.content,
          created_at: m.created_at.toISOString(),
          ...(m.role === 'operator' && m.author_name ? { operator_name: m.author_name } : {}),
          ...(attachments.has(m.id) ? { attachments: attachments.get(m.id) } : {}),
          ...(thumb ? { feedback: thumb } : {}),
          // The sources an answer from knowledge cited, shown under it (docs/workflow.md "Answers from knowledge in the transcript").
          ...(m.citations === null ? {} : { citations: m.citations }),
          // The platform's own words, which the pages show in the visitor's language (docs/public-chat-api.md "Notices").
          ...(m.notice === null ? {} : { notice: m.notice }),
        };
      }),
      rating: rating ? { score: rating.score, comment: rating.comment } : null,
    };
  }

  /**
   * A verified or signed-in visitor starting a new conversation stays who they were: their email
   * and user (with the identity realm it was verified in) come from their session on this link.
   */
  private async identityOf(link: LinkAccess, credentialHash: string | undefined): Promise<VisitorIdentity> {
    if (credentialHash === undefined) return { email: undefined, user: undefined };
    const found = await this.repository.findByCredential(credentialHash);
    if (!found || found.conversation.link_id !== link.linkId) return { email: undefined, user: undefined };
    const { visitor_email, user_id, user_realm, agent_version } = found.conversation;
    return { email: visitor_email ?? undefined, user: user_id && user_realm ? { id: user_id, realm: user_realm } : undefined, previousVersion: agent_version };
  }

  /** Claims one of the link's sessions first (a refused start costs no runner), gives it back if the start fails. */
  private async open(
    link: LinkAccess,
    visitor: VisitorIdentity,
    origin: VisitorOrigin | undefined,
    { credential, credentialHash }: { credential: string; credentialHash: string },
    version?: ActiveVersion,
    context: Record<string, string> = {},
  ) {
    const { email, user, language } = visitor;
    if (!(await this.linkUsage.claimSession(link.linkId, link.maxSessions))) {
      throw new AppError('quota_exceeded', 'this link has started all the conversations it may', { details: { quota: 'sessions' } });
    }
    const conversationId = randomUUID();
    try {
      await this.engine.start(
        {
          conversationId,
          sessionId: `ses_${randomToken(16)}`,
          tenantId: link.tenantId,
          // A session runs the version chosen when it starts (versionFor), whatever is published later.
          ...(version ?? (await this.versionFor(link, visitor, credentialHash))),
          // What the host site said of its user besides the id, for people reading the conversation; never verified.
          metadata: user ? { user: { id: user.id, ...(user.name ? { name: user.name } : {}), ...(user.email ? { email: user.email } : {}) } } : {},
          visitor: {
            channel: 'link',
            linkId: link.linkId,
            credentialHash,
            email: email ?? null,
            idleTimeoutSeconds: link.sessionTimeoutMinutes * 60,
            visitorHash: origin?.visitorHash ?? null,
            language: language ?? null,
          },
          link,
          ...(user ? { userId: user.id, userRealm: user.realm } : {}),
          ...(origin ? { origin } : {}),
          // A personalised link's recipient (name, email, variables): the workflow greets them by name. The host page's context beside them.
          initialData: { ...link.variables, ...context },
        },
        credentialHash,
      );
    } catch (error) {
      await this.linkUsage.releaseSession(link.linkId).catch((release: unknown) => {
        this.logger.warn({ err: release, linkId: link.linkId }, 'could not give back a link session');
      });
      throw error;
    }
    this.logger.info({ conversationId, linkId: link.linkId }, 'public session started');
    return { credential, credentialHash, conversationId };
  }

  /**
   * The version a new session on the link runs (docs/management-api.md "Versions on a link"): the link's pin,
   * else its split's choice for this visitor (versionOnLink, version-split.ts), else the agent's
   * published active version.
   */
  private async versionFor(link: LinkAccess, visitor: VisitorIdentity, credentialHash: string): Promise<ActiveVersion> {
    const chosen = versionOnLink(link, visitor, credentialHash);
    const resolved = await this.bus.request('links.agents.resolve-version', {
      tenantId: link.tenantId,
      agentId: link.agentId,
      ...(chosen === undefined ? {} : { version: chosen }),
    });
    return { agentId: resolved.agentId, version: resolved.version, isActiveVersion: resolved.isActiveVersion };
  }
}
