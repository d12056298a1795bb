import { handler } from './handler.js';

/** Starts a console session for a member who signed in. */
export default handler('links.console-sessions.create', ({ members }) => (req) => members.createSession(req.idHash, req.tenantId, req.memberId, req.email));
