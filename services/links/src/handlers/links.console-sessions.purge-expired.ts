import { handler } from './handler.js';

/** The cleanup service's sweep of expired console sessions. */
export default handler('links.console-sessions.purge-expired', ({ members }) => (req) => members.purgeExpiredSessions(req.limit));
