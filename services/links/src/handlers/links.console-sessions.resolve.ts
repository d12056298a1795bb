import { handler } from './handler.js';

/** The member a live console session is; each use moves its expiry on. */
export default handler('links.console-sessions.resolve', ({ members }) => (req) => members.resolveSession(req.idHash));
