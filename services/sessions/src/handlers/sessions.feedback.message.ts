import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A visitor's thumb on an agent's or operator's message of their conversation. */
export default handler('sessions.feedback.message', ({ feedback }) => (req) => withLogContext({ linkId: req.linkId }, () => feedback.message(req)));
