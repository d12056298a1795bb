import { handler } from './handler.js';

/** The tenant's teams. */
export default handler('sessions.teams.list', ({ teams }) => (req) => teams.list(req.tenantId));
