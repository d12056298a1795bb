import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A visitor's session's id and status, if the credential belongs to the link. */
export default handler('sessions.public-session', ({ publicSessions }) => (req) => withLogContext({ linkId: req.linkId }, () => publicSessions.session(req)));
