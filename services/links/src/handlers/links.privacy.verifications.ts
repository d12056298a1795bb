import { handler } from './handler.js';

/** A page of an email's verification records, for its export (docs/api.md, "Privacy"). */
export default handler('links.privacy.verifications', ({ privacy }) => async (req) => ({ verifications: await privacy.records.verifications(req.tenantId, req.email, req.after, req.limit) }));
