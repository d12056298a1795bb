import { withLogContext } from '@parley/logger';
import { handler, withProgress } from './handler.js';

/** A visitor's session without a message yet (the start turn runs): what confirming a verified email answers. */
export default handler('sessions.public-start', ({ publicSessions }) => (req, ctx) =>
  withLogContext({ linkId: req.link.linkId }, () => withProgress(ctx, () => publicSessions.start(req))),
);
