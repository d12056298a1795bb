import { handler } from './handler.js';

/** Its owner ends one session of a link. */
export default handler('sessions.end-link-session', ({ linkSessions }) => (req) => linkSessions.end(req.tenantId, req.linkId, req.conversationId));
