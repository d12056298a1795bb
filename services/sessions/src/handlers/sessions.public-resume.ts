import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** Reopens one of a visitor's earlier conversations on the link, under a new credential. */
export default handler('sessions.public-resume', ({ userConversations }) => (req) => withLogContext({ linkId: req.link.linkId }, () => userConversations.resume(req)));
