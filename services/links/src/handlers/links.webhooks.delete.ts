import { handler } from './handler.js';

/** Deletes a webhook with its deliveries and their history. */
export default handler('links.webhooks.delete', ({ webhooks }) => (req) => webhooks.delete(req.tenantId, req.webhookId));
