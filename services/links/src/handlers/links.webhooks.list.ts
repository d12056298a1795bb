import { handler } from './handler.js';

/** The tenant's webhooks. */
export default handler('links.webhooks.list', ({ webhooks }) => (req) => webhooks.list(req.tenantId));
