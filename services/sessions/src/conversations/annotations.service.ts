import { randomToken } from '@parley/auth';
import { AppError, type ConversationNote, type ConversationReader } from '@parley/contracts';
import type { Logger } from '@parley/logger';
import type { EscalationRepository } from '../escalations/escalation.repository.js';
import type { EscalationService } from '../escalations/escalation.service.js';
import { inboxScopeOf, type Operator } from '../escalations/inbox-operator.js';
import type { Announcer } from '../store/announcer.js';
import type { VisibilityRepository } from '../store/visibility.repository.js';
import type { AnnotationsRepository, StoredNote } from './annotations.repository.js';

/** `note_` + 16 base64url characters (96 random bits). */
const newNoteId = () => `note_${randomToken(12)}`;

export const noteView = (note: StoredNote): ConversationNote => ({
  id: note.id,
  escalation_id: note.escalation_id,
  text: note.text,
  author_name: note.author_name,
  created_at: new Date(note.created_at).toISOString(),
});

/**
 * What operators add to a conversation (docs/escalation.md "The inbox"): internal notes, which
 * reach the operators' inbox live and never the visitor's conversation log, and labels. Both only
 * on a conversation the operator may see; anything else is not found, as what does not exist.
 */
export class AnnotationsService {
  constructor(
    private readonly annotations: AnnotationsRepository,
    private readonly escalationRows: Pick<EscalationRepository, 'find' | 'forConversation'>,
    private readonly escalations: Pick<EscalationService, 'retold'>,
    private readonly visibility: VisibilityRepository,
    private readonly announcer: Announcer,
    private readonly logger: Logger,
  ) {}

  async note(request: { tenantId: string; escalationId: string; operator: Operator; reader: ConversationReader; text: string }): Promise<ConversationNote> {
    const { tenantId, escalationId } = request;
    const escalation = (await this.visibility.escalation(tenantId, escalationId, request.reader))
      ? await this.escalationRows.find(tenantId, escalationId)
      : undefined;
    if (!escalation) throw new AppError('not_found', 'escalation not found');
    const note = noteView(
      await this.annotations.addNote({
        id: newNoteId(),
        tenantId,
        conversationId: escalation.conversation_id,
        escalationId,
        authorId: request.operator.actorId,
        authorName: request.operator.name,
        text: request.text,
      }),
    );
    this.logger.info({ escalationId, noteId: note.id }, 'note added');
    // The inbox log only: a visitor's conversation log never carries a note.
    await this.announcer.toInbox(tenantId, { event: 'note', data: { ...inboxScopeOf(escalation), conversation_id: escalation.conversation_id, ...note } });
    return note;
  }

  async setLabels(request: { tenantId: string; conversationId: string; reader: ConversationReader; labels: string[] }): Promise<{ labels: string[] }> {
    const { tenantId, conversationId } = request;
    const visible = await this.visibility.conversation(tenantId, conversationId, request.reader);
    const labels = visible ? await this.annotations.setLabels(tenantId, conversationId, [...new Set(request.labels)]) : undefined;
    if (!labels) throw new AppError('not_found', 'conversation not found');
    // The inbox shows the labels on the conversation's latest escalation.
    const [latest] = await this.escalationRows.forConversation(conversationId);
    if (latest) await this.escalations.retold(latest.id);
    return { labels };
  }
}
