import { handlers } from '../parts.js';

/** Tenants: made, renamed, listed; whether one exists. */
export const tenantHandlers = handlers({
  /** A new tenant, with the operator email that hears of its escalations when given. */
  'links.tenants.create':
    ({ tenants }) =>
    (req) =>
      tenants.createTenant(req.name, req.operatorEmail ?? null),
  /** Renames a tenant, changes its operator email or its daily token budget. */
  'links.tenants.update':
    ({ tenants }) =>
    (req) =>
      tenants.updateTenant(req.tenantId, { name: req.name, operatorEmail: req.operatorEmail, tokensPerDay: req.tokensPerDay }),
  /** Every tenant, or only the one a console signed in with a key may act on. */
  'links.tenants.list':
    ({ tenants }) =>
    (req) =>
      tenants.listTenants(req.tenantId),
  /** Whether a tenant exists. */
  'links.tenants.exists':
    ({ tenants }) =>
    async (req) => ({ exists: await tenants.tenantExists(req.tenantId) }),
});
