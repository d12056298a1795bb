import { handler } from './handler.js';

/** A schedule's runs. */
export default handler('links.schedules.runs', ({ schedules }) => (req) => schedules.runs(req.tenantId, req.scheduleId, req.limit));
