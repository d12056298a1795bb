import { handler } from './handler.js';

/** Walks the audit chain and reports the first entry whose hash no longer holds. */
export default handler('links.audit.verify', ({ audit }) => (req) => audit.verify(req.tenantId));
