import { handler } from './handler.js';

/**
 * Stored messages of a conversation by id, for services that keep something derived from them
 * (the memory service's summaries) without a copy of their text in the event stream. Read through
 * the conversation's own query, so a failed turn's message is never among them and the order is
 * the order they were said.
 */
export default handler('sessions.messages', ({ conversations }) => async (req) => {
  const wanted = new Set(req.ids);
  const messages = await conversations.messages(req.conversationId);
  return { messages: messages.filter((m) => wanted.has(m.id)).map((m) => ({ id: m.id, role: m.role, content: m.content })) };
});
