import { AppError, type SendMessageResponse, type TurnOutcome, toolCallReports } from '@parley/contracts';
import type { ConversationRow, FoundConversation } from '../store/conversation.repository.js';
import type { Channel, ChannelMessage } from '../turns/channel.js';
import { citationsOf } from '../turns/knowledge-messages.js';
import { withToolCalls } from '../turns/tool-messages.js';

/** A message to a Text Chat API session (docs/api.md). */
export interface TextChatMessage extends ChannelMessage {
  sessionId: string;
  /** The tenant and agent a bearer-key caller acts for: any other session is not found to it. */
  owner?: { tenantId: string; agentId: string } | undefined;
}

export const sessionNotFound = () => new AppError('not_found', 'session not found');

/** Refuses (throws) the session as read, or lets the message in; a retry's reply is answered again. */
export function admitTextChat(message: TextChatMessage, { conversation, priorResponse }: FoundConversation): { replay: SendMessageResponse } | undefined {
  const { owner } = message;
  if (owner && (conversation.tenant_id !== owner.tenantId || conversation.agent_id !== owner.agentId)) throw sessionNotFound();
  if (priorResponse !== null && priorResponse !== undefined) return { replay: withToolCalls(priorResponse as SendMessageResponse) };
  if (conversation.status !== 'active') throw new AppError('gone', `session is no longer active (${conversation.status})`);
  return undefined;
}

/** The answer of a turn, from the conversation as the turn read it. */
export function textChatReply(
  conversation: ConversationRow,
  outcome: TurnOutcome,
  turn: { turnNumber: number; escalationId: string | null; offerPerson: boolean },
): SendMessageResponse {
  return {
    response: outcome.response ?? '',
    node_id: outcome.state.nodeId,
    node_name: outcome.nodeName,
    previous_node_id: conversation.current_node_id,
    previous_node_name: conversation.current_node_name,
    transitions: outcome.transitions,
    transition: outcome.transitions.at(-1) ?? null,
    extracted_variables: outcome.extractedVariables,
    tool_calls: toolCallReports(outcome.toolCalls),
    ...citationsOf(outcome),
    session_ended: outcome.status !== 'active',
    turn_number: turn.turnNumber,
    latency_ms: Math.round(outcome.llmLatencyMs),
    ...(turn.escalationId ? { escalated: true } : {}),
    ...(turn.offerPerson ? { offer_person: true as const } : {}),
  };
}

/** With a person: no turn ran, so nothing moved; the backend learns the message waits for them. */
export function textChatReplyWhileEscalated(conversation: ConversationRow): SendMessageResponse {
  return {
    response: null,
    node_id: conversation.current_node_id,
    node_name: conversation.current_node_name,
    previous_node_id: conversation.current_node_id,
    previous_node_name: conversation.current_node_name,
    transitions: [],
    transition: null,
    extracted_variables: null,
    tool_calls: [],
    session_ended: false,
    turn_number: conversation.total_turns,
    latency_ms: 0,
    escalated: true,
  };
}

/**
 * The Text Chat API as a way into a conversation: found and remembered by its session id, under
 * the agent's content rules and the tenant's budget only (no link), with no files.
 */
export const textChatChannel: Channel<TextChatMessage, SendMessageResponse> = {
  historyKey: (message) => message.sessionId,
  find: (conversations, message, withHistory) => conversations.find(message.sessionId, { idempotencyKey: message.idempotencyKey ?? undefined, withHistory }),
  missing: sessionNotFound,
  admit: admitTextChat,
  reply: (_message, conversation, outcome, turn) => textChatReply(conversation, outcome, turn),
  replyWhileEscalated: (_message, conversation) => textChatReplyWhileEscalated(conversation),
  link: () => undefined,
  attachments: () => undefined,
  collected: () => undefined,
};
