import { handler } from './handler.js';

/** A live link by its id: what the end of one of its conversations needs of it (its transcript setting, its title). */
export default handler('links.links.access', ({ links }) => (req) => links.access(req.linkId));
