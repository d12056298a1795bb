import { handler } from './handler.js';

/** Removes a member and their console sessions; every gateway forgets those at once. */
export default handler('links.members.delete', ({ members, broadcasts }) => async (req) => {
  const deleted = await members.delete(req.tenantId, req.memberId);
  await broadcasts.memberChanged(deleted.memberId);
  return deleted;
});
