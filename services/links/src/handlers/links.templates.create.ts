import { handler } from './handler.js';

/** A link template of the tenant. */
export default handler('links.templates.create', ({ templates }) => ({ tenantId, ...body }) => templates.create(tenantId, body));
