import { handler } from './handler.js';

/** A schedule of the tenant. */
export default handler('links.schedules.get', ({ schedules }) => (req) => schedules.get(req.tenantId, req.scheduleId));
