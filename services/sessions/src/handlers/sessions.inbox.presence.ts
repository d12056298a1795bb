import { handler } from './handler.js';

/** The tenant's operators with their presence and open load. */
export default handler('sessions.inbox.presence', ({ escalations }) => (req) => escalations.presence(req.tenantId));
