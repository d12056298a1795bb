import { handler } from './handler.js';

/** Retention: a page of the links with their own retention_days (docs/api.md, "Privacy"). */
export default handler('links.privacy.retention', ({ privacy }) => async (req) => ({ links: await privacy.records.retention(req.after, req.limit) }));
