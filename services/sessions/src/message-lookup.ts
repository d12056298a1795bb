import type { RpcHandlerInput, RpcHandlerOutput } from '@parley/bus';
import type { PlatformCatalog } from '@parley/contracts';
import type { ConversationRepository } from './conversation.repository.js';

/**
 * `sessions.messages`: stored messages of a conversation by id, for services that keep
 * something derived from them (the memory service's summaries) without a copy of their text in
 * the event stream. Read through the conversation's own query, so a failed turn's message is
 * never among them and the order is the order they were said.
 */
export function lookUpMessages(repository: ConversationRepository) {
  return async (request: RpcHandlerInput<PlatformCatalog, 'sessions.messages'>): Promise<RpcHandlerOutput<PlatformCatalog, 'sessions.messages'>> => {
    const wanted = new Set(request.ids);
    const messages = await repository.messages(request.conversationId);
    return { messages: messages.filter((m) => wanted.has(m.id)).map((m) => ({ id: m.id, role: m.role, content: m.content })) };
  };
}
