import { handler, withProgress } from './handler.js';

/** One link per recipient, made in one transaction and sent (docs/api.md, "Personalised links and bulk operations"). */
export default handler('links.links.bulk-create', ({ bulk }) => (req, ctx) => withProgress(ctx, () => bulk.createAndSend(req.tenantId, req.agentName, req.body, req.publicBaseUrl)));
