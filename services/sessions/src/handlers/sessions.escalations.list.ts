import { handler } from './handler.js';

/** A conversation's escalations, newest first. */
export default handler('sessions.escalations.list', ({ escalations }) => (req) => escalations.list(req.target));
