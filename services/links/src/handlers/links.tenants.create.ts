import { handler } from './handler.js';

/** A new tenant, with the operator email that hears of its escalations when given. */
export default handler('links.tenants.create', ({ registry }) => (req) => registry.createTenant(req.name, req.operatorEmail ?? null));
