import { handler } from './handler.js';

/** Changes a team: its name, members, hours or cap. */
export default handler('sessions.teams.update', ({ teams }) => (req) => teams.update(req.tenantId, req.teamId, req.team));
