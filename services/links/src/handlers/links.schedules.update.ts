import { handler } from './handler.js';

/** Changes a schedule of the tenant. */
export default handler('links.schedules.update', ({ schedules }) => (req) => schedules.update(req.tenantId, req.scheduleId, req.changes));
