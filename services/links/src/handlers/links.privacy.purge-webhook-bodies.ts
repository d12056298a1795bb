import { handler } from './handler.js';

/** Retention: the bodies of old finished webhook deliveries (docs/api.md, "Privacy"). */
export default handler('links.privacy.purge-webhook-bodies', ({ privacy }) => (req) => privacy.purgeWebhookBodies(req.olderThanDays, req.limit));
