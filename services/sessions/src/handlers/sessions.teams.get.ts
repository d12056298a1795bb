import { handler } from './handler.js';

/** One team of the tenant. */
export default handler('sessions.teams.get', ({ teams }) => (req) => teams.get(req.tenantId, req.teamId));
