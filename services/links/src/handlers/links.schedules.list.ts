import { handler } from './handler.js';

/** The tenant's schedules. */
export default handler('links.schedules.list', ({ schedules }) => (req) => schedules.list(req.tenantId));
