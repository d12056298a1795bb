import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A visitor's 1–5 score of their conversation, while it runs or once it has ended. */
export default handler('sessions.feedback.rate', ({ feedback }) => (req) => withLogContext({ linkId: req.linkId }, () => feedback.rate(req)));
