import { withLogContext } from '@parley/logger';
import { handlers } from '../parts.js';

/** Conversations as their readers see them: one whole, a user's list, a visitor's earlier ones, their messages and sentiment. */
export const conversationHandlers = handlers({
  /** A conversation of the tenant, whole, if its reader may see it. */
  'sessions.conversations.get':
    ({ conversationDetail }) =>
    (req) =>
      conversationDetail.get(req.tenantId, req.conversationId, req.reader, req.readerId),
  /** Sets a conversation's labels, if the reader may see it. */
  'sessions.conversations.labels':
    ({ annotations }) =>
    (req) =>
      annotations.setLabels(req),
  /** The tenant's conversations the reader may see, found by the words of their messages, label, agent and status. */
  'sessions.conversations.search':
    ({ conversationSearch }) =>
    (req) =>
      conversationSearch.search(req),
  /**
   * Stored messages of a conversation by id, for services that keep something derived from them
   * (the memory service's summaries) without a copy of their text in the event stream. Read through
   * the conversation's own query, so a failed turn's message is never among them and the order is
   * the order they were said.
   */
  'sessions.messages':
    ({ conversations }) =>
    async (req) => {
      const wanted = new Set(req.ids);
      const messages = await conversations.messages(req.conversationId);
      return { messages: messages.filter((m) => wanted.has(m.id)).map((m) => ({ id: m.id, role: m.role, content: m.content })) };
    },
  /** Text Chat API sessions created with a `metadata.user_id`, newest first. */
  'sessions.user-conversations':
    ({ userConversations }) =>
    (req) =>
      userConversations.forUser(req),
  /** A signed-in or verified visitor's earlier conversations with the link's agent. */
  'sessions.public-conversations':
    ({ userConversations }) =>
    (req) =>
      withLogContext({ linkId: req.link.linkId }, () => userConversations.forVisitor(req)),
  /** Reopens one of a visitor's earlier conversations on the link, under a new credential. */
  'sessions.public-resume':
    ({ userConversations }) =>
    (req) =>
      withLogContext({ linkId: req.link.linkId }, () => userConversations.resume(req)),
  /** What the memory service's sentiment classifier reads of an ended conversation (docs/management-api.md "Sentiment"). */
  'sessions.transcript':
    ({ sentiments }) =>
    (req) =>
      sentiments.transcript(req.conversationId),
});
