import { handlers } from '../parts.js';

/** The chained audit log: listed, and walked for an entry that no longer holds. */
export const auditHandlers = handlers({
  /** Entries of the audit log, newest first, filtered. */
  'links.audit.list':
    ({ audit }) =>
    ({ limit, tenantId, action, actor, target, from, to, before }) =>
      audit.list({ limit, tenantId, action, actor, target, from, to, before }),
  /** Walks the audit chain and reports the first entry whose hash no longer holds. */
  'links.audit.verify':
    ({ audit }) =>
    (req) =>
      audit.verify(req.tenantId),
});
