import type { PlatformBus } from '@parley/bus';
import type { Logger } from '@parley/logger';
import type { ConversationRow } from './conversation.repository.js';

/**
 * Who a visitor's memory is about: their signed-in user – the pair (identity realm, id) – else
 * their verified email (API conversations have none).
 */
export function rememberedVisitor(conversation: Pick<ConversationRow, 'channel' | 'visitor_email' | 'user_id' | 'user_realm'>): {
  email: string | null;
  userId: string | null;
  userRealm: string | null;
} {
  const link = conversation.channel === 'link';
  return { email: conversation.visitor_email, userId: link ? (conversation.user_id ?? null) : null, userRealm: link ? (conversation.user_realm ?? null) : null };
}

/**
 * `messages.stored` for what one commit stored in a conversation (a turn, an operator's answer):
 * memory and analytics count from it. Never fails the commit it reports: a lost event is logged.
 */
export function publishStored(
  bus: PlatformBus,
  logger: Logger,
  conversation: Pick<ConversationRow, 'id' | 'tenant_id' | 'agent_id' | 'channel' | 'link_id' | 'visitor_email' | 'user_id' | 'user_realm'>,
  messages: { id: string; role: 'user' | 'assistant' | 'operator' | 'system' }[],
  responseMs?: number,
): void {
  if (messages.length === 0) return;
  const { userId, userRealm } = rememberedVisitor(conversation);
  bus
    .publish('events.message.stored', {
      conversationId: conversation.id,
      tenantId: conversation.tenant_id,
      agentId: conversation.agent_id,
      linkId: conversation.link_id,
      email: conversation.visitor_email,
      userId,
      userRealm,
      messages: messages.map((message) => ({ messageId: message.id, role: message.role })),
      ...(responseMs === undefined ? {} : { responseMs }),
      at: new Date().toISOString(),
    })
    .catch((error: unknown) => logger.warn({ err: error, event: 'messages.stored' }, 'could not publish event'));
}
