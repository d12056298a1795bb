import { handler } from './handler.js';

/** A page of one conversation's messages, for a visitor's export (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.messages', ({ privacyRepository }) => async (req) => ({
  messages: await privacyRepository.messages(req.tenantId, req.conversationId, req.after, req.limit),
}));
