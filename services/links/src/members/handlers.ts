import { handlers } from '../parts.js';

/** Members of a tenant (docs/management-api.md, "Members") and their console sessions. */
export const memberHandlers = handlers({
  /** A member of the tenant (docs/management-api.md, "Members"). */
  'links.members.create':
    ({ members }) =>
    (req) =>
      members.create(req.tenantId, req.email, req.name, req.role),
  /** The tenant's members. */
  'links.members.list':
    ({ members }) =>
    (req) =>
      members.list(req.tenantId),
  /** A member of the tenant. */
  'links.members.get':
    ({ members }) =>
    (req) =>
      members.get(req.tenantId, req.memberId),
  /** Changes a member's role or name; every gateway forgets their cached console sessions at once. */
  'links.members.update':
    ({ members, broadcasts }) =>
    async (req) => {
      const updated = await members.update(req.tenantId, req.memberId, { role: req.role, name: req.name });
      await broadcasts.memberChanged(updated.member_id);
      return updated;
    },
  /** Removes a member, their console sessions and their own canned replies; every gateway forgets those sessions at once. */
  'links.members.delete':
    ({ members, cannedReplies, broadcasts }) =>
    async (req) => {
      const deleted = await members.delete(req.tenantId, req.memberId);
      await broadcasts.memberChanged(deleted.memberId);
      await cannedReplies.deleteOfMember(req.tenantId, deleted.memberId);
      return deleted;
    },
  /** Every membership of a verified email across tenants: who signs in to the console as what. */
  'links.members.for-email':
    ({ members }) =>
    (req) =>
      members.forEmail(req.email),
  /** Starts a console session for a member who signed in. */
  'links.console-sessions.create':
    ({ members }) =>
    (req) =>
      members.createSession(req.idHash, req.tenantId, req.memberId, req.email),
  /** The member a live console session is; each use moves its expiry on. */
  'links.console-sessions.resolve':
    ({ members }) =>
    (req) =>
      members.resolveSession(req.idHash),
  /** Ends a console session (signing out); every gateway forgets it at once. */
  'links.console-sessions.delete':
    ({ members, broadcasts }) =>
    async (req) => {
      const ended = await members.deleteSession(req.idHash);
      if (ended.memberId !== null) await broadcasts.memberChanged(ended.memberId);
      return ended;
    },
  /** The cleanup service's sweep of expired console sessions. */
  'links.console-sessions.purge-expired':
    ({ members }) =>
    (req) =>
      members.purgeExpiredSessions(req.limit),
});
