import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** Ends a Text Chat API session. */
export default handler('sessions.end', ({ sessions }) => (req) => withLogContext({ sessionId: req.sessionId }, () => sessions.end(req.sessionId)));
