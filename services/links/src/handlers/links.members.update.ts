import { handler } from './handler.js';

/** Changes a member's role or name; every gateway forgets their cached console sessions at once. */
export default handler('links.members.update', ({ members, broadcasts }) => async (req) => {
  const updated = await members.update(req.tenantId, req.memberId, { role: req.role, name: req.name });
  await broadcasts.memberChanged(updated.member_id);
  return updated;
});
