import { handlers } from '../parts.js';

/** A link's sessions as their owner manages them, and how much each link has been used. */
export const linkSessionHandlers = handlers({
  /** A link's sessions, newest first, for their owner. */
  'sessions.link-sessions':
    ({ linkSessions }) =>
    (req) =>
      linkSessions.list(req.tenantId, req.linkId, req.status, req.limit),
  /** Its owner ends one session of a link. */
  'sessions.end-link-session':
    ({ linkSessions }) =>
    (req) =>
      linkSessions.end(req.tenantId, req.linkId, req.conversationId),
  /** Sessions started, messages stored and the last activity of a tenant's links. */
  'sessions.link-usage':
    ({ linkUsage }) =>
    async (req) => ({ usage: await linkUsage.usage(req.tenantId, req.linkIds) }),
});
