import { AppError, type ConversationReader, type StoredToolCall } from '@parley/contracts';
import type { EscalationRepository } from '../escalations/escalation.repository.js';
import { listedEscalation } from '../escalations/escalation.service.js';
import type { FeedbackRepository, StoredFeedback } from '../feedback/feedback.repository.js';
import type { ConversationRepository } from '../store/conversation.repository.js';
import type { VisibilityRepository } from '../store/visibility.repository.js';
import type { UploadsService } from '../uploads/uploads.service.js';
import type { AnnotationsRepository } from './annotations.repository.js';
import { noteView } from './annotations.service.js';
import type { ConversationSentimentRepository } from './sentiment.repository.js';
import { visitorOf } from './visitor-identity.js';

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** A message's thumb as the conversation's owners see it. */
const feedbackOf = (found: StoredFeedback | undefined) => (found ? { rating: found.rating, comment: found.comment, at: found.updated_at.toISOString() } : null);

/**
 * A conversation of the tenant, whole, for the people who own it: history (with the visitor's
 * thumbs, the agent's tool calls and the sources its answers cited), the workflow's trace per
 * turn, variables, escalations, the visitor's score, its sentiment, the operators' labels and notes.
 */
export class ConversationDetailService {
  constructor(
    private readonly conversations: ConversationRepository,
    private readonly escalations: EscalationRepository,
    private readonly uploads: UploadsService,
    private readonly feedback: FeedbackRepository,
    private readonly sentiments: ConversationSentimentRepository,
    private readonly visibility: VisibilityRepository,
    private readonly annotations: AnnotationsRepository,
  ) {}

  /**
   * An operator who may not read it (docs/management-api.md "Roles") is answered as if it did not
   * exist. Read by `readerId`, it counts as read by them: its unread count starts again.
   */
  async get(tenantId: string, conversationId: string, reader: ConversationReader, readerId?: string) {
    if (!(await this.visibility.conversation(tenantId, conversationId, reader))) throw new AppError('not_found', 'conversation not found');
    const detail = await this.conversations.detail(conversationId);
    if (!detail || detail.conversation.tenant_id !== tenantId) throw new AppError('not_found', 'conversation not found');
    const c = detail.conversation;
    const [escalations, attachments, feedback, ratings, sentiments, notes, labels] = await Promise.all([
      this.escalations.forConversation(c.id),
      this.uploads.ofMessages(detail.messages.filter((m) => m.role === 'user').map((m) => m.id)),
      this.feedback.feedbackOf(c.id),
      this.feedback.ratingsOf([c.id]),
      this.sentiments.of([c.id]),
      this.annotations.notes(c.id),
      this.annotations.labels(c.id),
      readerId === undefined ? undefined : this.annotations.markRead(tenantId, c.id, readerId),
    ]);
    const rating = ratings.get(c.id);
    const byTurn = new Map<number, { turn_number: number; transitions: typeof detail.transitions; extracted_variables: Record<string, string> }>();
    const turnOf = (n: number) => {
      const turn = byTurn.get(n) ?? { turn_number: n, transitions: [], extracted_variables: {} };
      byTurn.set(n, turn);
      return turn;
    };
    for (const t of detail.transitions) turnOf(t.turn_number).transitions.push(t);
    for (const v of detail.variables) turnOf(v.turn_number).extracted_variables[v.name] = v.value;
    return {
      conversation_id: c.id,
      session_id: c.channel === 'api' ? c.session_id : null,
      agent_id: c.agent_id,
      agent_version: c.agent_version,
      channel: c.channel,
      link_id: c.link_id,
      status: c.status,
      created_at: c.created_at.toISOString(),
      updated_at: c.updated_at.toISOString(),
      ended_at: iso(c.ended_at),
      node_id: c.current_node_id,
      node_name: c.current_node_name,
      collected_data: c.collected_data,
      // A verified email is the one the visitor proved; a signed identity's is the host site's word; then what the workflow collected.
      visitor: visitorOf({
        signedName: detail.signedUser.name,
        signedEmail: detail.signedUser.email,
        verifiedEmail: c.visitor_email,
        collected: c.collected_data,
      }),
      escalation_id: c.escalation_id,
      labels,
      notes: notes.map(noteView),
      messages: detail.messages.map((m) => ({
        id: m.id,
        role: m.role,
        content: m.content,
        created_at: new Date(m.created_at).toISOString(),
        turn_number: m.turn_number,
        node_id: m.node_id,
        operator_name: m.author_name,
        ...(attachments.has(m.id) ? { attachments: attachments.get(m.id) } : {}),
        feedback: feedbackOf(feedback.get(m.id)),
        ...(m.tool_call === null ? {} : { tool_call: m.tool_call as StoredToolCall }),
        ...(m.citations === null ? {} : { citations: m.citations }),
      })),
      turns: [...byTurn.values()]
        .sort((a, b) => a.turn_number - b.turn_number)
        .map((turn) => ({ ...turn, transitions: turn.transitions.map(({ turn_number: _, ...t }) => t) })),
      escalations: escalations.map(listedEscalation),
      rating: rating ? { score: rating.score, comment: rating.comment, at: rating.updated_at.toISOString() } : null,
      sentiment: sentiments.get(c.id) ?? null,
    };
  }
}
