import { handler } from './handler.js';

/** Hands a conversation to a person. */
export default handler('sessions.escalations.create', ({ escalations }) => (req) => escalations.create(req));
