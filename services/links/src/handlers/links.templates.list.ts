import { handler } from './handler.js';

/** The tenant's link templates, the built-in ones included. */
export default handler('links.templates.list', ({ templates }) => (req) => templates.list(req.tenantId));
