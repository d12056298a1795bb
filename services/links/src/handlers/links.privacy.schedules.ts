import { handler } from './handler.js';

/** The schedules naming an email, for its export (docs/api.md, "Privacy"). */
export default handler('links.privacy.schedules', ({ privacy }) => (req) => privacy.schedules(req.tenantId, req.email));
