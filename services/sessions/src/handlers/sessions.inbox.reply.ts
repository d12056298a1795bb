import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** An operator's message to the visitor of a conversation they claimed. */
export default handler('sessions.inbox.reply', ({ escalations }) => (req) => withLogContext({ escalationId: req.escalationId }, () => escalations.reply(req)));
