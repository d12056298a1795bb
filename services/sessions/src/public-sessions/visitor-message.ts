import {
  AppError,
  type EscalationSummary,
  type LinkAccess,
  type PublicChatResponse,
  type TurnOutcome,
  toolCallReports,
  type VisitorContext,
} from '@parley/contracts';
import type { ConversationRow, FoundConversation } from '../store/conversation.repository.js';
import type { Channel, ChannelMessage, TurnFacts } from '../turns/channel.js';
import { citationsOf } from '../turns/knowledge-messages.js';
import { withToolCalls } from '../turns/tool-messages.js';
import { withPageContext } from './page-context.js';
import { expiresAt, idleTooLong } from './session-expiry.js';

/** A visitor's message in their session on a public link, found by their credential's SHA-256. */
export interface VisitorMessage extends ChannelMessage {
  link: LinkAccess;
  credentialHash: string;
  /** Uploads of the session this message carries (claimed for it before its turn runs). */
  attachments?: string[] | undefined;
  /** Where the host page says the visitor is now: taken into the collected data before the turn. */
  context?: VisitorContext | undefined;
}

/** What sessions answer a visitor's message in their session (the credential is the caller's to add). */
export type VisitorReply = Omit<PublicChatResponse, 'session'>;

export const unknownSession = () => new AppError('unauthorized', 'unknown session for this link', { details: { reason: 'unknown_session' } });

/**
 * Refuses (throws) the session as read, or lets the message in; a retry's reply is answered
 * again, and a session idle past its link's timeout is to be ended (`idle`) and refused with it.
 * The link's limits are checked against the conversation as the turn reads it, so the
 * state_version guard of the commit makes them hold under concurrency too.
 */
export function admitVisitor(
  message: Pick<VisitorMessage, 'link'>,
  { conversation, priorResponse }: FoundConversation,
): { replay: VisitorReply } | { idle: AppError } | undefined {
  const { link } = message;
  if (conversation.link_id !== link.linkId) throw unknownSession();
  // A retry of a message that was answered: its first answer, whatever happened since.
  if (priorResponse !== null && priorResponse !== undefined) return { replay: withToolCalls(priorResponse as VisitorReply) };
  if (conversation.status !== 'active') {
    throw new AppError('gone', `this conversation has ended (${conversation.status})`, { details: { reason: conversation.status } });
  }
  // While a person has the conversation (or one is awaited), waiting is not idleness.
  if (conversation.escalation_id === null && idleTooLong(link, conversation.updated_at, Date.now())) {
    return { idle: new AppError('gone', 'this conversation ended after being idle too long', { details: { reason: 'timeout' } }) };
  }
  const max = link.maxMessagesPerSession;
  if (max !== null && conversation.user_messages >= max) {
    throw new AppError('quota_exceeded', `this conversation may have ${max} messages`, { details: { quota: 'messages', limit: max } });
  }
  return undefined;
}

/** Messages the visitor may still send once this one is stored; null without a limit. */
function remaining(link: LinkAccess, conversation: ConversationRow): number | null {
  const max = link.maxMessagesPerSession;
  return max === null ? null : Math.max(0, max - conversation.user_messages - 1);
}

/** The answer of a turn, from the conversation as the turn read it. */
export function visitorReply(
  message: VisitorMessage,
  conversation: ConversationRow,
  outcome: TurnOutcome,
  turn: Pick<TurnFacts, 'userMessageId' | 'escalationId' | 'offerPerson' | 'budgetExhausted' | 'notice'>,
): VisitorReply {
  return {
    response: outcome.response,
    conversation_id: conversation.id,
    message_id: turn.userMessageId,
    remaining_messages: remaining(message.link, conversation),
    expires_at: expiresAt(message.link, Date.now()),
    session_ended: outcome.status !== 'active',
    tool_calls: toolCallReports(outcome.toolCalls),
    ...citationsOf(outcome),
    // Its place in the queue follows on the live stream once the escalation is committed.
    ...(turn.escalationId ? { escalation: { id: turn.escalationId, state: 'waiting' as const, position: null, estimated_wait_seconds: null } } : {}),
    ...(turn.offerPerson ? { offer_person: true as const } : {}),
    // Answered by a spent budget's words rather than the workflow (docs/management-api.md "Cost guards").
    ...(turn.budgetExhausted ? { budget_exhausted: true as const } : {}),
    // The platform's default words for it, which the pages translate (docs/public-chat-api.md "Notices").
    ...(turn.notice ? { notice: turn.notice } : {}),
  };
}

/** With a person: the message waits for them, and the visitor learns where they stand. */
export function visitorReplyWhileEscalated(
  message: VisitorMessage,
  conversation: ConversationRow,
  escalation: EscalationSummary | undefined,
  userMessageId: string,
): VisitorReply {
  return {
    response: null,
    conversation_id: conversation.id,
    message_id: userMessageId,
    remaining_messages: remaining(message.link, conversation),
    expires_at: expiresAt(message.link, Date.now()),
    session_ended: false,
    tool_calls: [],
    ...(escalation ? { escalation } : {}),
  };
}

/**
 * A visitor on a public link as a way into a conversation: found and remembered by their
 * credential's SHA-256, under their link's rules – its content rules, token budgets, offer of a
 * person, quota and idle timeout – with the files they uploaded to the session and what the host
 * page says of where they are.
 */
export const visitorChannel: Channel<VisitorMessage, VisitorReply> = {
  historyKey: (message) => message.credentialHash,
  find: (conversations, message, withHistory) =>
    conversations.findByCredential(message.credentialHash, { withHistory, idempotencyKey: message.idempotencyKey ?? undefined }),
  missing: unknownSession,
  admit: admitVisitor,
  reply: visitorReply,
  replyWhileEscalated: visitorReplyWhileEscalated,
  link: (message) => message.link,
  attachments: (message) => message.attachments,
  collected: (message, current) => (message.context === undefined ? undefined : withPageContext(current, message.context)),
};
