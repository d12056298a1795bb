import { handler } from './handler.js';

/** A schedule that makes and sends links on a cron. */
export default handler('links.schedules.create', ({ schedules }) => (req) => schedules.create(req.tenantId, req.body, req.publicBaseUrl));
