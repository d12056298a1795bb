import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** Before a visitor's file is stored: their session, and room for it. */
export default handler('sessions.uploads.admit', ({ uploads }) => (req) => withLogContext({ linkId: req.linkId }, () => uploads.admit(req)));
