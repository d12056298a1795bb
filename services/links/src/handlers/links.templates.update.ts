import { handler } from './handler.js';

/** Changes a link template of the tenant. */
export default handler('links.templates.update', ({ templates }) => (req) => templates.update(req.tenantId, req.name, req.changes));
