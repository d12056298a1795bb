import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** An operator hands the conversation they have to a colleague or a team's queue. */
export default handler('sessions.inbox.transfer', ({ escalations }) => (req) => withLogContext({ escalationId: req.escalationId }, () => escalations.transfer(req)));
