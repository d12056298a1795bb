import { handler } from './handler.js';

/** Renames a tenant, changes its operator email or its daily token budget. */
export default handler(
  'links.tenants.update',
  ({ registry }) =>
    (req) =>
      registry.updateTenant(req.tenantId, { name: req.name, operatorEmail: req.operatorEmail, tokensPerDay: req.tokensPerDay }),
);
