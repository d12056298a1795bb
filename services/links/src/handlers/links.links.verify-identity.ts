import { handler } from './handler.js';

/** Checks a host site's user – `user_hash` of the id, or a signed token – against the link's identity secret. */
export default handler('links.links.verify-identity', ({ links }) => (req) => links.verifyIdentity(req.linkId, 'token' in req ? { token: req.token } : { userId: req.userId, userHash: req.userHash }));
