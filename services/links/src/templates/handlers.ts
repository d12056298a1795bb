import { handlers } from '../parts.js';

/** A tenant's link templates. */
export const templateHandlers = handlers({
  /** The tenant's link templates, the built-in ones included. */
  'links.templates.list':
    ({ templates }) =>
    (req) =>
      templates.list(req.tenantId),
  /** A link template of the tenant. */
  'links.templates.create':
    ({ templates }) =>
    ({ tenantId, ...body }) =>
      templates.create(tenantId, body),
  /** Changes a link template of the tenant. */
  'links.templates.update':
    ({ templates }) =>
    (req) =>
      templates.update(req.tenantId, req.name, req.changes),
  /** Deletes a link template of the tenant. */
  'links.templates.delete':
    ({ templates }) =>
    (req) =>
      templates.delete(req.tenantId, req.name),
});
