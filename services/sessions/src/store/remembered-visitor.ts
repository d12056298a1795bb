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
  return {
    email: conversation.visitor_email,
    userId: link ? (conversation.user_id ?? null) : null,
    userRealm: link ? (conversation.user_realm ?? null) : null,
  };
}
