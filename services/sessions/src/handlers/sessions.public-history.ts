import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A visitor's session's messages, oldest first. */
export default handler('sessions.public-history', ({ publicSessions }) => (req) => withLogContext({ linkId: req.linkId }, () => publicSessions.history(req)));
