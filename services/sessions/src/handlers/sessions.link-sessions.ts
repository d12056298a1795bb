import { handler } from './handler.js';

/** A link's sessions, newest first, for their owner. */
export default handler('sessions.link-sessions', ({ linkSessions }) => (req) => linkSessions.list(req.tenantId, req.linkId, req.status, req.limit));
