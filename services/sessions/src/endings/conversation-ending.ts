import type { EscalationService } from '../escalations/escalation.service.js';
import type { ResolutionService } from '../outcomes/resolution.service.js';
import type { ConversationRow } from '../store/conversation.repository.js';
import type { EngineResources } from '../turns/engine.js';

/**
 * The endings system of the turn engine (turns/engine.ts). A conversation that ended without a turn – an end call, an idle timeout, its link closing, its
 * owner ending it – is announced like any end (session.ended, and a live `session_ended` with the
 * reason for a visitor watching); an escalation still open closes, as nobody is left to wait for
 * a person. The store has ended it already. Then its outcome: an end with no escalation and no
 * negative feedback resolves it.
 */
export class ConversationEnding {
  constructor(
    /** What it uses of the turn engine's one resources object. */
    private readonly resources: Pick<EngineResources, 'announcer'>,
    /** The systems an end feeds: the inbox (an open escalation closes) and outcomes. */
    private readonly systems: { inbox: Pick<EscalationService, 'conversationEnded'>; outcomes: Pick<ResolutionService, 'ended'> },
  ) {}

  async ended(conversation: ConversationRow, status: string, reason = status): Promise<void> {
    const { total_turns: totalTurns, total_transitions: totalTransitions } = conversation;
    await this.resources.announcer.sessionEnded(conversation, { status, reason, totalTurns, totalTransitions });
    if (conversation.escalation_id) await this.systems.inbox.conversationEnded(conversation);
    await this.systems.outcomes.ended(conversation.id);
  }
}
