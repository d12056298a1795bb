import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** Where a Text Chat API session stands. */
export default handler('sessions.status', ({ sessions }) => (req) => withLogContext({ sessionId: req.sessionId }, () => sessions.status(req.sessionId)));
