import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A signed-in or verified visitor's earlier conversations with the link's agent. */
export default handler('sessions.public-conversations', ({ userConversations }) => (req) =>
  withLogContext({ linkId: req.link.linkId }, () => userConversations.forVisitor(req)),
);
