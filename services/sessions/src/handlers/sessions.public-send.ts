import { withLogContext } from '@parley/logger';
import { handler, withProgress } from './handler.js';

/** A visitor's message on a link: continues their session, or starts one. */
export default handler('sessions.public-send', ({ publicSessions }) => (req, ctx) =>
  withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.send(req))),
);
