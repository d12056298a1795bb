import { handler } from './handler.js';

/** Renames a tenant or changes its operator email. */
export default handler('links.tenants.update', ({ registry }) => (req) => registry.updateTenant(req.tenantId, { name: req.name, operatorEmail: req.operatorEmail }));
