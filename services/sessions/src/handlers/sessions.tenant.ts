import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** The tenant of a Text Chat API session: whose own secrets may sign requests about it. */
export default handler('sessions.tenant', ({ sessions }) => (req) => withLogContext({ sessionId: req.sessionId }, () => sessions.tenantOf(req.sessionId)));
