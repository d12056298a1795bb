import { handler } from './handler.js';

/** Deletes a canned reply the writer sees and may write; answers what it was. */
export default handler('links.canned-replies.delete', ({ cannedReplies }) => (req) => cannedReplies.delete(req.tenantId, req.writer, req.id));
