import { handler } from './handler.js';

/** A page of the webhook deliveries about a visitor's conversations, for their export (docs/api.md, "Privacy"). */
export default handler('links.privacy.webhook-deliveries', ({ privacy }) => (req) => privacy.webhookDeliveries(req.tenantId, req.conversationIds, req.after, req.limit));
