import { handlers } from '../parts.js';

/** A tenant's webhooks and their deliveries. */
export const webhookHandlers = handlers({
  /** A tenant's webhook, its URL checked to reach public addresses only. */
  'links.webhooks.create':
    ({ webhooks }) =>
    ({ tenantId, ...body }) =>
      webhooks.create(tenantId, body),
  /** The tenant's webhooks. */
  'links.webhooks.list':
    ({ webhooks }) =>
    (req) =>
      webhooks.list(req.tenantId),
  /** Deletes a webhook with its deliveries and their history. */
  'links.webhooks.delete':
    ({ webhooks }) =>
    (req) =>
      webhooks.delete(req.tenantId, req.webhookId),
  /** Every attempt of a webhook's deliveries. */
  'links.webhooks.deliveries':
    ({ webhooks }) =>
    (req) =>
      webhooks.attempts(req.tenantId, req.webhookId, req.limit),
});
