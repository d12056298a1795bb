import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A visitor's message left with their email while nobody can answer: it opens in the inbox. */
export default handler('sessions.offline-message', ({ offlineCapture }) => (req) => withLogContext({ linkId: req.link.linkId }, () => offlineCapture.leave(req)));
