import { handler } from './handler.js';

/** Deletes a schedule of the tenant. */
export default handler('links.schedules.delete', ({ schedules }) => (req) => schedules.delete(req.tenantId, req.scheduleId));
