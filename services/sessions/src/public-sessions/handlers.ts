import { withLogContext } from '@parley/logger';
import { handlers, withProgress } from '../parts.js';

/** Visitors' sessions on public links: their messages, a session started without one, and what they may read of it. */
export const publicSessionHandlers = handlers({
  /** A visitor's message on a link: continues their session, or starts one. */
  'sessions.public-send':
    ({ publicSessions }) =>
    (req, ctx) =>
      withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.send(req))),
  /** A visitor's session without a message yet (the start turn runs): what confirming a verified email answers. */
  'sessions.public-start':
    ({ publicSessions }) =>
    (req, ctx) =>
      withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.start(req))),
  /** A visitor's session's id and status, if the credential belongs to the link. */
  'sessions.public-session':
    ({ publicSessions }) =>
    (req) =>
      withLogContext({ linkId: req.linkId }, () => publicSessions.session(req)),
  /** A visitor's session's messages, oldest first. */
  'sessions.public-history':
    ({ publicSessions }) =>
    (req) =>
      withLogContext({ linkId: req.linkId }, () => publicSessions.history(req)),
});
