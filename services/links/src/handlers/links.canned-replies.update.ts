import { handler } from './handler.js';

/** Changes a canned reply the writer sees and may write. */
export default handler('links.canned-replies.update', ({ cannedReplies }) => (req) => cannedReplies.update(req.tenantId, req.writer, req.id, req.changes));
