import { handler } from './handler.js';

/** Ends the active sessions of closed links. */
export default handler('sessions.end-for-links', ({ cleanup }) => async (req) => ({ ended: await cleanup.endForLinks(req.linkIds, req.reason) }));
