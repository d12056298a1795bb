import { handler } from './handler.js';

/** A conversation of the tenant, whole, if its reader may see it. */
export default handler('sessions.conversations.get', ({ conversationDetail }) => (req) => conversationDetail.get(req.tenantId, req.conversationId, req.reader));
