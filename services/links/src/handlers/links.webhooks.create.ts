import { handler } from './handler.js';

/** A tenant's webhook, its URL checked to reach public addresses only. */
export default handler('links.webhooks.create', ({ webhooks }) => ({ tenantId, ...body }) => webhooks.create(tenantId, body));
