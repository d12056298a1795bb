import { handler } from './handler.js';

/** Sessions started, messages stored and the last activity of a tenant's links. */
export default handler('sessions.link-usage', ({ linkUsage }) => async (req) => ({ usage: await linkUsage.usage(req.tenantId, req.linkIds) }));
