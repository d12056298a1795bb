import { handler } from './handler.js';

/** A conversation of the tenant, whole. */
export default handler('sessions.conversations.get', ({ conversationDetail }) => (req) => conversationDetail.get(req.tenantId, req.conversationId));
