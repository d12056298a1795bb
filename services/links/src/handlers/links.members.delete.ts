import { handler } from './handler.js';

/** Removes a member, their console sessions and their own canned replies; every gateway forgets those sessions at once. */
export default handler('links.members.delete', ({ members, cannedReplies, broadcasts }) => async (req) => {
  const deleted = await members.delete(req.tenantId, req.memberId);
  await broadcasts.memberChanged(deleted.memberId);
  await cannedReplies.deleteOfMember(req.tenantId, deleted.memberId);
  return deleted;
});
