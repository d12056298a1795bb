import { handlers } from '../parts.js';

/** Canned replies for the inbox: the tenant's shared ones and each member's own. */
export const cannedReplyHandlers = handlers({
  /** The tenant's shared canned replies and the member's own, by shortcut. */
  'links.canned-replies.list':
    ({ cannedReplies }) =>
    (req) =>
      cannedReplies.list(req.tenantId, req.memberId),
  /** A shared canned reply, or one of the writer's own. */
  'links.canned-replies.create':
    ({ cannedReplies }) =>
    (req) =>
      cannedReplies.create(req.tenantId, req.writer, req.reply),
  /** Changes a canned reply the writer sees and may write. */
  'links.canned-replies.update':
    ({ cannedReplies }) =>
    (req) =>
      cannedReplies.update(req.tenantId, req.writer, req.id, req.changes),
  /** Deletes a canned reply the writer sees and may write; answers what it was. */
  'links.canned-replies.delete':
    ({ cannedReplies }) =>
    (req) =>
      cannedReplies.delete(req.tenantId, req.writer, req.id),
});
