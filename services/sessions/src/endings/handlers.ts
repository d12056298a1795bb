import { handlers } from '../parts.js';

/** Sessions ending without a turn, and retention of ended ones: what the cleanup service asks. */
export const endingHandlers = handlers({
  /** The idle sweep: Text Chat API sessions by SESSION_TIMEOUT_SECONDS, link sessions by their own link's timeout. */
  'sessions.abandon-idle':
    ({ sessions, cleanup }) =>
    async (req) => ({
      abandoned: (await sessions.abandonIdle(req.idleSeconds)) + (await cleanup.abandonIdleLinks()),
    }),
  /** The links that have active sessions, for the cleanup job to ask the links service about. */
  'sessions.active-links':
    ({ cleanup }) =>
    () =>
      cleanup.activeLinks(),
  /** Ends the active sessions of closed links. */
  'sessions.end-for-links':
    ({ cleanup }) =>
    async (req) => ({ ended: await cleanup.endForLinks(req.linkIds, req.reason) }),
  /** Retention: what ended conversations said goes, batch by batch. */
  'sessions.purge-ended':
    ({ cleanup }) =>
    (req) =>
      cleanup.purgeEnded(req.olderThanDays, req.limit, req.links ?? []),
});
