import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** An operator claims, releases or closes an escalation, or says they are typing. */
export default handler('sessions.inbox.act', ({ escalations }) => (req) => withLogContext({ escalationId: req.escalationId }, () => escalations.act(req)));
