import { handler } from './handler.js';

/** A new team; its members must be the tenant's operators. */
export default handler('sessions.teams.create', ({ teams }) => (req) => teams.create(req.tenantId, req.team));
