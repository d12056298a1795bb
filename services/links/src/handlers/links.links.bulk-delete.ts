import { handler } from './handler.js';

/** Deletes many links of the tenant at once. */
export default handler('links.links.bulk-delete', ({ bulk }) => (req) => bulk.delete(req.tenantId, req.ids));
