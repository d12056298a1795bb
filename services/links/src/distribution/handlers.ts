import { handlers, withProgress } from '../parts.js';

/** Links made, changed or deleted many at once (docs/management-api.md, "Personalised links and bulk operations"). */
export const distributionHandlers = handlers({
  /** One link per recipient, made in one transaction and sent (docs/management-api.md, "Personalised links and bulk operations"). */
  'links.links.bulk-create':
    ({ bulk }) =>
    (req, ctx) =>
      withProgress(ctx, () => bulk.createAndSend(req.tenantId, req.agentName, req.body, req.publicBaseUrl)),
  /** Changes many links of the tenant at once. */
  'links.links.bulk-update':
    ({ bulk }) =>
    (req) =>
      bulk.update(req.tenantId, req.ids, req.changes),
  /** Deletes many links of the tenant at once. */
  'links.links.bulk-delete':
    ({ bulk }) =>
    (req) =>
      bulk.delete(req.tenantId, req.ids),
});
