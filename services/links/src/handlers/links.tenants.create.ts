import { handler } from './handler.js';

/** A new tenant, with the operator email its mails come from when given. */
export default handler('links.tenants.create', ({ registry }) => (req) => registry.createTenant(req.name, req.operatorEmail ?? null));
