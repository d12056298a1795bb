import { handler } from './handler.js';

/** Checks a visitor's email code. */
export default handler('links.verification.confirm', ({ verification }) => (req) => verification.confirm(req.linkId, req.email, req.code));
