import { handler } from './handler.js';

/** Changes many links of the tenant at once. */
export default handler('links.links.bulk-update', ({ bulk }) => (req) => bulk.update(req.tenantId, req.ids, req.changes));
