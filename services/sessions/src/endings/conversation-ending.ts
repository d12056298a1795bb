import type { EscalationService } from '../escalations/escalation.service.js';
import type { ResolutionService } from '../outcomes/resolution.service.js';
import type { Announcer } from '../store/announcer.js';
import type { ConversationRow } from '../store/conversation.repository.js';

/**
 * A conversation that ended without a turn – an end call, an idle timeout, its link closing, its
 * owner ending it – is announced like any end (session.ended, and a live `session_ended` with the
 * reason for a visitor watching); an escalation still open closes, as nobody is left to wait for
 * a person. The store has ended it already. Then its outcome: an end with no escalation and no
 * negative feedback resolves it.
 */
export class ConversationEnding {
  constructor(
    private readonly announcer: Announcer,
    private readonly escalations: EscalationService,
    private readonly resolutions: ResolutionService,
  ) {}

  async ended(conversation: ConversationRow, status: string, reason = status): Promise<void> {
    await this.announcer.sessionEnded(conversation, { status, reason, totalTurns: conversation.total_turns, totalTransitions: conversation.total_transitions });
    if (conversation.escalation_id) await this.escalations.conversationEnded(conversation);
    await this.resolutions.ended(conversation.id);
  }
}
