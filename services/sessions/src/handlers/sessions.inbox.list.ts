import { handler } from './handler.js';

/** The tenant's inbox. */
export default handler('sessions.inbox.list', ({ escalations }) => (req) => escalations.inbox(req));
