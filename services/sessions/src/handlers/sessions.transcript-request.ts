import { withLogContext } from '@parley/logger';
import { handler } from './handler.js';

/** Where a visitor's conversation's transcript is mailed when it ends. */
export default handler('sessions.transcript-request', ({ transcripts }) => (req) => withLogContext({ linkId: req.link.linkId }, () => transcripts.request(req)));
