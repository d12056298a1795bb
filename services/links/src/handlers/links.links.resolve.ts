import { handler } from './handler.js';

/** A link by its token's SHA-256: what a visitor's request is resolved by. */
export default handler('links.links.resolve', ({ links }) => (req) => links.resolve(req.tokenHash));
