import { handler } from './handler.js';

/** Deletes a team: its waiting escalations join the tenant's queue. */
export default handler('sessions.teams.delete', ({ teams }) => (req) => teams.delete(req.tenantId, req.teamId));
