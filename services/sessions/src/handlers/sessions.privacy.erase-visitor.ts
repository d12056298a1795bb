import { handler } from './handler.js';

/** Erases a visitor's conversations in a tenant (docs/api.md, "Privacy"). */
export default handler('sessions.privacy.erase-visitor', ({ privacy }) => (req) => privacy.eraseVisitor(req.tenantId, req.visitor, req.linkIds));
