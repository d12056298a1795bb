import { handler } from './handler.js';

/** Every attempt of a webhook's deliveries. */
export default handler('links.webhooks.deliveries', ({ webhooks }) => (req) => webhooks.attempts(req.tenantId, req.webhookId, req.limit));
