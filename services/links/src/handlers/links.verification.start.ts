import { handler } from './handler.js';

/** A code for a link's visitor to confirm their email with, for the gateway to mail. */
export default handler('links.verification.start', ({ verification }) => (req) => verification.start(req.linkId, req.email));
