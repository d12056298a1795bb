import { handler } from './handler.js';

/** A page of one conversation's messages with the files each carries, for a visitor's export (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.messages', ({ privacyRepository, uploads }) => async (req) => {
  const messages = await privacyRepository.messages(req.tenantId, req.conversationId, req.after, req.limit);
  const attachments = await uploads.ofMessages(messages.filter((m) => m.role === 'user').map((m) => m.id));
  return { messages: messages.map((m) => (attachments.has(m.id) ? { ...m, attachments: attachments.get(m.id) } : m)) };
});
