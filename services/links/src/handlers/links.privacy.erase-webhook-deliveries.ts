import { handler } from './handler.js';

/** Erases the webhook deliveries about a visitor's conversations (docs/api.md, "Privacy"). */
export default handler('links.privacy.erase-webhook-deliveries', ({ privacy }) => (req) => privacy.eraseWebhookDeliveries(req.tenantId, req.conversationIds));
