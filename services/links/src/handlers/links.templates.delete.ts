import { handler } from './handler.js';

/** Deletes a link template of the tenant. */
export default handler('links.templates.delete', ({ templates }) => (req) => templates.delete(req.tenantId, req.name));
