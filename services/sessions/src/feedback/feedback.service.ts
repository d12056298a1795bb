import { AppError, type FeedbackRating } from '@parley/contracts';
import { timeOrderedUuid } from '@parley/db';
import { type ResolutionService, toneOf } from '../outcomes/resolution.service.js';
import { unknownSession } from '../public-sessions/visitor-message.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRepository, ConversationRow } from '../store/conversation.repository.js';
import type { FeedbackRepository } from './feedback.repository.js';

type FeedbackReceived = Parameters<Announcer['feedbackReceived']>[0];

/** A visitor's session on a link, by the SHA-256 of their credential. */
interface VisitorSession {
  linkId: string;
  credentialHash: string;
}

const iso = (at: Date) => at.toISOString();

/**
 * Visitors' feedback (docs/public-chat-api.md, "Feedback and ratings"): a thumb on an agent's or operator's
 * message, a 1–5 score of the conversation. Both are taken while the conversation runs and after
 * it has ended – the page asks for the score once the conversation ends – and both replace what
 * the visitor gave before. Each is told as `events.feedback.received` (analytics, webhooks),
 * carrying what it replaced. Positive feedback resolves the conversation; negative takes back a
 * resolution its end made.
 */
export class FeedbackService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly repository: FeedbackRepository,
    private readonly announcer: Announcer,
    private readonly resolutions: ResolutionService,
  ) {}

  /** The visitor's own conversation, active or ended; a credential of another link is unknown, as on every visitor route. */
  private async conversationOf(session: VisitorSession): Promise<ConversationRow> {
    const found = await this.conversations.findByCredential(session.credentialHash);
    if (!found || found.conversation.link_id !== session.linkId) throw unknownSession();
    return found.conversation;
  }

  /** Analytics and webhooks hear of a thumb or a score as it was kept (with what it replaced). */
  private announce(conversation: ConversationRow, comment: string | null, at: Date, feedback: FeedbackReceived['feedback']): void {
    this.announcer.feedbackReceived({
      eventId: timeOrderedUuid(),
      tenantId: conversation.tenant_id,
      agentId: conversation.agent_id,
      agentVersion: conversation.agent_version,
      conversationId: conversation.id,
      linkId: conversation.link_id,
      comment,
      at: iso(at),
      feedback,
    });
  }

  async message(request: VisitorSession & { messageId: string; rating: FeedbackRating; comment?: string | undefined }): Promise<Record<string, never>> {
    const conversation = await this.conversationOf(request);
    const comment = request.comment ?? null;
    const written = await this.repository.giveFeedback({
      conversationId: conversation.id,
      tenantId: conversation.tenant_id,
      messageId: request.messageId,
      rating: request.rating,
      comment,
    });
    switch (written.outcome) {
      case 'no_conversation':
        throw unknownSession();
      case 'no_message':
        throw new AppError('not_found', 'no such message in this conversation');
      case 'not_an_answer':
        throw new AppError('invalid', 'feedback is for the agent’s and operators’ messages', {
          details: [{ path: 'params.message_id', message: `a ${written.role === 'user' ? 'visitor’s own' : 'system'} message takes no feedback` }],
        });
      case 'stored':
        this.announce(conversation, comment, written.at, {
          kind: 'message',
          messageId: request.messageId,
          role: written.role,
          rating: request.rating,
          previous: written.previous ? { rating: written.previous.rating, at: iso(written.previous.at) } : null,
        });
        await this.resolutions.feedback(conversation.id, toneOf({ rating: request.rating }));
        return {};
    }
  }

  async rate(request: VisitorSession & { score: number; comment?: string | undefined }): Promise<Record<string, never>> {
    const conversation = await this.conversationOf(request);
    const comment = request.comment ?? null;
    const written = await this.repository.rate({ conversationId: conversation.id, tenantId: conversation.tenant_id, score: request.score, comment });
    switch (written.outcome) {
      case 'no_conversation':
        throw unknownSession();
      case 'purged':
        throw new AppError('gone', 'this conversation’s messages were removed after it ended', { details: { reason: 'purged' } });
      case 'stored':
        this.announce(conversation, comment, written.at, {
          kind: 'rating',
          score: request.score,
          previous: written.previous ? { score: written.previous.score, at: iso(written.previous.at) } : null,
        });
        await this.resolutions.feedback(conversation.id, toneOf({ score: request.score }));
        return {};
    }
  }
}
