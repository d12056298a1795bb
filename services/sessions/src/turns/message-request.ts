import type { AppError, EscalationSummary, SendMessageResponse, TurnOutcome } from '@parley/contracts';
import { admitVisitor, unknownSession, type VisitorMessage, type VisitorReply, visitorReply, visitorReplyWhileEscalated } from '../public-sessions/visitor-message.js';
import type { ConversationRow, FoundConversation } from '../store/conversation.repository.js';
import { admitTextChat, sessionNotFound, type TextChatMessage, textChatReply, textChatReplyWhileEscalated } from '../text-chat/message.js';

/**
 * A message into a conversation, from either way in: the Text Chat API's session, or a visitor's
 * on their link. Each way's rules and answers are its own module's; the turn path asks for them here.
 */
export type MessageRequest = TextChatMessage | VisitorMessage;
export type MessageReply = SendMessageResponse | VisitorReply;

/** What the conversation's kept history and agent version are remembered under (see HistoryCache): its session id, or the visitor's credential. */
export const historyKeyOf = (request: MessageRequest): string => (request.channel === 'api' ? request.sessionId : request.credentialHash);

/** The refusal when no conversation answers to the request. */
export const missingFor = (request: MessageRequest): AppError => (request.channel === 'api' ? sessionNotFound() : unknownSession());

/** Refuses (throws), replays a retry's reply, asks to end an idle session (and refuse with `idle`), or lets the message in (undefined). */
export function admit(request: MessageRequest, found: FoundConversation): { replay: MessageReply } | { idle: AppError } | undefined {
  return request.channel === 'api' ? admitTextChat(request, found) : admitVisitor(request, found);
}

/** The answer of a turn, made before its commit: a retried request replays it. */
export function replyOf(
  request: MessageRequest,
  conversation: ConversationRow,
  outcome: TurnOutcome,
  turn: { turnNumber: number; userMessageId: string; escalationId: string | null; offerPerson: boolean },
): MessageReply {
  return request.channel === 'api' ? textChatReply(conversation, outcome, turn) : visitorReply(request, conversation, outcome, turn);
}

/** The answer when the conversation is with a person: the message was stored for them, no turn ran. */
export function replyWhileEscalated(
  request: MessageRequest,
  conversation: ConversationRow,
  escalation: EscalationSummary | undefined,
  userMessageId: string,
): MessageReply {
  return request.channel === 'api' ? textChatReplyWhileEscalated(conversation) : visitorReplyWhileEscalated(request, conversation, escalation, userMessageId);
}
