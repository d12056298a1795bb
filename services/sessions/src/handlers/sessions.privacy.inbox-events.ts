import { handler } from './handler.js';

/** The operators' inbox events about a visitor's conversations, for their export (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.inbox-events', ({ privacy }) => (req) => privacy.inboxEvents(req.tenantId, req.conversationIds));
