import { handler } from './handler.js';

/** Entries of the audit log, newest first, filtered. */
export default handler('links.audit.list', ({ audit }) => ({ limit, tenantId, action, actor, target, from, to, before }) => audit.list({ limit, tenantId, action, actor, target, from, to, before }));
