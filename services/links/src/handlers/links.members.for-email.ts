import { handler } from './handler.js';

/** Every membership of a verified email across tenants: who signs in to the console as what. */
export default handler('links.members.for-email', ({ members }) => (req) => members.forEmail(req.email));
