import { handler } from './handler.js';

/** A shared canned reply, or one of the writer's own. */
export default handler('links.canned-replies.create', ({ cannedReplies }) => (req) => cannedReplies.create(req.tenantId, req.writer, req.reply));
