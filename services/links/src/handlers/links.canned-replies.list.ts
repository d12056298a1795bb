import { handler } from './handler.js';

/** The tenant's shared canned replies and the member's own, by shortcut. */
export default handler('links.canned-replies.list', ({ cannedReplies }) => (req) => cannedReplies.list(req.tenantId, req.memberId));
