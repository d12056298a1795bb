import { handler } from './handler.js';

/** Which of these links closed, and how: asked by the cleanup job about links that still have sessions. */
export default handler('links.links.closed', ({ closures }) => (req) => closures.closed(req.ids));
