import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** A stored file joins its conversation. */
export default handler('sessions.uploads.record', ({ uploads }) => (req) => withLogContext({ conversationId: req.conversationId }, () => uploads.record(req)));
